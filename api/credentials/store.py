"""Credentials: validated against their type's schema, sealed before they are stored."""

import uuid
from typing import Any

from fastapi import HTTPException, status
from jsonschema import Draft202012Validator
from sqlmodel import Session, col, select

from activities import NODE_TYPES
from activities.credential_hosts import ALLOWED_HOSTS_FIELD
from activities.credential_types import CREDENTIAL_TYPES, CredentialType
from core.keys import Keyring
from core.models import Credential, CredentialPublic, utcnow
from core.vault import open_sealed, seal
from interpreter import GraphError


def credential_type(name: str) -> CredentialType:
    found = CREDENTIAL_TYPES.get(name)
    if found is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {
                    "loc": ["body", "type"],
                    "msg": f"unknown credential type {name!r}; "
                    f"known: {', '.join(CREDENTIAL_TYPES)}",
                    "type": "credential_type",
                }
            ],
        )
    return found


def check_data(kind: CredentialType, data: dict[str, Any]) -> None:
    """422 naming each field of `data` that does not fit the type's schema."""
    problems = sorted(
        Draft202012Validator(kind.schema).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if problems:
        detail = [
            {
                "loc": ["body", "data", *p.absolute_path],
                "msg": _redacted(p, kind),
                "type": "credential_data",
            }
            for p in problems
        ]
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


def _redacted(problem: Any, kind: CredentialType) -> str:
    # jsonschema quotes the offending value; for a secret field that value is the secret.
    if problem.absolute_path and problem.absolute_path[0] in kind.secret_fields:
        return f"'{problem.absolute_path[0]}' is not valid ({problem.validator})"
    return str(problem.message)


def public(row: Credential, data: dict[str, Any]) -> CredentialPublic:
    kind = CREDENTIAL_TYPES[row.type]
    return CredentialPublic(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        type=row.type,
        fields_set=sorted(data),
        needs_setup=row.needs_setup,
        created_at=row.created_at,
        updated_at=row.updated_at,
        public={k: v for k, v in data.items() if k not in kind.secret_fields},
    )


def reveal(keyring: Keyring, row: Credential) -> dict[str, Any]:
    return open_sealed(keyring, row.id, row.workspace_id, row.key_id, row.ciphertext)


def create_credential(
    *,
    session: Session,
    keyring: Keyring,
    workspace_id: uuid.UUID,
    name: str,
    type: str,
    data: dict[str, Any],
) -> Credential:
    kind = credential_type(type)
    check_data(kind, data)
    row = _sealed_row(keyring, workspace_id, name, type, data)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def add_empty_credential(
    *, session: Session, keyring: Keyring, workspace_id: uuid.UUID, name: str, type: str
) -> Credential:
    """An empty credential that needs setup (nodes using it fail until it is filled in).

    Added and flushed, not committed: the caller commits it with whatever needs it."""
    credential_type(type)
    row = _sealed_row(keyring, workspace_id, name, type, {}, needs_setup=True)
    session.add(row)
    session.flush()
    return row


def _sealed_row(
    keyring: Keyring,
    workspace_id: uuid.UUID,
    name: str,
    type: str,
    data: dict[str, Any],
    needs_setup: bool = False,
) -> Credential:
    """A new credential row holding `data` sealed under its own id and workspace."""
    row = Credential(
        workspace_id=workspace_id,
        name=name,
        type=type,
        key_id="",
        ciphertext=b"",
        fields_set=sorted(data),
        needs_setup=needs_setup,
    )
    row.key_id, row.ciphertext = seal(keyring, row.id, workspace_id, data)
    return row


def read_credential_named(
    *, session: Session, workspace_id: uuid.UUID, name: str, type: str
) -> Credential | None:
    """The workspace's credential of this name and type (the oldest, if several)."""
    query = select(Credential).where(
        Credential.workspace_id == workspace_id, Credential.name == name, Credential.type == type
    )
    return session.exec(query.order_by(col(Credential.created_at))).first()


def update_credential(
    *,
    session: Session,
    keyring: Keyring,
    row: Credential,
    name: str | None,
    data: dict[str, Any] | None,
) -> dict[str, Any]:
    """Merge `data` over the stored fields (null removes one), re-seal, answer the result."""
    stored = reveal(keyring, row)
    merged = dict(stored)
    if data is not None:
        for key, value in data.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        kind = CREDENTIAL_TYPES[row.type]
        check_data(kind, merged)
        check_secrets_reentered(kind, stored, merged, data)
        row.needs_setup = False  # the merged fields passed the type's schema
    row.name = name or row.name
    row.key_id, row.ciphertext = seal(keyring, row.id, row.workspace_id, merged)
    row.fields_set = sorted(merged)
    row.updated_at = utcnow()
    session.add(row)
    session.commit()
    session.refresh(row)
    return merged


def check_secrets_reentered(
    kind: CredentialType, stored: dict[str, Any], merged: dict[str, Any], data: dict[str, Any]
) -> None:
    """422 when an update moves where the credential connects (host, base_url, allowed_hosts)
    but keeps a stored secret: an editor must not point a colleague's secret elsewhere."""
    moved = [
        f for f in (*kind.target_fields, ALLOWED_HOSTS_FIELD) if stored.get(f) != merged.get(f)
    ]
    if not moved:
        return
    kept = [f for f in kind.secret_fields if f in merged and data.get(f) is None]
    if kept:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {
                    "loc": ["body", "data", secret],
                    "msg": f"changing {', '.join(moved)} needs the secret field {secret!r} "
                    "re-entered in the same update",
                    "type": "credential_secret_required",
                }
                for secret in kept
            ],
        )


def read_credential(
    *, session: Session, workspace_id: uuid.UUID, credential_id: uuid.UUID
) -> Credential | None:
    row = session.get(Credential, credential_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def read_credentials(*, session: Session, workspace_id: uuid.UUID) -> list[Credential]:
    query = select(Credential).where(Credential.workspace_id == workspace_id)
    return list(session.exec(query.order_by(col(Credential.name))).all())


def rotate_keys(*, session: Session, keyring: Keyring) -> int:
    """Re-seal every credential not sealed by the active key; answers how many."""
    rotated = 0
    for row in session.exec(select(Credential).where(Credential.key_id != keyring.active)).all():
        data = reveal(keyring, row)
        row.key_id, row.ciphertext = seal(keyring, row.id, row.workspace_id, data)
        session.add(row)
        rotated += 1
    session.commit()
    return rotated


def check_graph_credentials(
    *, session: Session, workspace_id: uuid.UUID, graph: dict[str, Any]
) -> list[GraphError]:
    """Every `config.credential_id` must name a credential of this workspace, of the right kind."""
    errors = []
    for node in graph["nodes"]:
        node_type = NODE_TYPES.get(node["type"])
        reference = (node.get("data") or {}).get("config", {}).get("credential_id")
        if node_type is None or reference is None:
            continue
        try:
            row = read_credential(
                session=session, workspace_id=workspace_id, credential_id=uuid.UUID(str(reference))
            )
        except ValueError:
            row = None
        if row is None:
            message = f"credential {reference} does not exist in this workspace"
        elif (
            node_type.credential_type is not None
            and CREDENTIAL_TYPES[row.type].kind != node_type.credential_type
        ):
            # Nodes without a fixed kind (provider chosen by config) check it when they run.
            message = (
                f"{node_type.type} needs a {node_type.credential_type} credential, not {row.type}"
            )
        else:
            continue
        errors.append(GraphError(node["id"], "config.credential_id", message))
    return errors
