"""Inline nodes over claim-checked data run as the `inline.run` activity instead.

Workflow code cannot read blobs, so an inline node that reads an upstream output the claim
check stored as a blob runs its same pure implementation in a worker, which resolves the
references first (activities/inline_run.py). Runs without such data never get here: their
command sequence is unchanged.
"""

from collections.abc import Iterator
from dataclasses import asdict
from datetime import timedelta
from typing import Any

import jmespath
import jmespath.exceptions
from temporalio import workflow
from temporalio.common import RetryPolicy

from ._budget import active_limits
from ._contracts import NodeOutcome, NodePlan, NodeTask
from ._expressions import check_expression, find_expressions
from ._keys import idempotency_key
from ._pure_nodes_types import Inputs

OFFLOAD_ACTIVITY = "inline.run"
HEARTBEAT_SECONDS = 10.0

PASS_THROUGH = frozenset({"trigger.manual", "trigger.webhook", "logic.merge"})
"""Nodes that hand data on without reading it: a reference is as good as the data."""
ITEMS_FROM_PORTS = frozenset(
    {
        "transform.filter",
        "transform.sort",
        "transform.aggregate",
        "transform.dedupe",
        "transform.join",
    }
)
"""Nodes that work on the items of the nodes connected to their inputs (unless configured)."""

Claims = dict[str, set[str | None]]
"""Node id → its output's claim-checked fields (None: the whole output)."""


def claimed_fields(output: Any) -> set[str | None]:
    """The top-level fields of a node's output that were stored as blobs (None: all of it).

    Such a blob is JSON named after the field it stands for: `<node>.<field>.json` from the
    claim check (activities/_runtime.py), `<file>.rows.json` from `file.parse_csv`. Any other
    reference is a file, which nodes pass on as a reference and never read as data.
    """
    if _is_data(output, "output"):
        return {None}
    if not isinstance(output, dict):
        return set()
    return {key for key, value in output.items() if _is_data(value, key)}


def _is_data(value: Any, field: str) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("$blob"), str)
        and value.get("content_type") == "application/json"
        and str(value.get("name", "")).endswith(f".{field}.json")
    )


def reads_claimed_data(node: NodePlan, context: dict[str, Any], inputs: Inputs) -> bool:
    """Whether an inline node needs data the claim check stored, so must run as an activity.

    Conservative: an expression naming a claimed field, or reading the node's output whole,
    counts as reading it; an expression naming only inline fields (`row_count`) does not.
    """
    if node.type in PASS_THROUGH:
        return False
    claims: Claims = {}
    for node_id, state in context["nodes"].items():
        if fields := claimed_fields(state.get("output")):
            claims[node_id] = fields
    if not claims:
        return False  # the common case, decided without parsing anything
    if node.type in ITEMS_FROM_PORTS and any(s in claims for p in inputs.values() for s in p):
        return True
    for names, read in _expression_reads(node.config):
        for node_id in claims if read is None else read & claims.keys():
            claimed, output = claims[node_id], context["nodes"][node_id]["output"]
            if None in claimed or names & claimed or not names & (set(output) - claimed):
                return True  # a claimed field, or the output whole (no field of it named)
    return False


def context_slice(node: NodePlan, context: dict[str, Any], inputs: Inputs) -> dict[str, Any]:
    """The run inputs and the outputs of the nodes that `node` reads (by input or expression)."""
    wanted = {source for sources in inputs.values() for source in sources}
    for _, read in _expression_reads(node.config):
        if read is None:
            return context
        wanted |= read
    nodes = {n: state for n, state in context["nodes"].items() if n in wanted}
    return {"inputs": context["inputs"], "nodes": nodes}


def _expression_reads(config: Any) -> Iterator[tuple[set[str], set[str] | None]]:
    """(field names, node ids read) of every expression in a config; ids None: any node
    (`values(nodes)`, `nodes.*`)."""
    for body in _bodies(config):
        try:
            read = check_expression(body)
            names = _field_names(jmespath.compile(body).parsed)
        except (ValueError, RecursionError, jmespath.exceptions.JMESPathError):
            continue  # plain text, not an expression
        if "nodes" in names:
            yield names, read or None


def _bodies(value: Any) -> Iterator[str]:
    """`{{ }}` bodies; a string without any may be a bare condition (`logic.switch` rules)."""
    if isinstance(value, str):
        bodies = [body for _, body in find_expressions(value)]
        yield from bodies or [value.strip()]
    elif isinstance(value, dict):
        for item in value.values():
            yield from _bodies(item)
    elif isinstance(value, list):
        for item in value:
            yield from _bodies(item)


def _field_names(ast: Any) -> set[str]:
    """Every field a JMESPath syntax tree names, wherever it is."""
    names = {ast["value"]} if ast.get("type") == "field" else set()
    for child in ast.get("children", ()):
        if isinstance(child, dict):
            names |= _field_names(child)
    return names


async def run_offloaded(
    node: NodePlan, context: dict[str, Any], inputs: Inputs, workspace_id: str
) -> NodeOutcome:
    """Run an inline node as the `inline.run` activity; its config stays raw (unrendered)."""
    run_id = workflow.info().workflow_id
    task = NodeTask(
        run_id=run_id,
        node_id=node.id,
        node_type=node.type,
        config={
            "config": node.config,
            "context": context_slice(node, context, inputs),
            "inputs": inputs,
            "limits": asdict(active_limits()),
        },
        idempotency_key=idempotency_key(node.id),
        workspace_id=workspace_id,
    )
    return await workflow.execute_activity(
        OFFLOAD_ACTIVITY,
        task,
        result_type=NodeOutcome,
        activity_id=node.id,
        start_to_close_timeout=timedelta(seconds=node.timeout_seconds),
        heartbeat_timeout=timedelta(seconds=HEARTBEAT_SECONDS),
        retry_policy=RetryPolicy(
            initial_interval=timedelta(seconds=node.retry.initial_interval_seconds),
            backoff_coefficient=node.retry.backoff_coefficient,
            maximum_interval=timedelta(seconds=node.retry.maximum_interval_seconds),
            maximum_attempts=node.retry.max_attempts,
        ),
        summary=node.label,
    )
