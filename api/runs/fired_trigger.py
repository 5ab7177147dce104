"""Which trigger node a run started from: the others, and the branches only they feed, skip."""

from typing import Any

from activities import NODE_TYPES


class NotATrigger(ValueError):
    """The `trigger` a caller named is not a trigger node of the version."""


def trigger_ids(graph: dict[str, Any], node_type: str | None = None) -> list[str]:
    """Ids of the graph's trigger nodes (of `node_type` only, when given)."""
    return [
        n["id"]
        for n in graph.get("nodes", [])
        if _is_trigger(n.get("type", "")) and node_type in (None, n.get("type"))
    ]


def fired_trigger(graph: dict[str, Any], requested: str | None) -> str:
    """The `RunInput.trigger` of a run: `requested` checked, else the one manual trigger of a
    graph with several; "" (all triggers run) where there is no choice to make."""
    triggers = trigger_ids(graph)
    if requested is not None and requested not in triggers:
        raise NotATrigger(f"'trigger': {requested!r} is not a trigger node of this version")
    if len(triggers) < 2:
        return ""  # one trigger: nothing to skip, and no patch marker in history
    if requested is not None:
        return requested
    manual = trigger_ids(graph, "trigger.manual")
    return manual[0] if len(manual) == 1 else ""


def _is_trigger(node_type: str) -> bool:
    spec = NODE_TYPES.get(node_type)
    return spec is not None and spec.category == "Triggers" and not spec.input_ports
