"""Starting a run: its plan from the DB, the Temporal start, its row in the run list.

The DB steps run off the event loop (`core.db.off_loop`) and end their transaction, so a
start holds no DB connection while it waits for Temporal."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.config import Settings
from core.db import off_loop
from core.metrics import RUNS_STARTED
from core.models import Run, Workflow, WorkflowVersion
from core.run_rows import add_run_once
from core.temporal import VERSION_KEY, WORKFLOW_ID_KEY, WORKFLOW_NAME_KEY, WORKSPACE_ID_KEY
from interpreter import GraphWorkflow, RunInput

from .child_plans import embed_child_plans
from .fired_trigger import fired_trigger
from .plans import plan_for
from .signing import signed_input


@dataclass(frozen=True)
class PreparedStart:
    """What a start sends to Temporal, decided before it is sent."""

    run_id: uuid.UUID
    temporal_id: str
    argument: dict[str, Any]
    """The signed RunInput."""
    chosen_id: bool
    """The caller chose `run_id`: a second start of it is refused."""


async def start_run(
    *,
    session: Session,
    client: Client,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    inputs: dict[str, Any],
    reuse: dict[str, dict[str, Any]] | None = None,
    retry_of: uuid.UUID | None = None,
    run_id: uuid.UUID | None = None,
    origin: str = "",
    trigger: str | None = None,
) -> Run:
    """Start GraphWorkflow on the pinned version, then record the run (committing `session`).

    `reuse` (node id → {output, port}) and `retry_of` make it a retry of a failed run;
    `origin` (the chain's first temporal id) keeps the nodes' idempotency keys of that run.
    `trigger` names the trigger node that fired (checked: `NotATrigger`); none given, a
    graph's one manual trigger fires (`fired_trigger`). The other triggers are skipped.
    A caller-chosen `run_id` makes the start idempotent: starting it again raises
    `WorkflowAlreadyStartedError`, even once the first run has closed, and only after the
    run's row is in the run list (the first start may have died before it wrote it).
    """
    start = await off_loop(
        session, prepare_start, settings, workflow, version, inputs, reuse, origin, trigger, run_id
    )
    try:
        handle = await client.start_workflow(
            GraphWorkflow.run,
            start.argument,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE
            if start.chosen_id
            else WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            **start_options(settings, workflow, version, start),
            # Taken only when this process hosts a workflow worker (API_EAGER_WORKFLOWS).
            request_eager_start=settings.api_eager_workflows,
        )
    except WorkflowAlreadyStartedError as exc:
        if start.chosen_id:
            await off_loop(
                session, record_start, workflow, version, start, exc.run_id or "", retry_of
            )
        raise
    temporal_run_id = handle.first_execution_run_id or handle.result_run_id or ""
    try:
        run = await off_loop(
            session, record_start, workflow, version, start, temporal_run_id, retry_of
        )
    except Exception:
        await handle.terminate(reason="the run could not be recorded in the app database")
        raise
    RUNS_STARTED.labels(workflow.name).inc()
    return run


def prepare_start(
    session: Session,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    inputs: dict[str, Any],
    reuse: dict[str, dict[str, Any]] | None,
    origin: str,
    trigger: str | None,
    run_id: uuid.UUID | None,
) -> PreparedStart:
    """The run's id, temporal id and signed input (plans of its children embedded)."""
    fired = fired_trigger(version.graph, trigger)
    plan = plan_for(settings, workflow, version)
    plan = embed_child_plans(session, settings, plan, workflow.workspace_id)
    argument = signed_input(
        settings,
        RunInput(plan=plan, inputs=inputs, reuse=reuse or {}, origin=origin, trigger=fired),
    )
    chosen = run_id or uuid.uuid4()
    return PreparedStart(chosen, f"{workflow.id}-{chosen}", argument, chosen_id=run_id is not None)


def record_start(
    session: Session,
    workflow: Workflow,
    version: WorkflowVersion,
    start: PreparedStart,
    temporal_run_id: str,
    retry_of: uuid.UUID | None,
) -> Run:
    """The run's row in the run list (once, whoever writes it first)."""
    return add_run_once(
        session,
        id=start.run_id,
        workspace_id=workflow.workspace_id,
        workflow_id=workflow.id,
        version=version.version,
        temporal_workflow_id=start.temporal_id,
        temporal_run_id=temporal_run_id,
        retry_of=retry_of,
    )


def start_options(
    settings: Settings, workflow: Workflow, version: WorkflowVersion, start: PreparedStart
) -> dict[str, Any]:
    """What every start of a run sends besides its argument and policies (a start, a
    start with an update, an eager start): id, queue, summary and search attributes."""
    return {
        "id": start.temporal_id,
        "task_queue": settings.temporal_task_queue,
        "static_summary": f"{workflow.name} (v{version.version})",
        "search_attributes": search_attributes(workflow, version),
    }


def search_attributes(workflow: Workflow, version: WorkflowVersion) -> TypedSearchAttributes:
    """What every run carries (API, webhook and schedule runs alike), to find it in the UI."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(WORKFLOW_ID_KEY, str(workflow.id)),
            SearchAttributePair(WORKFLOW_NAME_KEY, workflow.name),
            SearchAttributePair(VERSION_KEY, version.version),
            SearchAttributePair(WORKSPACE_ID_KEY, str(workflow.workspace_id)),
        ]
    )
