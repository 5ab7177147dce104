"""Runs: list, read live state, cancel."""

import uuid
from datetime import datetime

from fastapi import APIRouter, HTTPException, Query, Request, status

from core.models import Run, RunPublic, RunsPublic, RunStatus, RunSummary

from ..audit.trail import record_by
from ..deps import OperatorAccess, SessionDep, SettingsDep, TemporalClientDep, ViewerAccess
from ..platform.errors import MAX_INT, SIGNED_IN, not_found
from . import queries
from .control import RunNotRetryable, cancel_run, read_run, retry_run, summary

router = APIRouter(prefix="/runs", tags=["runs"], responses=SIGNED_IN)


def _get(session: SessionDep, access: ViewerAccess, run_id: uuid.UUID) -> Run:
    run = queries.read_run(session=session, workspace_id=access.workspace_id, run_id=run_id)
    if run is None:
        not_found("run", run_id)
    return run


@router.get("", operation_id="runs-read_runs")
def read_runs(
    session: SessionDep,
    settings: SettingsDep,
    access: ViewerAccess,
    workflow_id: uuid.UUID | None = None,
    status: RunStatus | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    offset: int = Query(0, ge=0, le=MAX_INT),
    limit: int = Query(50, ge=1, le=500),
) -> RunsPublic:
    """Runs, newest first; the status is the last one this API saw (read a run to refresh)."""
    rows, count = queries.read_runs(
        session=session,
        workspace_id=access.workspace_id,
        workflow_id=workflow_id,
        status=status,
        offset=offset,
        limit=limit,
        created_after=created_after,
        created_before=created_before,
    )
    names = queries.workflow_names(session=session, workflow_ids={r.workflow_id for r in rows})
    data = [summary(settings, r, names.get(r.workflow_id)) for r in rows]
    return RunsPublic(data=data, count=count)


@router.get("/{run_id}", operation_id="runs-read_run")
async def read_one_run(
    run_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: ViewerAccess,
) -> RunPublic:
    """Status, per-node state (live while running), output and error."""
    run = _get(session, access, run_id)
    return await read_run(session=session, client=client, settings=settings, run=run)


@router.post(
    "/{run_id}/cancel", status_code=status.HTTP_202_ACCEPTED, operation_id="runs-cancel_run"
)
async def cancel_one_run(
    run_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> RunPublic:
    """Ask the run to stop; running nodes are cancelled (they heartbeat)."""
    run = _get(session, access, run_id)
    current = await read_run(session=session, client=client, settings=settings, run=run)
    if current.status != "running":
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"run {run_id} is already {current.status}; nothing to cancel"
        )
    await cancel_run(client=client, run=run)
    record_by(
        session,
        request,
        access,
        "run.cancel",
        object_type="run",
        object_id=run.id,
    )
    return current


@router.post("/{run_id}/retry", status_code=status.HTTP_201_CREATED, operation_id="runs-retry_run")
async def retry_one_run(
    run_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> RunSummary:
    """Re-run a failed run from its failed node: nodes that succeeded keep their outputs."""
    run = _get(session, access, run_id)
    try:
        new = await retry_run(session=session, client=client, settings=settings, run=run)
    except RunNotRetryable as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    record_by(
        session,
        request,
        access,
        "run.retry",
        object_type="run",
        object_id=new.id,
        detail={"retry_of": str(run.id)},
    )
    return summary(settings, new)
