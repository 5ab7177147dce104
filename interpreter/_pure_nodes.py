"""Nodes that run inline in the workflow: deterministic, no I/O, no history events."""

from typing import Any

from ._expressions import evaluate_condition, render
from ._pure_nodes_types import InlineNode, InlineResult, Inputs
from ._transform_nodes import TRANSFORM_NODES
from ._trigger_nodes import TRIGGER_NODES


def _manual_trigger(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    return context["inputs"], "out"


def _set_fields(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    return render(config.get("fields", {}), context), "out"


def _condition(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    result = evaluate_condition(config["expression"], context)
    return {"result": result}, "true" if result else "false"


def _merge(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
    return {s: context["nodes"][s]["output"] for port in inputs.values() for s in port}, "out"


INLINE_NODES: dict[str, InlineNode] = {
    "trigger.manual": _manual_trigger,
    "transform.set": _set_fields,
    "logic.condition": _condition,
    "logic.merge": _merge,
    **TRANSFORM_NODES,
    **TRIGGER_NODES,
}
"""Implementations by node type; each takes (raw config, context, active sources)."""
