"""Fixtures and helpers of the LLM node tests: the fake provider API, credentials pointing at
it, and running a graph as a signed-in user."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from temporalio.client import Client, WorkflowHandle

from activities import NODE_TYPES
from activities.llm._common import DEFAULT_PRICES
from api.runs.signing import signed_input
from core.config import Settings
from interpreter import GraphWorkflow, RunInput, build_plan, validate_graph
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.fake_llm_server import FakeLLM
from tests.utils.graphs import chain, node
from tests.utils.runs import FAST_RETRY

CHAT_NODES = [
    pytest.param("openai", "llm.openai.chat", "gpt-4.1-mini", id="openai"),
    pytest.param("anthropic", "llm.anthropic.message", "claude-haiku-4-5", id="anthropic"),
]


def chat_graph(node_type: str, config: dict, **data: object) -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("ask", node_type, config, **{"retry": FAST_RETRY, **data}),
        ],
        "edges": chain("start", "ask"),
    }


def usd(model: str, input_tokens: int, output_tokens: int) -> float:
    price_in, price_out = DEFAULT_PRICES[model]
    return round((input_tokens * price_in + output_tokens * price_out) / 1e6, 8)


@dataclass(frozen=True)
class LlmCredentials:
    """An openai and an anthropic credential of the signed-in user, pointing at the fake."""

    openai: str
    anthropic: str
    workspace_id: str
    api_key: str

    def of(self, provider: str) -> str:
        return self.openai if provider == "openai" else self.anthropic


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A fresh fake OpenAI/Anthropic API for one test, expecting its own random key."""
    with FakeLLM(api_key=f"sk-test-{uuid.uuid4().hex}") as fake:
        yield fake


@pytest.fixture
async def llm_credentials(api: httpx.AsyncClient, fake_llm: FakeLLM) -> LlmCredentials:
    created = {}
    for kind, base_url in (
        ("openai", fake_llm.openai_base_url),
        ("anthropic", fake_llm.anthropic_base_url),
    ):
        response = await api.post(
            "/api/credentials",
            json={
                "name": f"{kind} (fake)",
                "type": kind,
                "data": {"api_key": fake_llm.api_key, "base_url": base_url},
            },
        )
        assert response.status_code == 201, response.text
        created[kind] = response.json()
    return LlmCredentials(
        openai=created["openai"]["id"],
        anthropic=created["anthropic"]["id"],
        workspace_id=created["openai"]["workspace_id"],
        api_key=fake_llm.api_key,
    )


async def run_through_api(
    api: httpx.AsyncClient, graph: dict, inputs: dict | None = None
) -> dict[str, Any]:
    """Save the graph, run it, and answer `GET /api/runs/{id}` once the run is over."""
    workflow = await create_workflow(api, graph, name="llm test")
    run = await start_run(api, workflow["id"], inputs=inputs or {})
    return await wait_for_run(api, run["id"])


async def start_in_workspace(
    client: Client, settings: Settings, graph: dict, workspace_id: str
) -> WorkflowHandle[Any, dict[str, Any]]:
    """Start a graph on Temporal as the API would for `workspace_id`, without saving it.

    For llm.extract and llm.classify only: the API's save-time credential check
    (api/credentials/store.py, check_graph_credentials) refuses every credential for a node
    type whose `credential_type` is None, which these two need (openai or anthropic)."""
    errors = validate_graph(graph, NODE_TYPES, max_nodes=settings.max_nodes_per_graph)
    assert not errors, errors
    plan = build_plan(
        graph,
        NODE_TYPES,
        workflow_id="llm-test",
        workflow_name="llm test",
        version=1,
        max_parallel=settings.max_parallel_nodes,
        workspace_id=workspace_id,
    )
    return await client.start_workflow(
        GraphWorkflow.run,
        signed_input(settings, RunInput(plan=plan)),
        id=f"llm-test-{uuid.uuid4().hex}",
        task_queue=settings.temporal_task_queue,
    )
