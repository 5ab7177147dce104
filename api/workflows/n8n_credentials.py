"""The credentials an n8n import needs: re-used by name and type, else created empty."""

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy import text
from sqlmodel import Session

from activities.credential_types import CREDENTIAL_TYPES
from core.keys import Keyring
from core.models import Credential
from importers.n8n import CredentialPlaceholder

from ..credentials import store

# n8n credential type → Sluice credential type, where the converter names only a kind.
N8N_CREDENTIAL_TYPES = {
    "httpHeaderAuth": "http_header",
    "httpBasicAuth": "http_basic",
    "httpBearerAuth": "http_bearer",
    "openAiApi": "openai",
    "anthropicApi": "anthropic",
    "smtp": "smtp",
    "twilioApi": "twilio",
    "sftp": "sftp",
    "postgres": "postgres",
}


# First key of the advisory lock imports take per workspace (the second: its id's hash).
CREDENTIAL_LOCK_CLASS = 5117_0008


@dataclass
class NeededCredential:
    placeholder: CredentialPlaceholder
    type: str
    row: Credential
    created: bool


def credential_type_for(placeholder: CredentialPlaceholder) -> str:
    """The Sluice credential type standing for an n8n credential; 422 when none fits."""
    wanted = placeholder.sluice_type
    if wanted in CREDENTIAL_TYPES:
        return wanted
    mapped = N8N_CREDENTIAL_TYPES.get(placeholder.n8n_type)
    if mapped is not None and CREDENTIAL_TYPES[mapped].kind == wanted:
        return mapped
    of_kind = [t.type for t in CREDENTIAL_TYPES.values() if t.kind == wanted]
    if of_kind:
        return of_kind[0]
    raise HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [
            {
                "loc": ["body", "nodes"],
                "msg": f"credential {placeholder.n8n_name!r} ({placeholder.n8n_type}) of "
                f"{', '.join(placeholder.used_by)} has no Sluice credential type",
                "type": "credential_type",
            }
        ],
    )


def provide_credentials(
    *,
    session: Session,
    keyring: Keyring,
    workspace_id: uuid.UUID,
    placeholders: list[CredentialPlaceholder],
    seen: dict[tuple[str, str], NeededCredential],
) -> list[NeededCredential]:
    """One credential per placeholder: the workspace's of that name and type, else a new
    empty one that needs setup (added and flushed; the caller commits or rolls back).
    `seen` carries what earlier calls of the same import found or made."""
    needed = []
    if placeholders:
        lock_workspace_credentials(session, workspace_id)
    for placeholder in placeholders:
        kind = credential_type_for(placeholder)
        name = placeholder.n8n_name[:200]
        earlier = seen.get((name, kind))
        if earlier is not None:
            needed.append(NeededCredential(placeholder, kind, earlier.row, earlier.created))
            continue
        row = store.read_credential_named(
            session=session, workspace_id=workspace_id, name=name, type=kind
        )
        created = row is None
        if row is None:
            row = store.add_empty_credential(
                session=session, keyring=keyring, workspace_id=workspace_id, name=name, type=kind
            )
        needed.append(NeededCredential(placeholder, kind, row, created))
        seen[(name, kind)] = needed[-1]
    return needed


def lock_workspace_credentials(session: Session, workspace_id: uuid.UUID) -> None:
    """Hold, until the transaction ends, the workspace's lock on credentials imports make.

    Two imports at once would both find no credential of a name and both create it; with
    the lock the second waits for the first to commit and re-uses its row. The credential
    model allows two of one name (people may make them), so a unique constraint cannot do it.
    SQLite (the single-process local default) takes no lock.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_advisory_xact_lock(:kind, hashtext(:workspace))"),
        {"kind": CREDENTIAL_LOCK_CLASS, "workspace": str(workspace_id)},
    )


def swap_references(value: Any, ids: dict[str, str]) -> Any:
    """`value` with every `<placeholder:...>` string found in `ids` replaced by its id."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [swap_references(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: swap_references(v, ids) for k, v in value.items()}
    return value
