"""Graph builders and a helper that runs a graph straight on Temporal (no API)."""

import uuid
from typing import Any

from temporalio.client import Client, WorkflowHandle

from activities import NODE_TYPES
from api.runs.control import with_outputs
from api.runs.signing import signed_input
from core.config import Settings
from interpreter import (
    WORKFLOW_TYPE,
    ExpressionLimits,
    RunInput,
    RunResult,
    build_plan,
    validate_graph,
)


def node(node_id: str, node_type: str, config: dict[str, Any] | None = None, **data: Any) -> dict:
    return {
        "id": node_id,
        "type": node_type,
        "position": {"x": 0, "y": 0},
        "data": {"label": data.pop("label", node_id), "config": config or {}, **data},
    }


def edge(source: str, target: str, source_port: str = "out", target_port: str = "in") -> dict:
    return {
        "id": f"{source}-{source_port}-{target}",
        "source": source,
        "sourceHandle": source_port,
        "target": target,
        "targetHandle": target_port,
    }


def chain(*ids: str) -> list[dict]:
    """Edges linking the given nodes one after another."""
    return [edge(a, b) for a, b in zip(ids, ids[1:], strict=False)]


async def start_graph(
    client: Client,
    settings: Settings,
    graph: dict,
    inputs: dict | None = None,
    limits: ExpressionLimits | None = None,
    workflow_type: str = WORKFLOW_TYPE,
) -> WorkflowHandle[Any, dict[str, Any]]:
    """Start `graph` as the API would (signed); `workflow_type` LEGACY_WORKFLOW_TYPE starts
    it as runs were started before GraphWorkflowV2."""
    errors = validate_graph(graph, NODE_TYPES, max_nodes=settings.max_nodes_per_graph)
    assert not errors, errors
    plan = build_plan(
        graph,
        NODE_TYPES,
        workflow_id="test",
        workflow_name="test graph",
        version=1,
        max_parallel=settings.max_parallel_nodes,
        limits=limits,
    )
    return await client.start_workflow(
        workflow_type,
        signed_input(settings, RunInput(plan=plan, inputs=inputs or {})),
        result_type=dict,
        id=f"test-{uuid.uuid4().hex}",
        task_queue=settings.temporal_task_queue,
    )


async def run_graph(
    client: Client, settings: Settings, graph: dict, inputs: dict | None = None
) -> RunResult:
    handle = await start_graph(client, settings, graph, inputs)
    result = RunResult.from_dict(await handle.result())
    if not result.outputs_inline:  # as the API reads a finished run: outputs by query
        result.nodes = await with_outputs(handle, result.nodes)
    return result


async def result_with_outputs(handle: WorkflowHandle) -> dict[str, Any]:
    """A finished run's result as a dict, each node's output read by query as the API does
    (results carry no outputs since "outputs-by-reference")."""
    result = await handle.result()
    result["nodes"] = await handle.query("node_states")
    return result
