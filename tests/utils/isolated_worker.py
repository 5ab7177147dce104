"""A worker with its own settings on its own task queue, and graphs run on it directly.

For tests of settings the session worker does not have (a stricter egress policy, smaller
limits): runs start through a real Temporal client, bound to a real workspace.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from temporalio.client import Client

from activities import NODE_TYPES
from api.runs.signing import signed_input
from core.config import Settings
from interpreter import GraphWorkflow, RunInput, RunResult, build_plan, validate_graph
from tests.utils.graphs import edge, node
from worker import build_worker


@asynccontextmanager
async def isolated_worker(
    client: Client, settings: Settings, **update: Any
) -> AsyncIterator[Settings]:
    """Run a worker with `settings` changed by `update`; answers those settings."""
    own = settings.model_copy(
        update={"temporal_task_queue": f"isolated-{uuid.uuid4().hex[:8]}", **update}
    )
    async with build_worker(client, own) as worker:
        task = asyncio.ensure_future(worker.run())
        try:
            yield own
        finally:
            await worker.shutdown()
            await task


async def run_in_workspace(
    client: Client, settings: Settings, workspace_id: str, *nodes: dict
) -> RunResult:
    """Run a manual trigger feeding `nodes` on `settings`' task queue, in `workspace_id`."""
    graph = {
        "nodes": [node("start", "trigger.manual"), *nodes],
        "edges": [edge("start", n["id"]) for n in nodes],
    }
    errors = validate_graph(graph, NODE_TYPES, max_nodes=settings.max_nodes_per_graph)
    assert not errors, errors
    plan = build_plan(
        graph,
        NODE_TYPES,
        workflow_id=f"isolated-{uuid.uuid4().hex[:8]}",
        workflow_name="isolated test",
        version=1,
        max_parallel=settings.max_parallel_nodes,
        workspace_id=workspace_id,
    )
    result = await client.execute_workflow(
        GraphWorkflow.run,
        signed_input(settings, RunInput(plan=plan)),
        id=f"isolated-{uuid.uuid4().hex}",
        task_queue=settings.temporal_task_queue,
    )
    return RunResult.from_dict(result)
