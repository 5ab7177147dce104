"""Helpers for talking to the real API in tests."""

import asyncio
from typing import Any

import httpx

from tests.utils.graphs import chain, node


def simple_graph(value: Any = "{{ inputs.x }}") -> dict:
    return {
        "nodes": [node("start", "trigger.manual"), node("a", "util.noop", {"value": value})],
        "edges": chain("start", "a"),
    }


async def create_workflow(api: httpx.AsyncClient, graph: dict, name: str = "test") -> dict:
    response = await api.post("/api/workflows", json={"name": name, "graph": graph})
    assert response.status_code == 201, response.text
    return response.json()


async def start_run(api: httpx.AsyncClient, workflow_id: str, **body: Any) -> dict:
    response = await api.post(f"/api/workflows/{workflow_id}/runs", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def wait_for_run(
    api: httpx.AsyncClient, run_id: str, *, until: Any = None, timeout: float = 30
) -> dict:
    """Poll GET /api/runs/{id} until the run leaves `running` (or `until(body)` holds)."""
    done = until or (lambda body: body["status"] != "running")
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        response = await api.get(f"/api/runs/{run_id}")
        assert response.status_code == 200, response.text
        body = response.json()
        if done(body):
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"run {run_id} did not get there in {timeout}s: {body}")
        await asyncio.sleep(0.05)
