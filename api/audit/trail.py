"""Writing the audit log: one row per security-relevant action."""

import uuid
from typing import TYPE_CHECKING, Any

from fastapi import Request
from sqlmodel import Session

from core.models import AuditEvent

from ..accounts.client_ip import client_ip

if TYPE_CHECKING:
    from ..deps import Access

__all__ = ["client_ip", "record", "record_by"]


def record(
    session: Session,
    request: Request | None,
    action: str,
    *,
    user_id: uuid.UUID | None = None,
    workspace_id: uuid.UUID | None = None,
    object_type: str | None = None,
    object_id: object = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add and commit an audit row (its own commit, so failures are recorded too)."""
    session.add(
        AuditEvent(
            action=action,
            user_id=user_id,
            workspace_id=workspace_id,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            ip=client_ip(request) if request is not None else None,
            detail=detail or {},
        )
    )
    session.commit()


def record_by(
    session: Session,
    request: Request | None,
    access: "Access",
    action: str,
    *,
    object_type: str | None = None,
    object_id: object = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """`record` of an action `access`'s user did in its workspace."""
    record(
        session,
        request,
        action,
        user_id=access.user.id,
        workspace_id=access.workspace_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
