"""The expression language: `{{ <JMESPath> }}` inside config strings.

A string that is exactly one expression keeps the value's type; otherwise each
expression is rendered into the text. The context holds `inputs` and `nodes.<id>.output`.
JMESPath has no side effects, no I/O and no clock, so evaluation is deterministic.
"""

import json
import re
from typing import Any

import jmespath
import jmespath.exceptions

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NODE_REFERENCE = re.compile(r"""(?<![\w"'.])nodes\s*\.\s*"?([A-Za-z_][\w-]*)"?""")


class ExpressionError(ValueError):
    """An expression that does not parse or cannot be evaluated."""


def find_expressions(value: Any, path: str = "config") -> list[tuple[str, str]]:
    """Every `(field path, expression body)` in a config value, nested values included."""
    if isinstance(value, str):
        return [(path, m.group(1).strip()) for m in _EXPRESSION.finditer(value)]
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in find_expressions(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in find_expressions(v, f"{path}[{i}]")]
    return []


def check_expression(body: str) -> set[str]:
    """Parse one expression; answer the node ids it reads. Raises ExpressionError."""
    if not body:
        raise ExpressionError("empty expression '{{ }}'")
    try:
        jmespath.compile(body)
    except jmespath.exceptions.JMESPathError as exc:
        raise ExpressionError(f"invalid expression '{body}': {exc}") from exc
    return set(_NODE_REFERENCE.findall(body))


def evaluate(body: str, context: dict[str, Any]) -> Any:
    """Evaluate one expression body against the run context."""
    try:
        return jmespath.search(body, context)
    except jmespath.exceptions.JMESPathError as exc:
        raise ExpressionError(f"expression '{body}' failed: {exc}") from exc


def render(value: Any, context: dict[str, Any]) -> Any:
    """Resolve every expression in a config value (recursively)."""
    if isinstance(value, dict):
        return {k: render(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [render(v, context) for v in value]
    if not isinstance(value, str) or "{{" not in value:
        return value
    whole = _EXPRESSION.fullmatch(value.strip())
    if whole and "{{" not in whole.group(1):
        return evaluate(whole.group(1).strip(), context)
    return _EXPRESSION.sub(lambda m: _as_text(evaluate(m.group(1).strip(), context)), value)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def evaluate_condition(expression: str, context: dict[str, Any]) -> bool:
    """Truthiness of a condition, written with or without `{{ }}`."""
    body = expression.strip()
    whole = _EXPRESSION.fullmatch(body)
    if whole:
        body = whole.group(1).strip()
    return _truthy(evaluate(body, context))


def _truthy(value: Any) -> bool:
    # Python's notion, which users expect: 0, "", [], {}, null and false are false.
    return bool(value)
