"""Pure data transforms and control nodes that run inline in the workflow.

Each renders its config's `{{ }}` against the run context (except per-item or per-rule
expressions, which it evaluates itself) and fails with a ValueError naming the config field.
"""

import functools
from typing import Any

from ._expressions import render
from ._pure_nodes_types import InlineNode, InlineResult, Inputs
from ._transform_aggregate import aggregate_items
from ._transform_control import as_text, fail, switch
from ._transform_fields import items_of
from ._transform_filter import filter_items
from ._transform_join import join_items
from ._transform_order import dedupe_items, sort_items


def _guarded(node: InlineNode) -> InlineNode:
    """Report an unexpected error as a node failure: the workflow turns only ValueError,
    KeyError and TypeError into one, and any other exception would retry the workflow task
    forever."""

    @functools.wraps(node)
    def run(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
        try:
            return node(config, context, inputs)
        except (ArithmeticError, AttributeError, LookupError, RecursionError, TypeError) as exc:
            raise ValueError(f"unexpected {type(exc).__name__}: {exc}") from exc

    return run


def _rendered(config: dict[str, Any], context: dict[str, Any], *raw: str) -> dict[str, Any]:
    """The config with `{{ }}` resolved, except the `raw` fields (evaluated later, per item)."""
    if not isinstance(config, dict):
        raise ValueError("config must be an object")
    rendered = render({k: v for k, v in config.items() if k not in raw}, context)
    return {**rendered, **{k: config[k] for k in raw if k in config}}


def _listed(items: list[Any]) -> tuple[dict[str, Any], str]:
    return {"items": items, "count": len(items)}, "out"


def _filter(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
    config = _rendered(config, context, "condition")
    return _listed(filter_items(items_of(config, context, inputs.get("in", [])), config))


def _sort(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
    config = _rendered(config, context)
    return _listed(sort_items(items_of(config, context, inputs.get("in", [])), config.get("by")))


def _aggregate(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
    config = _rendered(config, context)
    items = items_of(config, context, inputs.get("in", []))
    return _listed(aggregate_items(items, config.get("group_by"), config.get("aggregations")))


def _dedupe(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
    config = _rendered(config, context)
    items = items_of(config, context, inputs.get("in", []))
    kept = dedupe_items(items, config.get("fields"), config.get("keep"))
    output, port = _listed(kept)
    return {**output, "removed": len(items) - len(kept)}, port


def _join(config: dict[str, Any], context: dict[str, Any], inputs: Inputs) -> InlineResult:
    config = _rendered(config, context)
    left = items_of(
        config, context, inputs.get("left", []), field="left_items", path_field="left_path"
    )
    right = items_of(
        config, context, inputs.get("right", []), field="right_items", path_field="right_path"
    )
    rows = join_items(
        left,
        right,
        config.get("on"),
        how=config.get("how"),
        left_prefix=config.get("left_prefix", "left_"),
        right_prefix=config.get("right_prefix", "right_"),
    )
    return _listed(rows)


def _template(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    template = config.get("template") if isinstance(config, dict) else None
    if not isinstance(template, str):
        raise ValueError("config.template must be text")
    return {"text": as_text(render(template, context))}, "out"


def _switch(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    return switch(config, context)


def _fail(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    fail(config, context)


TRANSFORM_NODES: dict[str, InlineNode] = {
    name: _guarded(node)
    for name, node in {
        "transform.filter": _filter,
        "transform.sort": _sort,
        "transform.aggregate": _aggregate,
        "transform.dedupe": _dedupe,
        "transform.join": _join,
        "transform.template": _template,
        "logic.switch": _switch,
        "flow.fail": _fail,
    }.items()
}
"""Implementations by node type; merged into the inline registry."""
