"""Schedule triggers as Temporal Schedules: create or update on publish, describe, delete.

The schedule starts GraphWorkflow with the plan of the published version, like a run
started from the API; its firing node's plan carries what the node needs to record the run.
"""

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleDescription,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from activities.triggers.spec import SCHEDULE_RUN_KEY
from core.config import Settings
from core.models import Trigger, Workflow, WorkflowVersion
from core.temporal import VERSION_KEY
from interpreter import GraphWorkflow, RunInput, RunPlan

from ..runs.fired_trigger import fired_trigger
from ..runs.plans import plan_for
from ..runs.signing import signed_input
from ..runs.start import search_attributes

DEFAULT_CATCHUP_SECONDS = 300.0


def schedule_id(workflow_id: uuid.UUID, node_id: str) -> str:
    return f"sluice-{workflow_id}-{node_id}"


def _plan(
    settings: Settings, workflow: Workflow, version: WorkflowVersion, trigger: Trigger
) -> RunPlan:
    plan = plan_for(settings, workflow, version)
    record = {
        "schedule_id": trigger.schedule_id,
        "workflow_id": str(workflow.id),
        "workspace_id": str(workflow.workspace_id),
        "version": version.version,
    }
    # A local activity: one short, idempotent insert needs no task-queue round trip.
    plan.nodes = [
        replace(n, config={**n.config, SCHEDULE_RUN_KEY: record}, execution="local")
        if n.id == trigger.node_id
        else n
        for n in plan.nodes
    ]
    return plan


def _schedule(
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    trigger: Trigger,
    config: dict[str, Any],
) -> Schedule:
    cron = config.get("cron")
    interval = config.get("interval_seconds")
    catchup = config.get("catchup_window_seconds", DEFAULT_CATCHUP_SECONDS)
    return Schedule(
        action=ScheduleActionStartWorkflow(
            GraphWorkflow.run,
            signed_input(
                settings,
                RunInput(
                    plan=_plan(settings, workflow, version, trigger),
                    inputs=config.get("inputs") or {},
                    trigger=fired_trigger(version.graph, trigger.node_id),
                ),
            ),
            id=schedule_id(workflow.id, trigger.node_id),
            task_queue=settings.temporal_task_queue,
            typed_search_attributes=search_attributes(workflow, version),
            static_summary=f"{workflow.name} (v{version.version}, schedule {trigger.node_id})",
        ),
        spec=ScheduleSpec(
            cron_expressions=[cron] if isinstance(cron, str) else list(cron or []),
            intervals=[ScheduleIntervalSpec(every=timedelta(seconds=interval))] if interval else [],
            time_zone_name=config.get("timezone") or "UTC",
        ),
        policy=SchedulePolicy(
            overlap=ScheduleOverlapPolicy[str(config.get("overlap", "skip")).upper()],
            catchup_window=timedelta(seconds=catchup),
            pause_on_failure=bool(config.get("pause_on_failure", False)),
        ),
        state=ScheduleState(
            paused=not trigger.enabled,
            note=f"Sluice workflow {workflow.name!r}, node {trigger.node_id}",
        ),
    )


async def upsert_schedule(
    *,
    client: Client,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    trigger: Trigger,
    config: dict[str, Any],
) -> None:
    """Create the schedule, or point it at this version; a paused one stays paused."""
    assert trigger.schedule_id is not None
    schedule = _schedule(settings, workflow, version, trigger, config)
    try:
        await client.create_schedule(
            trigger.schedule_id,
            schedule,
            memo={"workflow_id": str(workflow.id), "workflow_name": workflow.name},
        )
        return
    except ScheduleAlreadyRunningError:
        pass

    def update(current: ScheduleUpdateInput) -> ScheduleUpdate:
        return ScheduleUpdate(replace(schedule, state=current.description.schedule.state))

    await client.get_schedule_handle(trigger.schedule_id).update(update)


async def delete_schedule(client: Client, schedule_id: str) -> None:
    """Delete it; one that is already gone is fine."""
    try:
        await client.get_schedule_handle(schedule_id).delete()
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise


async def describe_schedule(client: Client, schedule_id: str) -> ScheduleDescription | None:
    try:
        return await client.get_schedule_handle(schedule_id).describe()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return None
        raise


def next_run_at(description: ScheduleDescription | None) -> datetime | None:
    if description is None or description.schedule.state.paused:
        return None
    times = description.info.next_action_times
    return times[0] if times else None


def scheduled_version(description: ScheduleDescription) -> int | None:
    """The published version the schedule's runs execute."""
    action = description.schedule.action
    if not isinstance(action, ScheduleActionStartWorkflow):
        return None
    return action.typed_search_attributes.get(VERSION_KEY)
