"""Approvals inbox: list, read, decide (sent to the run as a Temporal update)."""

import uuid

from fastapi import APIRouter, HTTPException, Query, Request, status
from sqlmodel import col, select
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from core.approvals_store import record_decision
from core.models import (
    Approval,
    ApprovalPublic,
    ApprovalsPublic,
    ApprovalStatus,
    DecisionCreate,
    Role,
)

from ..audit.trail import record_by
from ..deps import OperatorAccess, SessionDep, SettingsDep, TemporalClientDep, ViewerAccess
from ..platform.errors import MAX_INT, SIGNED_IN, not_found

router = APIRouter(prefix="/approvals", tags=["approvals"], responses=SIGNED_IN)
REFUSALS = {
    "NotPending": status.HTTP_409_CONFLICT,
    "NotAllowed": status.HTTP_403_FORBIDDEN,
    "InvalidForm": status.HTTP_422_UNPROCESSABLE_CONTENT,
}


def _public(row: Approval, settings: SettingsDep) -> ApprovalPublic:
    suffix = row.temporal_workflow_id[-36:]
    try:
        run_id: uuid.UUID | None = uuid.UUID(suffix)
    except ValueError:
        run_id = None
    return ApprovalPublic(
        **row.model_dump(exclude={"temporal_workflow_id"}),
        run_id=run_id,
        url=f"{settings.public_url.rstrip('/')}/approvals/{row.id}",
    )


def _may_decide(row: Approval, access: ViewerAccess) -> bool:
    if row.approver_emails and access.user.email not in row.approver_emails:
        return False
    return access.role.rank >= Role(row.approver_role).rank


def _get(session: SessionDep, access: ViewerAccess, approval_id: uuid.UUID) -> Approval:
    row = session.get(Approval, approval_id)
    if row is None or row.workspace_id != access.workspace_id:
        not_found("approval", approval_id)
    return row


@router.get("", operation_id="approvals-read_approvals")
def read_approvals(
    session: SessionDep,
    settings: SettingsDep,
    access: ViewerAccess,
    status_: ApprovalStatus = Query("pending", alias="status"),
    workflow_id: uuid.UUID | None = None,
    run_id: uuid.UUID | None = None,
    mine: bool = Query(True, description="Only approvals you may decide"),
    offset: int = Query(0, ge=0, le=MAX_INT),
    limit: int = Query(100, ge=1, le=500),
) -> ApprovalsPublic:
    """Approvals of this workspace, newest first; by default the pending ones you may decide."""
    query = select(Approval).where(
        Approval.workspace_id == access.workspace_id, Approval.status == status_
    )
    if workflow_id is not None:
        query = query.where(Approval.workflow_id == workflow_id)
    if run_id is not None:
        query = query.where(col(Approval.temporal_workflow_id).endswith(f"-{run_id}"))
    rows = [
        r
        for r in session.exec(query.order_by(col(Approval.created_at).desc())).all()
        if not mine or _may_decide(r, access)
    ]
    page = rows[offset : offset + limit]
    return ApprovalsPublic(data=[_public(r, settings) for r in page], count=len(rows))


@router.get("/{approval_id}", operation_id="approvals-read_approval")
def read_approval(
    approval_id: uuid.UUID, session: SessionDep, settings: SettingsDep, access: ViewerAccess
) -> ApprovalPublic:
    return _public(_get(session, access, approval_id), settings)


@router.post("/{approval_id}/decision", operation_id="approvals-decide")
async def decide(
    approval_id: uuid.UUID,
    data: DecisionCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> ApprovalPublic:
    """Approve or reject; the run validates and answers at once (403/409/422 with the reason)."""
    row = _get(session, access, approval_id)
    handle = client.get_workflow_handle(row.temporal_workflow_id)
    try:
        decision = await handle.execute_update(
            "decide_approval",
            {
                "node_id": row.node_id,
                "decision": data.decision,
                "comment": data.comment,
                "form": data.form,
                "email": access.user.email,
                "role": access.role.value,
            },
            result_type=dict,
        )
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        kind = cause.type if isinstance(cause, ApplicationError) else None
        message = cause.message if isinstance(cause, ApplicationError) else str(exc)
        raise HTTPException(REFUSALS.get(kind or "", 409), message) from exc
    except RPCError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"the run is no longer waiting for this approval ({exc.message})",
        ) from exc
    record_decision(session, row, decision)
    session.commit()
    record_by(
        session,
        request,
        access,
        "approval.decide",
        object_type="approval",
        object_id=row.id,
        detail={"decision": data.decision},
    )
    return _public(row, settings)
