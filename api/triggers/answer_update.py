"""Waiting for a webhook.respond node with one Temporal update instead of polling.

`GraphWorkflow.webhook_answer` returns as soon as a respond node succeeded: one round trip
through the Temporal server, where polling `node_states` every 50 ms costs a query (server
and worker CPU) per poll and up to 50 ms of latency. Anything unusual (a build without the
handler, a run that failed or ended without answering) falls back to polling, which tells
those cases apart.
"""

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

from temporalio.client import (
    Client,
    WorkflowFailureError,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.service import RPCError

from interpreter import GraphWorkflow, RunResult

from ..runs.control import with_outputs
from .webhooks import wait_for_answer


async def wait_for_answer_by_update(
    client: Client, temporal_id: str, respond_ids: list[str], timeout: float
) -> dict[str, Any] | str | None:
    """Like `wait_for_answer`: the first webhook.respond output, "failed", or None."""
    handle = client.get_workflow_handle_for(GraphWorkflow.run, temporal_id)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        update = handle.execute_update(
            "webhook_answer", respond_ids, result_type=dict, rpc_timeout=timedelta(seconds=timeout)
        )
        result: dict[str, Any] = await asyncio.wait_for(update, timeout)
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        return None
    except WorkflowUpdateFailedError:
        result = {"answer": None}  # a build without the handler: polling will tell
    except RPCError:
        # The run closed before the update reached it (inline-only graphs finish in their
        # first workflow task): its result holds the answer.
        return await _from_result(handle, respond_ids, max(deadline - loop.time(), 1.0))
    if result.get("answer") is not None:
        return dict(result["answer"])
    return await wait_for_answer(client, temporal_id, respond_ids, max(deadline - loop.time(), 1.0))


async def _from_result(
    handle: WorkflowHandle[Any, dict[str, Any]], respond_ids: list[str], timeout: float
) -> dict[str, Any] | str | None:
    try:
        result = await handle.result(rpc_timeout=timedelta(seconds=timeout))
    except WorkflowFailureError:
        return "failed"
    except RPCError:
        return None
    run = RunResult.from_dict(result)
    answer = first_answer(run, respond_ids)
    if answer is not None or run.outputs_inline or run.answers:
        return answer
    # A result without outputs and without answers (from before "answers"): ask the query.
    return first_answer(replace(run, nodes=await with_outputs(handle, run.nodes)), respond_ids)


def first_answer(run: RunResult, respond_ids: list[str]) -> dict[str, Any] | None:
    """The output of the first of `respond_ids` that answered, from the result alone."""
    for node_id in respond_ids:
        state = run.nodes.get(node_id)
        if state is None or state.status != "succeeded":
            continue
        output = run.answers.get(node_id, state.output)
        if isinstance(output, dict):
            return output
    return None
