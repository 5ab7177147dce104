"""The audit log, for administrators."""

import uuid

from fastapi import APIRouter, Query
from sqlalchemy import func
from sqlmodel import col, select

from core.models import AuditEvent, AuditEventPublic, AuditEventsPublic

from ..deps import AdminUser, SessionDep
from ..platform.errors import MAX_INT, SIGNED_IN

router = APIRouter(prefix="/audit", tags=["audit"], responses=SIGNED_IN)


@router.get("", operation_id="audit-read_audit")
def read_audit(
    session: SessionDep,
    admin: AdminUser,
    action: str | None = Query(None, max_length=64),
    user_id: uuid.UUID | None = None,
    workspace_id: uuid.UUID | None = None,
    offset: int = Query(0, ge=0, le=MAX_INT),
    limit: int = Query(100, ge=1, le=1000),
) -> AuditEventsPublic:
    """Who did what to which object, when and from where; newest first."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if user_id:
        query = query.where(AuditEvent.user_id == user_id)
    if workspace_id:
        query = query.where(AuditEvent.workspace_id == workspace_id)
    count = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(AuditEvent.id).desc()).offset(offset).limit(limit))
    return AuditEventsPublic(
        data=[AuditEventPublic.model_validate(r, from_attributes=True) for r in rows], count=count
    )
