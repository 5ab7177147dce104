"""Helpers for trigger tests: webhook graphs and URLs, schedule graphs, waiting."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.utils.graphs import chain, node


def webhook_graph(answer: dict[str, Any] | None = None, **config: Any) -> dict:
    """hook (trigger.webhook) → echo; with `answer` (a webhook.respond config),
    hook → reply → echo."""
    nodes = [
        node("hook", "trigger.webhook", config),
        node("echo", "transform.set", {"fields": {"body": "{{ inputs.body }}"}}),
    ]
    if answer is None:
        return {"nodes": nodes, "edges": chain("hook", "echo")}
    nodes.insert(1, node("reply", "webhook.respond", answer))
    return {"nodes": nodes, "edges": chain("hook", "reply", "echo")}


def schedule_graph(**config: Any) -> dict:
    return {
        "nodes": [
            node("tick", "trigger.schedule", config),
            node(
                "work", "transform.set", {"fields": {"due": "{{ nodes.tick.output.scheduled_at }}"}}
            ),
        ],
        "edges": chain("tick", "work"),
    }


async def triggers_of(api: httpx.AsyncClient, workflow_id: str) -> dict[str, dict]:
    """node id → trigger, from GET /api/workflows/{id}/triggers."""
    response = await api.get(f"/api/workflows/{workflow_id}/triggers")
    assert response.status_code == 200, response.text
    return {t["node_id"]: t for t in response.json()["data"]}


async def hook_path(api: httpx.AsyncClient, workflow_id: str, node_id: str = "hook") -> str:
    """The path of the webhook URL (the URL's host is PUBLIC_URL, not the test server)."""
    return urlsplit((await triggers_of(api, workflow_id))[node_id]["url"]).path


async def runs_of(api: httpx.AsyncClient, workflow_id: str) -> list[dict]:
    response = await api.get("/api/runs", params={"workflow_id": workflow_id, "limit": 500})
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


async def eventually(
    probe: Callable[[], Awaitable[Any]], *, timeout: float = 20, what: str = "the condition"
) -> Any:
    """Poll `probe` until it answers something truthy; answers that."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        await asyncio.sleep(0.05)
