"""Nodes that run inline in the workflow: deterministic, no I/O, no history events."""

from collections.abc import Callable
from typing import Any

from ._expressions import evaluate_condition, render

InlineResult = tuple[Any, str]
"""(output, port emitted)."""


def _manual_trigger(config: dict[str, Any], context: dict[str, Any], _: list[str]) -> InlineResult:
    return context["inputs"], "out"


def _set_fields(config: dict[str, Any], context: dict[str, Any], _: list[str]) -> InlineResult:
    return render(config.get("fields", {}), context), "out"


def _condition(config: dict[str, Any], context: dict[str, Any], _: list[str]) -> InlineResult:
    result = evaluate_condition(config["expression"], context)
    return {"result": result}, "true" if result else "false"


def _merge(config: dict[str, Any], context: dict[str, Any], sources: list[str]) -> InlineResult:
    return {s: context["nodes"][s]["output"] for s in sources}, "out"


INLINE_NODES: dict[str, Callable[[dict[str, Any], dict[str, Any], list[str]], InlineResult]] = {
    "trigger.manual": _manual_trigger,
    "transform.set": _set_fields,
    "logic.condition": _condition,
    "logic.merge": _merge,
}
"""Implementations by node type; each takes (raw config, context, active sources)."""
