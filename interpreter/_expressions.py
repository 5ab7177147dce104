"""The expression language: `{{ <JMESPath> }}` inside config strings.

A string that is exactly one expression keeps the value's type; otherwise each
expression is rendered into the text. The context holds `inputs` and `nodes.<id>.output`.
JMESPath has no side effects, no I/O and no clock, so evaluation is deterministic.
"""

import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import jmespath
import jmespath.exceptions
from jmespath import visitor

from ._budget import Budget, ExpressionError, active_limits, measure, nesting_depth
from ._contracts import ExpressionLimits
from ._functions import FUNCTIONS

if TYPE_CHECKING:
    from jmespath.visitor import _TreeNode

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NODE_REFERENCE = re.compile(r"""(?<![\w"'.])nodes\s*\.\s*"?([A-Za-z_][\w-]*)"?""")

__all__ = [
    "ExpressionError",
    "check_expression",
    "evaluate",
    "evaluate_condition",
    "find_expressions",
    "compile_search",
    "render",
    "search",
]


class _BudgetedInterpreter(visitor.TreeInterpreter):
    """JMESPath's own interpreter, charging every value it creates against a budget.

    Reading existing data (a field, an index, `@`) is free; lists, objects, projections,
    slices, function results and literals are measured as they are made.
    """

    def __init__(self, budget: Budget) -> None:
        super().__init__(_OPTIONS)
        self._budget = budget

    def visit(self, node: "_TreeNode", *args: Any, **kwargs: Any) -> Any:
        result = super().visit(node, *args, **kwargs)
        if node["type"] in _CREATING:
            self._budget.charge(result)
        return result


_OPTIONS = jmespath.Options(custom_functions=FUNCTIONS)
"""JMESPath's functions plus Sluice's (interpreter/_functions.py)."""

_CREATING = frozenset(
    {
        "multi_select_list",
        "multi_select_dict",
        "projection",
        "value_projection",
        "filter_projection",
        "flatten",
        "slice",
        "function_expression",
        "literal",
    }
)
"""AST node types whose result is a new value, not a part of their input."""


def search(body: str, data: Any, *, budget: Budget | None = None) -> Any:
    """Evaluate a JMESPath expression under a budget (a fresh one by default).

    Raises `jmespath.exceptions.JMESPathError` or `ExpressionError` (limits, budget).
    """
    return compile_search(body)(data, budget)


def compile_search(body: str) -> Callable[[Any, Budget | None], Any]:
    """Parse once (within the limits); the answer evaluates under a budget per call
    (a fresh one unless given), as `search` does."""
    limits = active_limits()
    parsed = _parse(body, limits)

    def run(data: Any, budget: Budget | None = None) -> Any:
        spend = budget or Budget.start(f"expression {_short(body)}", limits)
        try:
            return _BudgetedInterpreter(spend).visit(parsed.parsed, data)
        except RecursionError:
            raise ExpressionError(f"expression {_short(body)} nests too deeply") from None

    return run


def _parse(body: str, limits: ExpressionLimits) -> Any:
    if len(body) > limits.max_length:
        raise ExpressionError(
            f"expression {_short(body)} is {len(body):,} characters long; the limit is "
            f"{limits.max_length:,} (EXPRESSION_MAX_LENGTH)"
        )
    try:
        parsed = jmespath.compile(body)
    except RecursionError:
        raise ExpressionError(
            f"expression {_short(body)} nests too deeply; the limit is "
            f"{limits.max_depth} levels (EXPRESSION_MAX_DEPTH)"
        ) from None
    depth = _ast_depth(parsed.parsed, limits.max_depth)
    if depth > limits.max_depth:
        raise ExpressionError(
            f"expression {_short(body)} nests more than {limits.max_depth} levels deep "
            "(EXPRESSION_MAX_DEPTH); split it over several nodes"
        )
    return parsed


def _ast_depth(ast: Any, stop_after: int) -> int:
    deepest, stack = 0, [(ast, 1)]
    while stack and deepest <= stop_after:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((c, depth + 1) for c in node.get("children", ()) if isinstance(c, dict))
    return deepest


def _literals(ast: Any) -> Iterator[Any]:
    stack = [ast]
    while stack:
        node = stack.pop()
        if node.get("type") == "literal":
            yield node.get("value")
        stack.extend(c for c in node.get("children", ()) if isinstance(c, dict))


def _short(body: str) -> str:
    return repr(body if len(body) <= 60 else body[:57] + "...")


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
    limits = active_limits()
    try:
        parsed = _parse(body, limits)
    except jmespath.exceptions.JMESPathError as exc:
        raise ExpressionError(f"invalid expression '{body}': {exc}") from exc
    for literal in _literals(parsed.parsed):
        if measure(literal, limits.max_result_bytes) > limits.max_result_bytes:
            raise ExpressionError(
                f"expression {_short(body)} holds a literal larger than "
                f"{limits.max_result_bytes:,} bytes (EXPRESSION_MAX_RESULT_BYTES)"
            )
    return set(_NODE_REFERENCE.findall(body))


def evaluate(body: str, context: dict[str, Any], budget: Budget | None = None) -> Any:
    """Evaluate one expression body against the run context, under a size budget."""
    try:
        return search(body, context, budget=budget)
    except jmespath.exceptions.JMESPathError as exc:
        raise ExpressionError(f"expression '{body}' failed: {exc}") from exc


def render(value: Any, context: dict[str, Any]) -> Any:
    """Resolve every expression in a config value (recursively).

    The whole rendered value shares one budget: its expressions' work and what it holds.
    """
    limits = active_limits()
    if nesting_depth(value, limits.max_config_depth) > limits.max_config_depth:
        raise ExpressionError(
            f"the config nests more than {limits.max_config_depth} levels deep (CONFIG_MAX_DEPTH)"
        )
    return _render(value, context, Budget.start("the rendered config", limits))


def _render(value: Any, context: dict[str, Any], budget: Budget) -> Any:
    if isinstance(value, dict):
        budget.spend(2 + 4 * len(value))
        return {k: _render(v, context, budget) for k, v in value.items()}
    if isinstance(value, list):
        budget.spend(2 + len(value))
        return [_render(v, context, budget) for v in value]
    if not isinstance(value, str) or "{{" not in value:
        budget.charge(value)
        return value
    whole = _EXPRESSION.fullmatch(value.strip())
    if whole and "{{" not in whole.group(1):
        result = evaluate(whole.group(1).strip(), context, budget)
        budget.charge(result)
        return result

    def piece(match: re.Match[str]) -> str:
        result = evaluate(match.group(1).strip(), context, budget)
        budget.charge(result)  # before it is written out as text
        return _as_text(result)

    return _EXPRESSION.sub(piece, value)


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
