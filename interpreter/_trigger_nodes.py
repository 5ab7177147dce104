"""Inline trigger nodes: the webhook trigger and the webhook's answer."""

from typing import Any

from ._expressions import render
from ._pure_nodes_types import InlineNode, InlineResult, Inputs


def is_trigger(node_type: str) -> bool:
    """Trigger nodes start a run (manual, webhook, schedule); they have no inputs."""
    return node_type.startswith("trigger.")


def _webhook_trigger(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    return context["inputs"], "out"


def _webhook_respond(config: dict[str, Any], context: dict[str, Any], _: Inputs) -> InlineResult:
    status = render(config.get("status", 200), context)
    try:
        status = int(status)
    except (TypeError, ValueError):
        status = 0
    if not 100 <= status <= 599:
        raise ValueError(f"'status' must be an HTTP status code (100-599), not {status!r}")
    headers = render(config.get("headers") or {}, context)
    if not isinstance(headers, dict):
        raise ValueError("'headers' must be an object of header name → value")
    body = render(config.get("body"), context)
    return {
        "status": status,
        "headers": {str(k): _text(v) for k, v in headers.items()},
        "body": body,
    }, "out"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


RESPOND_TYPE = "webhook.respond"
"""The node whose output is a webhook's answer."""

TRIGGER_NODES: dict[str, InlineNode] = {
    "trigger.webhook": _webhook_trigger,
    RESPOND_TYPE: _webhook_respond,
}
"""Merged into the inline registry."""
