"""Loads and decrypts a node's credential inside the worker; secrets go no further."""

import asyncio
import uuid
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from core.keys import Keyring
from core.models import AuditEvent, Credential
from core.vault import open_sealed
from interpreter import NodeTask

from ._runtime import NodeError, remember_secrets
from .credential_types import CREDENTIAL_TYPES


class CredentialStore:
    """Reads credentials of the run's workspace from the app DB."""

    def __init__(self, engine: Engine, keyring: Keyring) -> None:
        self.engine = engine
        self.keyring = keyring

    async def load(self, task: NodeTask, kind: str) -> dict[str, Any] | None:
        """The decrypted fields (plus `type`) of `config.credential_id`, or None if unset."""
        reference = task.config.get("credential_id")
        if reference is None:
            return None
        try:
            credential_id = uuid.UUID(str(reference))
        except ValueError:
            raise NodeError(f"credential_id {reference!r} is not a UUID", retryable=False) from None
        row = await asyncio.to_thread(self._read, credential_id)
        if row is None or str(row.workspace_id) != task.workspace_id:
            raise NodeError(
                f"credential {credential_id} does not exist in this run's workspace",
                retryable=False,
            )
        if CREDENTIAL_TYPES[row.type].kind != kind:
            raise NodeError(
                f"credential {credential_id} is a {row.type} credential; this node needs {kind}",
                retryable=False,
            )
        if row.needs_setup:
            raise NodeError(
                f"credential {row.name!r} has not been filled in: open Credentials and enter "
                f"its {CREDENTIAL_TYPES[row.type].label} fields, then run again",
                retryable=False,
            )
        data = open_sealed(self.keyring, row.id, row.workspace_id, row.key_id, row.ciphertext)
        remember_secrets(data.get(name) for name in CREDENTIAL_TYPES[row.type].secret_fields)
        await asyncio.to_thread(self._audit_use, row, task)
        return {"type": row.type, **data}

    def _read(self, credential_id: uuid.UUID) -> Credential | None:
        with Session(self.engine) as session:
            return session.get(Credential, credential_id)

    def _audit_use(self, row: Credential, task: NodeTask) -> None:
        with Session(self.engine) as session:
            session.add(
                AuditEvent(
                    action="credential.use",
                    workspace_id=row.workspace_id,
                    object_type="credential",
                    object_id=str(row.id),
                    detail={"run": task.run_id, "node_id": task.node_id, "type": task.node_type},
                )
            )
            session.commit()
