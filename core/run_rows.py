"""The one writer of run rows: the API (starts, outcomes) and the schedule activity call it."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from .models import TERMINAL_STATUSES, Run


def add_run_once(
    session: Session,
    *,
    id: uuid.UUID,
    workspace_id: uuid.UUID,
    workflow_id: uuid.UUID,
    version: int,
    temporal_workflow_id: str,
    temporal_run_id: str,
    retry_of: uuid.UUID | None = None,
) -> Run:
    """The row of run `id`, inserted unless it is there: concurrent starts of one chosen id
    (deliveries of one Idempotency-Key) leave one row, whichever writes first; the caller
    commits. Its primary key decides, so no clash error rolls back the caller's session."""
    row = Run(
        id=id,
        workspace_id=workspace_id,
        workflow_id=workflow_id,
        version=version,
        temporal_workflow_id=temporal_workflow_id,
        temporal_run_id=temporal_run_id,
        retry_of=retry_of,
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING: the inserted row comes back with the insert (one round trip, not two);
    # on a clash nothing comes back and the row that won is read.
    statement = insert(Run).values(**row.model_dump()).on_conflict_do_nothing().returning(Run)
    run = session.scalars(
        select(Run).from_statement(statement), execution_options={"populate_existing": True}
    ).first()
    if run is None:
        run = session.get(Run, id)
    assert run is not None, f"run {id} was neither inserted nor found"
    return run


def set_status(
    session: Session,
    run: Run,
    *,
    status: str,
    error: str | None,
    closed_at: datetime | None,
    totals: dict[str, Any],
) -> None:
    """Write `status` (and, once terminal, when it ended, how long it took, its token totals)."""
    run.status = status
    run.error = error
    if status in TERMINAL_STATUSES:
        run.finished_at = closed_at or datetime.now().astimezone()
        created = run.created_at if run.created_at.tzinfo else run.created_at.astimezone()
        run.duration_ms = max(0.0, (run.finished_at - created).total_seconds() * 1000)
        run.input_tokens = int(totals.get("input_tokens", 0))
        run.output_tokens = int(totals.get("output_tokens", 0))
        run.cost = float(totals.get("cost", 0.0))
    session.add(run)
