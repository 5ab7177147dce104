"""`flow.subworkflow` and `flow.for_each`: other saved workflows run as child workflows.

The API embeds each referenced workflow's plan (pinned version) in the node's config as
`_plan` when the run starts, so the workflow needs no I/O to find it. Big for-each lists are
split into batch children (each a one-node for-each over its slice), so no history grows
past Temporal's limits.
"""

import asyncio
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ChildWorkflowError
from temporalio.workflow import ParentClosePolicy

from ._binding import child_binding
from ._contracts import NodeOutcome, NodePlan, RetrySpec
from ._expressions import render
from ._keys import child_origin
from ._patches import RUN_SHAPE_PATCH, child_workflow_type, patched

Binding = dict[str, Any] | None
"""The parent's verified `{claim, signature}`; None for runs recorded before bindings."""

MAX_CHILDREN_PER_RUN = 500
"""More items than this go to batch children of this size."""


class ChildFailed(ValueError):
    """A child run failed; the node fails with its message."""


async def run_child_node(
    node: NodePlan, context: dict[str, Any], binding: dict[str, Any] | None
) -> NodeOutcome:
    """`binding`: this run's verified binding; None only for runs from before bindings."""
    config = render({k: v for k, v in node.config.items() if k != "_plan"}, context)
    plan = node.config.get("_plan")
    if not isinstance(plan, dict):
        raise ChildFailed("the referenced workflow's plan is missing; start the run again")
    if node.type == "flow.subworkflow":
        result = await _child(node.id, plan, config.get("inputs") or {}, binding)
        return NodeOutcome(output=result["output"], attempt=1)
    items = config.get("items")
    if not isinstance(items, list):
        raise ChildFailed(f"'items' must be a list, not {type(items).__name__}")
    concurrency = int(config.get("concurrency") or 5)
    if len(items) > MAX_CHILDREN_PER_RUN:
        results = await _batches(node, plan, items, concurrency, binding)
    else:
        offset = int(config.get("index_offset") or 0)  # set in batch children's plans
        results = await _each(node.id, plan, items, concurrency, binding, offset)
    return NodeOutcome(output={"results": results, "count": len(results)}, attempt=1)


async def _each(
    node_id: str,
    plan: dict[str, Any],
    items: list[Any],
    limit: int,
    binding: Binding,
    offset: int = 0,
) -> list[Any]:
    """One child per item; `inputs.index` counts from `offset` (a batch's first item), the
    child ids from 0 within this run."""
    gate = asyncio.Semaphore(max(1, limit))
    signed = await _signed(binding, plan) if items else None  # one plan: one signature

    async def one(index: int, item: Any) -> Any:
        async with gate:
            inputs = {"item": item, "index": offset + index}
            result = await _child(f"{node_id}-{index}", plan, inputs, binding, signed)
            return result["output"]

    return list(await asyncio.gather(*(one(i, item) for i, item in enumerate(items))))


async def _batches(
    node: NodePlan, plan: dict[str, Any], items: list[Any], limit: int, binding: Binding
) -> list[Any]:
    size = MAX_CHILDREN_PER_RUN
    outputs: list[Any] = []
    for start in range(0, len(items), size):
        batch = _batch_plan(node, plan, items[start : start + size], limit, start)
        result = await _child(f"{node.id}-batch-{start // size}", batch, {}, binding)
        outputs.extend(result["output"][node.id]["results"])
    return outputs


def _batch_plan(
    node: NodePlan, plan: dict[str, Any], items: list[Any], limit: int, offset: int
) -> dict[str, Any]:
    retry = vars(node.retry) if isinstance(node.retry, RetrySpec) else node.retry
    one = {
        **vars(node),
        "retry": retry,
        "config": {"items": items, "concurrency": limit, "index_offset": offset, "_plan": plan},
    }
    return {**plan, "nodes": [one], "edges": []}


async def _signed(binding: Binding, plan: dict[str, Any]) -> dict[str, Any] | None:
    return None if binding is None else await child_binding(binding, plan)


async def _child(
    suffix: str,
    plan: dict[str, Any],
    inputs: dict[str, Any],
    binding: Binding,
    signed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run `plan` as a child; its binding is signed here unless the caller did already."""
    argument: dict[str, Any] = {"plan": plan, "inputs": inputs}
    if patched(RUN_SHAPE_PATCH):
        argument["origin"] = child_origin(suffix)
    if binding is not None:
        argument["binding"] = signed or await child_binding(binding, plan)
    try:
        return await workflow.execute_child_workflow(
            child_workflow_type(),
            argument,
            id=f"{workflow.info().workflow_id}-{suffix}",
            result_type=dict,
            parent_close_policy=ParentClosePolicy.TERMINATE,
            static_summary=f"{plan.get('workflow_name', 'workflow')} (v{plan.get('version')})",
        )
    except ChildWorkflowError as exc:
        cause = exc.cause
        raise ChildFailed(
            f"child run {suffix} failed: {getattr(cause, 'message', cause)}"
        ) from None
