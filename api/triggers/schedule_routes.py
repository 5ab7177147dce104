"""The workspace's schedules (Temporal Schedules of schedule triggers): list, pause, resume,
run now."""

import asyncio

from fastapi import APIRouter, HTTPException, Request, status
from sqlmodel import col, select
from temporalio.client import ScheduleActionExecutionStartWorkflow, ScheduleOverlapPolicy
from temporalio.service import RPCError, RPCStatusCode

from core.models import (
    ScheduleNote,
    SchedulePublic,
    ScheduleRunPublic,
    SchedulesPublic,
    Trigger,
    Workflow,
)

from ..audit.trail import record_by
from ..deps import OperatorAccess, SessionDep, SettingsDep, TemporalClientDep, ViewerAccess
from ..platform.errors import SIGNED_IN, not_found
from .activation import set_enabled
from .schedules import describe_schedule, next_run_at, scheduled_version

router = APIRouter(prefix="/schedules", tags=["schedules"], responses=SIGNED_IN)
MISSING = "missing in Temporal: publish the workflow again to recreate it"


def _rows(session: SessionDep, access: ViewerAccess) -> list[tuple[Trigger, Workflow]]:
    query = (
        select(Trigger, Workflow)
        .join(Workflow, col(Workflow.id) == col(Trigger.workflow_id))
        .where(
            Trigger.workspace_id == access.workspace_id,
            Trigger.type == "schedule",
            col(Workflow.deleted_at).is_(None),
        )
        .order_by(col(Workflow.name), col(Trigger.node_id))
    )
    return [(t, w) for t, w in session.exec(query).all()]


def _row(session: SessionDep, access: ViewerAccess, schedule_id: str) -> tuple[Trigger, Workflow]:
    for trigger, workflow in _rows(session, access):
        if trigger.schedule_id == schedule_id:
            return trigger, workflow
    not_found("schedule", schedule_id)


async def _public(
    settings: SettingsDep, client: TemporalClientDep, trigger: Trigger, workflow: Workflow
) -> SchedulePublic:
    assert trigger.schedule_id is not None
    description = await describe_schedule(client, trigger.schedule_id)
    base = settings.temporal_ui_url.rstrip("/")
    public = SchedulePublic(
        id=trigger.schedule_id,
        workflow_id=workflow.id,
        workflow_name=workflow.name,
        node_id=trigger.node_id,
        paused=True,
        note=MISSING,
        next_run_at=None,
        next_runs=[],
        recent_runs=[],
        version=workflow.latest_version,
        temporal_ui_url=f"{base}/namespaces/{settings.temporal_namespace}/schedules/"
        f"{trigger.schedule_id}",
    )
    if description is None:
        return public
    recent = [
        ScheduleRunPublic(
            scheduled_at=a.scheduled_at,
            started_at=a.started_at,
            temporal_workflow_id=a.action.workflow_id,
        )
        for a in description.info.recent_actions
        if isinstance(a.action, ScheduleActionExecutionStartWorkflow)
    ]
    paused = description.schedule.state.paused
    return public.model_copy(
        update={
            "paused": paused,
            "note": description.schedule.state.note or "",
            "next_run_at": next_run_at(description),
            "next_runs": [] if paused else list(description.info.next_action_times),
            "recent_runs": recent,
            "version": scheduled_version(description) or workflow.latest_version,
        }
    )


@router.get("", operation_id="schedules-read_schedules")
async def read_schedules(
    session: SessionDep, settings: SettingsDep, client: TemporalClientDep, access: ViewerAccess
) -> SchedulesPublic:
    """Every schedule of the workspace with its next run times and recent runs."""
    rows = _rows(session, access)
    data = await asyncio.gather(*(_public(settings, client, t, w) for t, w in rows))
    return SchedulesPublic(data=list(data), count=len(data))


@router.get("/{schedule_id}", operation_id="schedules-read_schedule")
async def read_schedule(
    schedule_id: str,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: ViewerAccess,
) -> SchedulePublic:
    return await _public(settings, client, *_row(session, access, schedule_id))


async def _act(
    action: str,
    schedule_id: str,
    note: ScheduleNote | None,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> SchedulePublic:
    trigger, workflow = _row(session, access, schedule_id)
    text = (note.note if note else "") or f"{action}d by {access.user.email}"
    try:
        if action == "trigger":
            # "Run now" means now, even while a scheduled run is still going.
            await client.get_schedule_handle(schedule_id).trigger(
                overlap=ScheduleOverlapPolicy.ALLOW_ALL
            )
        else:
            enabled = action == "resume"
            await set_enabled(
                session=session, client=client, trigger=trigger, enabled=enabled, note=text
            )
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"schedule {schedule_id} is {MISSING}"
        ) from exc
    record_by(
        session,
        request,
        access,
        f"schedule.{action}",
        object_type="workflow",
        object_id=workflow.id,
        detail={"schedule_id": schedule_id},
    )
    return await _public(settings, client, trigger, workflow)


@router.post("/{schedule_id}/pause", operation_id="schedules-pause_schedule")
async def pause_schedule(
    schedule_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
    note: ScheduleNote | None = None,
) -> SchedulePublic:
    """No runs start until it is resumed (publishing a new version keeps it paused)."""
    return await _act("pause", schedule_id, note, request, session, settings, client, access)


@router.post("/{schedule_id}/resume", operation_id="schedules-resume_schedule")
async def resume_schedule(
    schedule_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
    note: ScheduleNote | None = None,
) -> SchedulePublic:
    return await _act("resume", schedule_id, note, request, session, settings, client, access)


@router.post(
    "/{schedule_id}/trigger",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="schedules-trigger_schedule",
)
async def trigger_schedule(
    schedule_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> SchedulePublic:
    """Start one run now (also while paused); it shows in the run list once it starts."""
    return await _act("trigger", schedule_id, None, request, session, settings, client, access)
