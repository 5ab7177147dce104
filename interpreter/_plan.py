"""Turn a validated graph version into the RunPlan that GraphWorkflow executes."""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ._contracts import EdgePlan, ExpressionLimits, NodePlan, NodeType, RunPlan
from ._validation import output_ports


def build_plan(
    graph: dict[str, Any],
    catalog: Mapping[str, NodeType],
    *,
    workflow_id: str,
    workflow_name: str,
    version: int,
    max_parallel: int,
    workspace_id: str = "",
    limits: ExpressionLimits | None = None,
) -> RunPlan:
    """Resolve each node's type defaults and overrides; the graph must be valid."""
    nodes = [_node_plan(node, catalog) for node in graph["nodes"]]
    edges = [
        EdgePlan(
            source=e["source"],
            source_port=e.get("sourceHandle") or "out",
            target=e["target"],
            target_port=e.get("targetHandle") or "in",
        )
        for e in graph.get("edges", [])
    ]
    return RunPlan(
        workflow_id=workflow_id,
        workflow_name=workflow_name,
        version=version,
        nodes=nodes,
        edges=edges,
        max_parallel=max_parallel,
        workspace_id=workspace_id,
        limits=limits or ExpressionLimits(),
    )


def _node_plan(node: dict[str, Any], catalog: Mapping[str, NodeType]) -> NodePlan:
    node_type = catalog[node["type"]]
    data = node.get("data") or {}
    retry = replace(node_type.retry, **(data.get("retry") or {}))
    return NodePlan(
        id=node["id"],
        type=node_type.type,
        label=data.get("label") or node["id"],
        kind=node_type.kind,
        config=data.get("config") or {},
        output_ports=output_ports(node, catalog) or [],
        retry=retry,
        timeout_seconds=float(data.get("timeout_seconds", node_type.timeout_seconds)),
        heartbeat_seconds=node_type.heartbeat_seconds,
        continue_on_error=bool(data.get("continue_on_error", False)),
        execution=data.get("execution", "activity"),
        waits_for_any=node_type.waits_for_any,
        usage_fields=dict(node_type.usage_fields),
    )
