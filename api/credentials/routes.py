"""Credentials and their types; secret fields are write-only."""

import uuid
from typing import Any

from fastapi import APIRouter, Request, status

from activities.credential_types import CREDENTIAL_TYPES, describe_credential_type
from core.models import (
    Credential,
    CredentialCreate,
    CredentialPublic,
    CredentialsPublic,
    CredentialUpdate,
)
from core.models.catalog import CredentialTypePublic

from ..audit.trail import record_by
from ..deps import CurrentUser, EditorAccess, SessionDep, ViewerAccess
from ..platform.errors import SIGNED_IN, not_found
from . import store

router = APIRouter(tags=["credentials"], responses=SIGNED_IN)


def _keyring(request: Request) -> Any:
    return request.app.state.credential_keyring


def _get(session: SessionDep, access: ViewerAccess, credential_id: uuid.UUID) -> Credential:
    row = store.read_credential(
        session=session, workspace_id=access.workspace_id, credential_id=credential_id
    )
    if row is None:
        not_found("credential", credential_id)
    return row


@router.get("/credential-types", operation_id="credentials-read_credential_types")
def read_credential_types(user: CurrentUser) -> list[CredentialTypePublic]:
    """Every credential type with its JSON Schema and which fields are secret."""
    return [
        CredentialTypePublic.model_validate(describe_credential_type(t))
        for t in CREDENTIAL_TYPES.values()
    ]


@router.get("/credentials", operation_id="credentials-read_credentials")
def read_credentials(
    request: Request, session: SessionDep, access: ViewerAccess
) -> CredentialsPublic:
    rows = store.read_credentials(session=session, workspace_id=access.workspace_id)
    data = [store.public(r, store.reveal(_keyring(request), r)) for r in rows]
    return CredentialsPublic(data=data, count=len(data))


@router.post(
    "/credentials",
    status_code=status.HTTP_201_CREATED,
    operation_id="credentials-create_credential",
)
def create_credential(
    data: CredentialCreate, request: Request, session: SessionDep, access: EditorAccess
) -> CredentialPublic:
    row = store.create_credential(
        session=session,
        keyring=_keyring(request),
        workspace_id=access.workspace_id,
        name=data.name,
        type=data.type,
        data=data.data,
    )
    record_by(
        session,
        request,
        access,
        "credential.create",
        object_type="credential",
        object_id=row.id,
        detail={"type": row.type, "name": row.name},
    )
    return store.public(row, data.data)


@router.get("/credentials/{credential_id}", operation_id="credentials-read_credential")
def read_credential(
    credential_id: uuid.UUID, request: Request, session: SessionDep, access: ViewerAccess
) -> CredentialPublic:
    row = _get(session, access, credential_id)
    return store.public(row, store.reveal(_keyring(request), row))


@router.put("/credentials/{credential_id}", operation_id="credentials-update_credential")
def update_credential(
    credential_id: uuid.UUID,
    data: CredentialUpdate,
    request: Request,
    session: SessionDep,
    access: EditorAccess,
) -> CredentialPublic:
    """Change the name or fields; omitted fields keep their values, null removes one.
    Moving a credential (host, port, base_url, TLS mode, host key, allowed_hosts) needs its
    stored secret fields in the same body, else a 422 names each."""
    row = _get(session, access, credential_id)
    merged = store.update_credential(
        session=session, keyring=_keyring(request), row=row, name=data.name, data=data.data
    )
    record_by(
        session,
        request,
        access,
        "credential.update",
        object_type="credential",
        object_id=row.id,
        detail={"fields": sorted((data.data or {}).keys())},
    )
    return store.public(row, merged)


@router.delete(
    "/credentials/{credential_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="credentials-delete_credential",
)
def delete_credential(
    credential_id: uuid.UUID, request: Request, session: SessionDep, access: EditorAccess
) -> None:
    row = _get(session, access, credential_id)
    session.delete(row)
    session.commit()
    record_by(
        session,
        request,
        access,
        "credential.delete",
        object_type="credential",
        object_id=credential_id,
    )
