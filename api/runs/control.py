"""Reading, retrying and cancelling runs on Temporal (starting them: start.py); the DB row
mirrors the outcome."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select
from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import (
    Client,
    WorkflowExecution,
    WorkflowExecutionStatus,
    WorkflowFailureError,
    WorkflowHandle,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from core import temporal
from core.config import Settings
from core.models import (
    NodeStatePublic,
    Run,
    RunPublic,
    RunSummary,
    Workflow,
    WorkflowVersion,
)
from core.side_effects import billed
from interpreter import GraphWorkflow, NodeState, RunResult

from .records import record_outcome
from .start import start_run

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


def summary(settings: Settings, run: Run, workflow_name: str | None = None) -> RunSummary:
    return RunSummary(
        id=run.id,
        workspace_id=run.workspace_id,
        workflow_id=run.workflow_id,
        workflow_name=workflow_name,
        version=run.version,
        status=run.status,  # type: ignore[arg-type]
        temporal_ui_url=temporal_ui_url(settings, run),
        created_at=run.created_at,
        finished_at=run.finished_at,
        retry_of=run.retry_of,
    )


def _handle(client: Client, run: Run) -> WorkflowHandle[Any, dict[str, Any]]:
    return client.get_workflow_handle_for(
        GraphWorkflow.run, run.temporal_workflow_id, run_id=run.temporal_run_id
    )


@dataclass
class RunState:
    """What Temporal says about a run right now."""

    status: str
    nodes: dict[str, NodeState]
    output: Any = None
    error: str | None = None
    totals: dict[str, float] = field(default_factory=dict)
    closed_at: datetime | None = None
    build_id: str | None = None
    output_bytes: dict[str, int] | None = None
    """Sizes of the outputs, when `nodes` were left without them (`outputs=False`)."""


async def fetch_state(client: Client, run: Run, *, outputs: bool = True) -> RunState:
    """Status and per-node state from Temporal, the source of truth. `outputs=False`: a
    closed run whose result gives each output's size keeps its nodes without outputs,
    which spares the `node_states` query (a worker replays the run to answer it)."""
    handle = _handle(client, run)
    description = await handle.describe()
    status = STATUS.get(description.status, "running") if description.status else "running"
    build = temporal.build_id_of(description)
    state = RunState(status=status, nodes={}, closed_at=description.close_time, build_id=build)
    if status == "running":
        pending = description.raw_description.pending_activities
        state.nodes = await _live_nodes(client, handle, pending)
        return state
    return await _closed(handle, state, outputs)


async def closed_state(client: Client, run: Run, execution: WorkflowExecution) -> RunState:
    """`fetch_state(client, run, outputs=False)` of a run visibility listed as closed, from
    what the listing says (status, close time) and its result: one RPC, not two. No build
    id (the listing does not carry it)."""
    status = STATUS.get(execution.status, "running") if execution.status else "running"
    if status == "running":
        return await fetch_state(client, run, outputs=False)
    state = RunState(status=status, nodes={}, closed_at=execution.close_time)
    return await _closed(_handle(client, run), state, outputs=False)


async def _closed(
    handle: WorkflowHandle[Any, dict[str, Any]], state: RunState, outputs: bool
) -> RunState:
    status = state.status
    if status == "completed":
        result = RunResult.from_dict(await handle.result())
        nodes = result.nodes
        if not result.outputs_inline and (outputs or result.output_bytes is None):
            nodes = await with_outputs(handle, nodes)
        state.nodes, state.output, state.totals = nodes, result.output, result.totals
        state.output_bytes = None if outputs else result.output_bytes
    elif status == "failed":
        state.nodes, state.error, state.output_bytes = await _failure(handle, outputs)
    else:
        state.nodes = await _query_nodes(handle)
        state.error = f"run {status}"
    return state


async def read_run(*, session: Session, client: Client, settings: Settings, run: Run) -> RunPublic:
    """The run as the API shows it; a finished run is recorded on the way."""
    state = await fetch_state(client, run)
    record_outcome(session, run, state)
    workflow = session.get(Workflow, run.workflow_id)
    return RunPublic(
        **summary(settings, run, workflow.name if workflow else None).model_dump(),
        nodes={k: NodeStatePublic(**_public(v)) for k, v in state.nodes.items()},
        output=state.output,
        error=state.error,
        totals=state.totals,
        billed=billed(session, run.temporal_workflow_id),
        build_id=state.build_id,
    )


async def _live_nodes(
    client: Client, handle: WorkflowHandle[Any, dict[str, Any]], pending: Any
) -> dict[str, NodeState]:
    nodes = await _query_nodes(handle)
    # The workflow learns an activity's attempt only when it ends; Temporal knows it now.
    for activity in pending:
        state = nodes.get(activity.activity_id)
        if state is not None and state.status == "running":
            state.attempt = activity.attempt
            if activity.state == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED:
                state.error = await _failure_message(client, activity.last_failure)
    return nodes


async def _failure_message(client: Client, failure: Any) -> str | None:
    """The readable message of a failure the codec encoded (its text is encrypted)."""
    if not failure.message and not failure.HasField("encoded_attributes"):
        return None
    copy = type(failure)()
    copy.CopyFrom(failure)
    try:
        return str(await client.data_converter.decode_failure(copy)) or None
    except Exception:
        return failure.message or None


async def _query_nodes(handle: WorkflowHandle[Any, dict[str, Any]]) -> dict[str, NodeState]:
    try:
        return await handle.query(GraphWorkflow.node_states, rpc_timeout=timedelta(seconds=5))
    except RPCError:
        return {}


async def _failure(
    handle: WorkflowHandle[Any, dict[str, Any]], outputs: bool
) -> tuple[dict[str, NodeState], str, dict[str, int] | None]:
    try:
        await handle.result()
    except WorkflowFailureError as failure:
        cause = failure.cause
        if isinstance(cause, ApplicationError) and cause.details:
            detail = cause.details[0]
            if isinstance(detail, dict) and "nodes" in detail:
                nodes = {k: NodeState(**v) for k, v in detail["nodes"].items()}
                sizes = None if outputs else detail.get("output_bytes")
                if sizes is None and any("output" not in v for v in detail["nodes"].values()):
                    nodes = await with_outputs(handle, nodes)
                return nodes, cause.message, sizes
        return await _query_nodes(handle), str(cause or failure), None
    return {}, "run failed", None


async def with_outputs(
    handle: WorkflowHandle[Any, dict[str, Any]], nodes: dict[str, NodeState]
) -> dict[str, NodeState]:
    """`nodes` of a closed run's result (no outputs since "outputs-by-reference") with each
    node's output from the `node_states` query, which a worker answers by replaying."""
    queried = await _query_nodes(handle)
    for node_id, state in nodes.items():
        if node_id in queried:
            state.output = queried[node_id].output
    return nodes


def _public(state: NodeState) -> dict[str, Any]:
    return {k: v for k, v in vars(state).items() if k != "port"}


async def cancel_run(*, client: Client, run: Run) -> None:
    await _handle(client, run).cancel()


async def retry_run(*, session: Session, client: Client, settings: Settings, run: Run) -> Run:
    """A new run of the same version and inputs that reuses every node that succeeded."""
    state = await fetch_state(client, run)
    if state.status in ("running", "completed"):
        raise RunNotRetryable(
            f"run {run.id} is {state.status}; only a run that did not complete can be retried"
        )
    reuse = {
        node_id: {"output": node.output, "port": node.port or "out"}
        for node_id, node in state.nodes.items()
        if node.status == "succeeded"
    }
    workflow = session.get(Workflow, run.workflow_id)
    version = session.exec(
        select(WorkflowVersion).where(
            WorkflowVersion.workflow_id == run.workflow_id, WorkflowVersion.version == run.version
        )
    ).one()
    if workflow is None or workflow.deleted_at is not None:
        raise RunNotRetryable(f"workflow {run.workflow_id} was deleted")
    started = await _started_with(client, run)
    return await start_run(
        session=session,
        client=client,
        settings=settings,
        workflow=workflow,
        version=version,
        inputs=dict(started.get("inputs") or {}),
        reuse=reuse,
        retry_of=run.id,
        origin=retry_origin(session, run),
        # The trigger that fired the first run fires its retry (signed again in the claim).
        trigger=str(started.get("trigger") or "") or None,
    )


def retry_origin(session: Session, run: Run) -> str:
    """The temporal id of the first run of `run`'s retry chain: a retry re-uses its keys."""
    seen = {run.id}
    while run.retry_of is not None and run.retry_of not in seen:
        first = session.get(Run, run.retry_of)
        if first is None:
            break
        seen.add(first.id)
        run = first
    return run.temporal_workflow_id


class RunNotRetryable(Exception):
    """The run cannot be retried; the message says why."""


async def _started_with(client: Client, run: Run) -> dict[str, Any]:
    """The RunInput `run` was started with, read back from its history."""
    history = await _handle(client, run).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    [argument] = await client.data_converter.decode(started.input.payloads)
    return dict(argument)
