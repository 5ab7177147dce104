"""Re-record the replay histories: `python -m tests.interpreter.record_histories`.

Runs every shape of `history_shapes` on a private dev server and in-process worker, and
writes `histories/GraphWorkflowV2/<shape>.json` (the GraphWorkflow ones stay as recorded).
Re-record only on purpose: a changed history hides a change in the interpreter's command
sequence, which is exactly what the replay test must catch.
"""

import asyncio
import json
import logging
import sys
from pathlib import Path

from temporalio.client import Client, WorkflowFailureError
from temporalio.testing import WorkflowEnvironment

from core.config import Settings
from interpreter import WORKFLOW_TYPE, GraphWorkflow
from tests.interpreter.history_shapes import SHAPES, Shape, shape
from tests.utils.graphs import start_graph
from tests.utils.http_server import ScriptedServer
from worker import build_worker
from worker.dev_server import dev_server_args, temporal_binary

HISTORIES = Path(__file__).parent / "histories"


async def record(client: Client, settings: Settings, name: str, shape: Shape) -> Path:
    handle = await start_graph(client, settings, shape.graph, shape.inputs)
    if shape.cancel_when_running:
        await _until_running(handle, shape.cancel_when_running)
        await handle.cancel()
    try:
        await handle.result()
        outcome = "completed"
    except WorkflowFailureError:
        outcome = "cancelled" if shape.cancel_when_running else "failed"
        if outcome != shape.outcome:
            raise
    if outcome != shape.outcome:
        raise AssertionError(f"{name}: expected {shape.outcome}, got {outcome}")
    history = await handle.fetch_history()
    path = HISTORIES / WORKFLOW_TYPE / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(json.loads(history.to_json()), indent=1) + "\n")
    return path


async def _until_running(handle, node_id: str) -> None:
    for _ in range(500):
        state = (await handle.query(GraphWorkflow.node_states)).get(node_id)
        if state is not None and state.status == "running":
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{node_id} never started")


async def main(names: list[str]) -> None:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_binary(),
        dev_server_extra_args=dev_server_args(),
        ui=False,
    )
    settings = Settings(
        environment="test",
        temporal_address=env.client.service_client.config.target_host,
        temporal_task_queue="record-histories",
        database_url="sqlite://",
        outbound_allowed_networks="127.0.0.0/8",  # the scripted peers listen on loopback
        _env_file=None,  # type: ignore[call-arg]
    )
    async with env, build_worker(env.client, settings) as worker, worker:
        for name in names or list(SHAPES):
            with ScriptedServer() as server:
                path = await record(env.client, settings, name, shape(name, server))
            print(f"wrote {path.relative_to(Path.cwd())}")


if __name__ == "__main__":
    logging.getLogger("temporalio.activity").setLevel(logging.ERROR)  # expected node failures
    asyncio.run(main(sys.argv[1:]))
