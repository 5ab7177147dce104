"""Starting a respond-when-done run and asking for its answer in one Temporal call.

Update-with-start (WEBHOOK_UPDATE_WITH_START) sends the start and the `webhook_answer`
update together: the update reaches the run's first workflow task, where an all-inline graph
answers, so the API makes one round trip instead of a start and then an update that often
arrives after the run closed. The start is atomic with the update: a delivery this call
accepted is a run in Temporal even if the API dies before it answers.
"""

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from sqlmodel import Session
from temporalio.client import (
    Client,
    WithStartWorkflowOperation,
    WorkflowFailureError,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateHandle,
    WorkflowUpdateRPCTimeoutOrCancelledError,
    WorkflowUpdateStage,
)
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.service import RPCError, RPCStatusCode

from core.config import Settings
from core.db import off_loop
from core.metrics import RUNS_STARTED
from core.models import Workflow, WorkflowVersion
from interpreter import GraphWorkflow, RunResult

from ..runs.start import PreparedStart, prepare_start, record_start, start_options
from .answer_update import first_answer, wait_for_answer_by_update

Answer = dict[str, Any] | str | None
"""The first webhook.respond output, "failed", or None (no answer in time, or none)."""


async def start_and_answer(
    *,
    session: Session,
    client: Client,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    inputs: dict[str, Any],
    trigger: str,
    respond_ids: list[str],
) -> tuple[uuid.UUID, Answer]:
    """Start a run (fresh id) with the `webhook_answer` update; record its row; answer."""
    start = await off_loop(
        session, prepare_start, settings, workflow, version, inputs, None, "", trigger, None
    )
    if settings.api_eager_workflows and _all_inline(start.argument["plan"]):
        return start.run_id, await _start_eagerly(
            session, client, settings, workflow, version, start, respond_ids
        )
    operation = WithStartWorkflowOperation(
        GraphWorkflow.run,
        start.argument,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        **start_options(settings, workflow, version, start),
    )
    timeout = settings.webhook_response_timeout_seconds
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    update: WorkflowUpdateHandle[dict[str, Any]] | None = None
    try:
        update = await asyncio.wait_for(
            client.start_update_with_start_workflow(
                "webhook_answer",
                respond_ids,
                start_workflow_operation=operation,
                wait_for_stage=_stage(start.argument["plan"]),
                result_type=dict,
                rpc_timeout=timedelta(seconds=timeout),
            ),
            timeout,
        )
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateFailedError):
        pass  # the run may still have started: `_started` finds out
    handle = await _started(client, operation, start)
    await _record(session, client, workflow, version, start, handle)
    remaining = max(deadline - loop.time(), 1.0)
    if update is None:
        return start.run_id, await wait_for_answer_by_update(
            client, start.temporal_id, respond_ids, remaining
        )
    try:
        result = await asyncio.wait_for(update.result(), remaining)
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        return start.run_id, None
    except (WorkflowUpdateFailedError, RPCError):
        result = {"answer": None}  # the run ended first, or has no handler: ask it again
    if result.get("answer") is not None:
        return start.run_id, dict(result["answer"])
    remaining = max(deadline - loop.time(), 1.0)
    return start.run_id, await wait_for_answer_by_update(
        client, start.temporal_id, respond_ids, remaining
    )


def _all_inline(plan: dict[str, Any]) -> bool:
    """A graph of inline nodes only: it runs whole in its first workflow task."""
    return all(node.get("kind") == "inline" for node in plan["nodes"])


def _stage(plan: dict[str, Any]) -> WorkflowUpdateStage:
    """COMPLETED for an all-inline graph: accepted and answered in its first workflow task,
    so waiting for the answer in the start call spares the poll for it. Other graphs answer
    later: ACCEPTED, so the run row is written while they run."""
    return WorkflowUpdateStage.COMPLETED if _all_inline(plan) else WorkflowUpdateStage.ACCEPTED


async def _start_eagerly(
    session: Session,
    client: Client,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
    start: PreparedStart,
    respond_ids: list[str],
) -> Answer:
    """Start with `request_eager_start` (API_EAGER_WORKFLOWS) and wait for the result, which
    holds the answer: the start's answer carries the run's first workflow task to this
    process's worker, which runs the whole all-inline graph in it; no trip through the task
    queue, no update. Temporal has persisted the start before it answers."""
    handle = await client.start_workflow(
        GraphWorkflow.run,
        start.argument,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        request_eager_start=True,
        **start_options(settings, workflow, version, start),
    )
    timeout = settings.webhook_response_timeout_seconds
    result = asyncio.ensure_future(handle.result(rpc_timeout=timedelta(seconds=timeout)))
    try:
        await _record(session, client, workflow, version, start, handle)
        raw = await asyncio.wait_for(result, timeout)
    except (TimeoutError, RPCError):
        return None
    except WorkflowFailureError:
        return "failed"
    finally:
        result.cancel()
    return first_answer(RunResult.from_dict(raw), respond_ids)


async def _started(
    client: Client, operation: WithStartWorkflowOperation[Any, Any], start: PreparedStart
) -> WorkflowHandle[Any, Any]:
    """The started run's handle; raises RPCError NOT_FOUND when the start did not happen."""
    try:
        return await asyncio.wait_for(operation.workflow_handle(), 0)
    except (TimeoutError, RPCError):
        pass
    handle = client.get_workflow_handle(start.temporal_id)
    description = await handle.describe()  # NOT_FOUND: nothing was accepted
    return client.get_workflow_handle(start.temporal_id, first_execution_run_id=description.run_id)


async def _record(
    session: Session,
    client: Client,
    workflow: Workflow,
    version: WorkflowVersion,
    start: PreparedStart,
    handle: WorkflowHandle[Any, Any],
) -> None:
    temporal_run_id = handle.first_execution_run_id or handle.result_run_id or ""
    try:
        await off_loop(session, record_start, workflow, version, start, temporal_run_id, None)
    except Exception:
        try:
            await handle.terminate(reason="the run could not be recorded in the app database")
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:  # NOT_FOUND: it has already closed
                raise
        raise
    RUNS_STARTED.labels(workflow.name).inc()
