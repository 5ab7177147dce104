"""Graph validation: everything that must hold before a graph version is saved."""

import re
from collections.abc import Mapping
from typing import Any

import jmespath
import jmespath.exceptions

from ._budget import using_limits
from ._contracts import ExpressionLimits, NodeType
from ._expressions import find_expressions
from ._node_options import NODE_OPTIONS_SCHEMA
from ._validation_config import GraphError, check_config_sizes, check_expressions

NODE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


def validate_graph(
    graph: Any,
    catalog: Mapping[str, NodeType],
    *,
    max_nodes: int,
    limits: ExpressionLimits | None = None,
) -> list[GraphError]:
    """All problems of a graph in React Flow shape; empty when it may be saved."""
    with using_limits(limits or ExpressionLimits()):
        return _validate(graph, catalog, max_nodes, limits or ExpressionLimits())


def _validate(
    graph: Any, catalog: Mapping[str, NodeType], max_nodes: int, limits: ExpressionLimits
) -> list[GraphError]:
    if not isinstance(graph, dict):
        return [GraphError(None, "graph", "must be an object with 'nodes' and 'edges'")]
    nodes, edges = graph.get("nodes"), graph.get("edges", [])
    if not isinstance(nodes, list):
        return [GraphError(None, "graph.nodes", "must be a list of nodes")]
    if not isinstance(edges, list):
        return [GraphError(None, "graph.edges", "must be a list of edges")]
    if len(nodes) > max_nodes:
        return [
            GraphError(None, "graph.nodes", f"has {len(nodes)} nodes; the limit is {max_nodes}")
        ]
    errors: list[GraphError] = []
    by_id = _check_nodes(nodes, catalog, errors)
    check_config_sizes(by_id, limits, errors)
    ok_edges = _check_edges(edges, by_id, catalog, errors)
    order = _topological_order(list(by_id), ok_edges)
    if order is None:
        cyclic = sorted(set(by_id) - set(_acyclic_part(list(by_id), ok_edges)))
        errors.append(
            GraphError(
                cyclic[0] if cyclic else None,
                "graph.edges",
                f"the graph has a cycle through {', '.join(cyclic)}; use a for-each node",
            )
        )
        return errors
    check_expressions(by_id, ok_edges, errors)
    return errors


def _check_nodes(
    nodes: list[Any], catalog: Mapping[str, NodeType], errors: list[GraphError]
) -> dict[str, dict[str, Any]]:
    from jsonschema import Draft202012Validator

    by_id: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(nodes):
        if not isinstance(node, dict):
            errors.append(GraphError(None, f"graph.nodes[{index}]", "must be an object"))
            continue
        node_id = node.get("id")
        if not isinstance(node_id, str) or not NODE_ID.match(node_id):
            errors.append(
                GraphError(
                    None,
                    f"graph.nodes[{index}].id",
                    "must be a string of letters, digits, '_' or '-' "
                    "starting with a letter or '_' (at most 64)",
                )
            )
            continue
        if node_id in by_id:
            errors.append(GraphError(node_id, "id", f"duplicate node id '{node_id}'"))
            continue
        by_id[node_id] = node
        node_type = catalog.get(node.get("type"))  # type: ignore[arg-type]
        if node_type is None:
            errors.append(
                GraphError(
                    node_id,
                    "type",
                    f"unknown node type {node.get('type')!r}; "
                    "GET /api/node-types lists the known ones",
                )
            )
            continue
        data = node.get("data", {})
        for problem in Draft202012Validator(NODE_OPTIONS_SCHEMA).iter_errors(data):
            errors.append(
                GraphError(node_id, _path("data", problem.absolute_path), problem.message)
            )
        if not isinstance(data, dict) or not isinstance(data.get("config", {}), dict):
            continue
        config = data.get("config", {})
        validator = Draft202012Validator(node_type.config_schema)
        for problem in validator.iter_errors(config):
            if _has_expression(problem.instance):
                continue  # its value is known only when the run renders it
            errors.append(
                GraphError(node_id, _path("config", problem.absolute_path), problem.message)
            )
        if data.get("execution") == "local" and node_type.kind != "activity":
            errors.append(
                GraphError(
                    node_id,
                    "data.execution",
                    f"'local' applies to activity nodes; {node_type.type} runs inline",
                )
            )
    return by_id


def _has_expression(value: Any) -> bool:
    return isinstance(value, str) and bool(find_expressions(value))


def _path(root: str, parts: Any) -> str:
    text = root
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _check_edges(
    edges: list[Any],
    by_id: dict[str, dict[str, Any]],
    catalog: Mapping[str, NodeType],
    errors: list[GraphError],
) -> list[tuple[str, str]]:
    ok: list[tuple[str, str]] = []
    for index, edge in enumerate(edges):
        where = f"graph.edges[{index}]"
        if not isinstance(edge, dict):
            errors.append(GraphError(None, where, "must be an object"))
            continue
        source, target = str(edge.get("source")), str(edge.get("target"))
        missing = [
            (end, n) for end, n in (("source", source), ("target", target)) if n not in by_id
        ]
        for end, name in missing:
            errors.append(GraphError(None, f"{where}.{end}", f"references missing node {name!r}"))
        if missing:
            continue
        if source == target:
            errors.append(
                GraphError(source, f"{where}.target", "an edge cannot connect a node to itself")
            )
            continue
        source_node, target_node = by_id[source], by_id[target]
        out_ports = output_ports(source_node, catalog)
        in_ports = _input_ports(target_node, catalog)
        source_port = edge.get("sourceHandle") or "out"
        target_port = edge.get("targetHandle") or "in"
        if out_ports is not None and source_port not in out_ports:
            errors.append(
                GraphError(
                    source,
                    f"{where}.sourceHandle",
                    f"node '{source}' has no output port {source_port!r} "
                    f"(ports: {', '.join(out_ports)})",
                )
            )
            continue
        if in_ports is not None and target_port not in in_ports:
            ports = ", ".join(in_ports) or "none"
            errors.append(
                GraphError(
                    target,
                    f"{where}.targetHandle",
                    f"node '{target}' has no input port {target_port!r} (ports: {ports})",
                )
            )
            continue
        ok.append((source, target))
    return ok


def output_ports(node: dict[str, Any], catalog: Mapping[str, NodeType]) -> list[str] | None:
    """Output ports of a node: its type's, plus `error` when it continues on error."""
    node_type = catalog.get(node.get("type"))  # type: ignore[arg-type]
    if node_type is None:
        return None
    data = node.get("data")
    data = data if isinstance(data, dict) else {}
    extra = ["error"] if data.get("continue_on_error") else []
    return list(node_type.output_ports) + configured_ports(node_type, data.get("config")) + extra


def configured_ports(node_type: NodeType, config: Any) -> list[str]:
    """The output ports a node's config adds (`NodeType.ports_from`)."""
    if not node_type.ports_from or not isinstance(config, dict):
        return []
    try:
        found = jmespath.search(node_type.ports_from, config)
    except jmespath.exceptions.JMESPathError:
        return []
    return [p for p in found if isinstance(p, str)] if isinstance(found, list) else []


def _input_ports(node: dict[str, Any], catalog: Mapping[str, NodeType]) -> list[str] | None:
    node_type = catalog.get(node.get("type"))  # type: ignore[arg-type]
    return None if node_type is None else list(node_type.input_ports)


def _topological_order(ids: list[str], edges: list[tuple[str, str]]) -> list[str] | None:
    order = _acyclic_part(ids, edges)
    return order if len(order) == len(ids) else None


def _acyclic_part(ids: list[str], edges: list[tuple[str, str]]) -> list[str]:
    indegree = dict.fromkeys(ids, 0)
    for _, target in edges:
        indegree[target] += 1
    queue = [n for n in ids if indegree[n] == 0]
    order: list[str] = []
    while queue:
        node = queue.pop(0)
        order.append(node)
        for source, target in edges:
            if source == node:
                indegree[target] -= 1
                if indegree[target] == 0:
                    queue.append(target)
    return order
