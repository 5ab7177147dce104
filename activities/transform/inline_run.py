"""`inline.run`: an inline node over claim-checked data, run where blobs can be read.

The workflow sends an inline node here when it reads an upstream output the claim check
stored as a blob (interpreter's offload rule); the node's own pure implementation then runs on
the data. A large result is claim-checked again on the way out, like any node output.
"""

import asyncio
from dataclasses import replace
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from core.blobs import BlobStore
from interpreter import (
    INLINE_NODES,
    OFFLOAD_ACTIVITY,
    ExpressionLimits,
    NodeTask,
    claimed_fields,
    measure,
    using_limits,
)

from .._deps import NodeDependencies
from .._runtime import NodeError, Routed, node_activity, with_heartbeats
from .stream_aggregate import NODE_TYPE as STREAMED_AGGREGATE
from .stream_aggregate import aggregate_stream, streamed_items

"""None of its own: it runs the inline node types (listed here so the catalog builds it)."""


def build(deps: NodeDependencies) -> list[object]:
    return [InlineRunActivities(deps.blobs).run]


class InlineRunActivities:
    """Runs inline node implementations on resolved claim-checked data."""

    def __init__(self, blobs: BlobStore) -> None:
        self.blobs = blobs

    @node_activity(OFFLOAD_ACTIVITY)
    async def run(self, task: NodeTask) -> Any:
        """`task.config` is `{config, context, inputs}`: the node's raw config, the slice of
        the run context it reads, and its input port → upstream node ids."""
        implementation = INLINE_NODES.get(task.node_type)
        if implementation is None:
            raise NodeError(f"{task.node_type!r} is not an inline node type", retryable=False)
        request = task.config
        if task.node_type == STREAMED_AGGREGATE and (ref := streamed_items(request)):
            return await self._aggregate_streamed(task, ref)
        context = await with_heartbeats(self._resolved(task.workspace_id, request["context"]))
        limits = _limits(request.get("limits"), context)
        work = asyncio.to_thread(
            _run, limits, implementation, request["config"], context, request["inputs"]
        )
        try:
            output, port = await with_heartbeats(work)
        except Exception as exc:
            # Pure code on the same data fails the same way every time: never retry it. No
            # type, so the run shows the message the node gives when it runs inline.
            attempt = {"attempt": activity.info().attempt}
            raise ApplicationError(str(exc), attempt, non_retryable=True) from None
        return Routed(output, port)

    async def _aggregate_streamed(self, task: NodeTask, ref: dict[str, Any]) -> Any:
        """The aggregate over rows decoded as they are read (stream_aggregate.py)."""
        work = aggregate_stream(self.blobs, task.workspace_id, task.config["config"], ref)
        try:
            output = await with_heartbeats(work)
        except (ValueError, ArithmeticError, LookupError, TypeError) as exc:
            # As inline: the message the node gives, never retried (NodeErrors pass on).
            message = (
                str(exc) if type(exc) is ValueError else f"unexpected {type(exc).__name__}: {exc}"
            )
            attempt = {"attempt": activity.info().attempt}
            raise ApplicationError(message, attempt, non_retryable=True) from None
        return Routed(output, "out")

    async def _resolved(self, workspace_id: str, context: dict[str, Any]) -> dict[str, Any]:
        """The context with each claim-checked output (or field of one) loaded as data."""
        nodes = {}
        for node_id, state in context["nodes"].items():
            output, claimed = state["output"], claimed_fields(state["output"])
            if None in claimed:
                output = await self.blobs.load_json(workspace_id, output)
            elif claimed:
                output = {
                    key: await self.blobs.load_json(workspace_id, value)
                    if key in claimed
                    else value
                    for key, value in output.items()
                }
            nodes[node_id] = {**state, "output": output}
        return {**context, "nodes": nodes}


def _limits(recorded: dict[str, Any] | None, context: dict[str, Any]) -> ExpressionLimits:
    """The run's limits, with room for the claim-checked data this node was sent here to
    read: the budget bounds what expressions build beyond it."""
    limits = ExpressionLimits(**(recorded or {}))
    size = measure(context, 1 << 40)
    return replace(limits, max_result_bytes=limits.max_result_bytes + size)


def _run(limits: ExpressionLimits, implementation: Any, *args: Any) -> Any:
    with using_limits(limits):
        return implementation(*args)
