"""Starting, reading and cancelling runs on Temporal; the DB row mirrors the outcome."""

import uuid
from datetime import timedelta
from typing import Any

from sqlmodel import Session, select
from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import (
    Client,
    WorkflowExecutionStatus,
    WorkflowFailureError,
    WorkflowHandle,
)
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from activities import NODE_TYPES
from interpreter import GraphWorkflow, NodeState, RunInput, RunResult, build_plan

from .core.config import Settings
from .core.temporal import VERSION_KEY, WORKFLOW_ID_KEY, WORKFLOW_NAME_KEY
from .models import (
    TERMINAL_STATUSES,
    Approval,
    NodeStatePublic,
    Run,
    RunPublic,
    RunSummary,
    Workflow,
    WorkflowVersion,
    utcnow,
)

STATUS = {
    WorkflowExecutionStatus.RUNNING: "running",
    WorkflowExecutionStatus.CONTINUED_AS_NEW: "running",
    WorkflowExecutionStatus.COMPLETED: "completed",
    WorkflowExecutionStatus.FAILED: "failed",
    WorkflowExecutionStatus.CANCELED: "cancelled",
    WorkflowExecutionStatus.TERMINATED: "terminated",
    WorkflowExecutionStatus.TIMED_OUT: "timed_out",
}


def temporal_ui_url(settings: Settings, run: Run) -> str:
    base = settings.temporal_ui_url.rstrip("/")
    return (
        f"{base}/namespaces/{settings.temporal_namespace}/workflows/"
        f"{run.temporal_workflow_id}/{run.temporal_run_id}/history"
    )


async def start_run(
    *,
    session: Session,
    client: Client,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    inputs: dict[str, Any],
) -> Run:
    """Start GraphWorkflow on the pinned version, then record the run."""
    plan = build_plan(
        version.graph,
        NODE_TYPES,
        workflow_id=str(workflow.id),
        workflow_name=workflow.name,
        version=version.version,
        max_parallel=settings.max_parallel_nodes,
        workspace_id=str(workflow.workspace_id),
    )
    run_id = uuid.uuid4()
    temporal_id = f"{workflow.id}-{run_id}"
    handle = await client.start_workflow(
        GraphWorkflow.run,
        RunInput(plan=plan, inputs=inputs).to_dict(),
        id=temporal_id,
        task_queue=settings.temporal_task_queue,
        static_summary=f"{workflow.name} (v{version.version})",
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(WORKFLOW_ID_KEY, str(workflow.id)),
                SearchAttributePair(WORKFLOW_NAME_KEY, workflow.name),
                SearchAttributePair(VERSION_KEY, version.version),
            ]
        ),
    )
    run = Run(
        id=run_id,
        workspace_id=workflow.workspace_id,
        workflow_id=workflow.id,
        version=version.version,
        temporal_workflow_id=temporal_id,
        temporal_run_id=handle.first_execution_run_id or handle.result_run_id or "",
    )
    session.add(run)
    try:
        session.commit()
    except Exception:
        await handle.terminate(reason="the run could not be recorded in the app database")
        raise
    session.refresh(run)
    return run


def summary(settings: Settings, run: Run) -> RunSummary:
    return RunSummary(
        id=run.id,
        workspace_id=run.workspace_id,
        workflow_id=run.workflow_id,
        version=run.version,
        status=run.status,  # type: ignore[arg-type]
        temporal_ui_url=temporal_ui_url(settings, run),
        created_at=run.created_at,
        finished_at=run.finished_at,
    )


def _handle(client: Client, run: Run) -> WorkflowHandle[Any, dict[str, Any]]:
    return client.get_workflow_handle_for(
        GraphWorkflow.run, run.temporal_workflow_id, run_id=run.temporal_run_id
    )


async def read_run(*, session: Session, client: Client, settings: Settings, run: Run) -> RunPublic:
    """Status and per-node state from Temporal, the source of truth."""
    handle = _handle(client, run)
    description = await handle.describe()
    status = STATUS.get(description.status, "running") if description.status else "running"
    nodes: dict[str, NodeState] = {}
    output: Any = None
    error: str | None = None
    totals: dict[str, float] = {}
    if status == "running":
        nodes = await _live_nodes(handle, description.raw_description.pending_activities)
    elif status == "completed":
        result = RunResult.from_dict(await handle.result())
        nodes, output, totals = result.nodes, result.output, result.totals
    elif status == "failed":
        nodes, error = await _failure(handle)
    else:
        nodes = await _query_nodes(handle)
        error = f"run {status}"
    _record_outcome(session, run, status, error, description.close_time)
    return RunPublic(
        **summary(settings, run).model_dump(),
        nodes={k: NodeStatePublic(**_public(v)) for k, v in nodes.items()},
        output=output,
        error=error,
        totals=totals,
    )


async def _live_nodes(
    handle: WorkflowHandle[Any, dict[str, Any]], pending: Any
) -> dict[str, NodeState]:
    nodes = await _query_nodes(handle)
    # The workflow learns an activity's attempt only when it ends; Temporal knows it now.
    for activity in pending:
        state = nodes.get(activity.activity_id)
        if state is not None and state.status == "running":
            state.attempt = activity.attempt
            if activity.state == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED:
                state.error = activity.last_failure.message or None
    return nodes


async def _query_nodes(handle: WorkflowHandle[Any, dict[str, Any]]) -> dict[str, NodeState]:
    try:
        return await handle.query(GraphWorkflow.node_states, rpc_timeout=timedelta(seconds=5))
    except RPCError:
        return {}


async def _failure(handle: WorkflowHandle[Any, dict[str, Any]]) -> tuple[dict[str, NodeState], str]:
    try:
        await handle.result()
    except WorkflowFailureError as failure:
        cause = failure.cause
        if isinstance(cause, ApplicationError) and cause.details:
            detail = cause.details[0]
            if isinstance(detail, dict) and "nodes" in detail:
                nodes = {k: NodeState(**v) for k, v in detail["nodes"].items()}
                return nodes, cause.message
        return await _query_nodes(handle), str(cause or failure)
    return {}, "run failed"


def _public(state: NodeState) -> dict[str, Any]:
    return {k: v for k, v in vars(state).items() if k != "port"}


def _record_outcome(
    session: Session, run: Run, status: str, error: str | None, closed_at: Any
) -> None:
    if run.status == status or run.status in TERMINAL_STATUSES:
        return
    run.status = status
    run.error = error
    run.finished_at = closed_at or utcnow()
    session.add(run)
    # A run that ended (e.g. cancelled) while waiting leaves approvals nobody can decide.
    for approval in session.exec(
        select(Approval).where(
            Approval.temporal_workflow_id == run.temporal_workflow_id, Approval.status == "pending"
        )
    ).all():
        approval.status = "closed"
        session.add(approval)
    session.commit()
    session.refresh(run)


async def cancel_run(*, client: Client, run: Run) -> None:
    await _handle(client, run).cancel()
