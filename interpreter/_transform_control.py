"""Control nodes that run inline: `logic.switch` (N-way routing) and `flow.fail`."""

import json
import re
from typing import Any, NoReturn

from ._expressions import ExpressionError, check_expression, evaluate_condition, render
from ._transform_fields import json_type, require_list

PORT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
RESERVED_PORTS = ("default", "error")
"""`default`: no rule matched; `error`: the node failed and continues on error."""


class FlowFailed(ValueError):
    """Raised by `flow.fail`; the workflow fails the node, and so the run, with its message."""


def switch(config: dict[str, Any], context: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The port of the first rule whose expression holds, else `default`."""
    rules = require_list(config.get("rules"), "config.rules")
    if not rules:
        raise ValueError("config.rules must list at least one rule")
    checked = [_rule(rule, f"config.rules[{i}]") for i, rule in enumerate(rules)]
    for index, (port, expression) in enumerate(checked):
        try:
            matched = evaluate_condition(expression, context)
        except ExpressionError as exc:
            raise ValueError(f"config.rules[{index}].expression: {exc}") from exc
        if matched:
            return {"port": port, "rule": index}, port
    return {"port": "default", "rule": None}, "default"


def _rule(rule: Any, where: str) -> tuple[str, str]:
    if not isinstance(rule, dict):
        raise ValueError(f"{where} must be an object with port and expression")
    port, expression = rule.get("port"), rule.get("expression")
    # Ports are read from the saved config to draw the node's handles: they must be literal.
    if not isinstance(port, str) or not PORT_NAME.match(port):
        raise ValueError(
            f"{where}.port must be a port name (letters, digits, '_' or '-'), not {port!r}"
        )
    if port in RESERVED_PORTS:
        raise ValueError(f"{where}.port cannot be '{port}': the node has that port already")
    if not isinstance(expression, str) or not expression.strip():
        raise ValueError(
            f"{where}.expression must be a JMESPath condition, not {json_type(expression)}"
        )
    body = expression.strip()
    if body.startswith("{{") and body.endswith("}}"):
        body = body[2:-2]
    try:  # every rule, not only those reached: a typo must not wait for its rare case
        check_expression(body.strip())
    except ExpressionError as exc:
        raise ValueError(f"{where}.expression: {exc}") from exc
    return port, expression


def fail(config: dict[str, Any], context: dict[str, Any]) -> NoReturn:
    """Stop the run: raise `FlowFailed` with the rendered message."""
    text = as_text(render(config.get("message"), context))
    raise FlowFailed(text.strip() or "stopped by flow.fail")


def as_text(value: Any) -> str:
    """A rendered value as text, as `{{ }}` inside text shows it: JSON for data, "" for null."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), sort_keys=True)
