"""The run list the API shows; Temporal stays the source of truth for state."""

import uuid
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.models import Run, Workflow


def read_run(*, session: Session, workspace_id: uuid.UUID, run_id: uuid.UUID) -> Run | None:
    run = session.get(Run, run_id)
    return run if run is not None and run.workspace_id == workspace_id else None


def read_runs(
    *,
    session: Session,
    workspace_id: uuid.UUID,
    workflow_id: uuid.UUID | None,
    status: str | None,
    offset: int,
    limit: int,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> tuple[list[Run], int]:
    query = select(Run).where(Run.workspace_id == workspace_id)
    if created_after is not None:
        query = query.where(Run.created_at >= created_after)
    if created_before is not None:
        query = query.where(Run.created_at < created_before)
    if workflow_id is not None:
        query = query.where(Run.workflow_id == workflow_id)
    if status is not None:
        query = query.where(Run.status == status)
    count = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Run.created_at).desc()).offset(offset).limit(limit))
    return list(rows.all()), count


def workflow_names(*, session: Session, workflow_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names of these workflows (deleted ones included), in one query."""
    if not workflow_ids:
        return {}
    rows = session.exec(
        select(Workflow.id, Workflow.name).where(col(Workflow.id).in_(workflow_ids))
    )
    return dict(rows.all())
