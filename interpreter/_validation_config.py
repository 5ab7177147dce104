"""Save-time checks of node configs: expressions, nesting and size."""

from dataclasses import dataclass
from typing import Any

from ._budget import measure, nesting_depth
from ._contracts import ExpressionLimits
from ._expressions import ExpressionError, check_expression, find_expressions


@dataclass(frozen=True)
class GraphError:
    """One reason a graph is invalid; `node_id` is None for graph-wide problems."""

    node_id: str | None
    field: str
    message: str


def check_config_sizes(
    by_id: dict[str, dict[str, Any]], limits: ExpressionLimits, errors: list[GraphError]
) -> None:
    """Configs that could never render: nested too deeply, or larger than the budget."""
    for node_id, node in by_id.items():
        data = node.get("data")
        config = data.get("config") if isinstance(data, dict) else None
        if not isinstance(config, dict):
            continue
        if nesting_depth(config, limits.max_config_depth) > limits.max_config_depth:
            errors.append(
                GraphError(
                    node_id,
                    "config",
                    f"nests more than {limits.max_config_depth} levels deep (CONFIG_MAX_DEPTH)",
                )
            )
        elif measure(config, limits.max_result_bytes) > limits.max_result_bytes:
            errors.append(
                GraphError(
                    node_id,
                    "config",
                    f"is larger than {limits.max_result_bytes:,} bytes, the budget of a "
                    "rendered config (EXPRESSION_MAX_RESULT_BYTES)",
                )
            )


def ancestors(node_id: str, edges: list[tuple[str, str]]) -> set[str]:
    """Every node from which `node_id` can be reached."""
    parents: dict[str, set[str]] = {}
    for source, target in edges:
        parents.setdefault(target, set()).add(source)
    seen: set[str] = set()
    stack = list(parents.get(node_id, ()))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(parents.get(current, ()))
    return seen


def check_expressions(
    by_id: dict[str, dict[str, Any]], edges: list[tuple[str, str]], errors: list[GraphError]
) -> None:
    """Every expression parses, stays within the limits and reads only upstream nodes."""
    for node_id, node in by_id.items():
        data = node.get("data")
        if not isinstance(data, dict):
            continue
        upstream = ancestors(node_id, edges)
        for field, body in find_expressions(data.get("config", {})):
            try:
                referenced = check_expression(body)
            except ExpressionError as exc:
                errors.append(GraphError(node_id, field, str(exc)))
                continue
            for name in sorted(referenced):
                if name not in by_id:
                    message = f"expression '{body}' reads unknown node '{name}'"
                elif name not in upstream:
                    message = (
                        f"expression '{body}' reads node '{name}', "
                        f"which is not upstream of '{node_id}'"
                    )
                else:
                    continue
                errors.append(GraphError(node_id, field, message))
