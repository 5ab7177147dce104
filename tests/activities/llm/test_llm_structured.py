"""Structured answers (validated, repaired once), run totals over several LLM nodes."""

import json

import pytest

from tests.activities.llm_conftest import CHAT_NODES, chat_graph, run_through_api, usd
from tests.utils.fake_llm_server import Answer
from tests.utils.graphs import chain, node
from tests.utils.runs import FAST_RETRY

SUMMARY = {
    "type": "object",
    "required": ["summary", "count"],
    "properties": {"summary": {"type": "string"}, "count": {"type": "integer"}},
}


def structured(provider: str, credentials, model: str) -> dict:
    return {
        "credential_id": credentials.of(provider),
        "model": model,
        "messages": [{"role": "user", "content": "Summarise the orders."}],
        "output_schema": SUMMARY,
    }


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_invalid_json_is_repaired_once(
    api, fake_llm, llm_credentials, provider, node_type, model
):
    getattr(fake_llm, provider)(
        Answer(text='Sure! {"summary": "two orders", ', input_tokens=100, output_tokens=10),
        Answer(text='```json\n{"summary": "two orders", "count": 2}\n```', input_tokens=130),
    )
    config = structured(provider, llm_credentials, model)
    run = await run_through_api(api, chat_graph(node_type, config))

    assert run["status"] == "completed", run
    output = run["output"]["ask"]
    assert output["json"] == {"summary": "two orders", "count": 2}
    assert output["repaired"] is True and run["nodes"]["ask"]["attempt"] == 1
    assert output["usage"] == {"input_tokens": 230, "output_tokens": 15}, "both calls count"
    assert output["cost"] == usd(model, 230, 15) == run["totals"]["cost"]
    first, repair = fake_llm.calls(provider)
    assert repair.body["messages"][-2] == {
        "role": "assistant",
        "content": 'Sure! {"summary": "two orders", ',
    }
    assert repair.body["messages"][-1]["role"] == "user"
    assert "is not valid JSON" in repair.body["messages"][-1]["content"]
    if provider == "openai":
        schema = first.body["response_format"]["json_schema"]["schema"]
    else:
        schema = json.loads(first.body["system"].split("\n", 1)[1])
    assert schema == SUMMARY


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_a_second_bad_answer_fails_without_retrying(
    api, fake_llm, llm_credentials, provider, node_type, model
):
    getattr(fake_llm, provider)(Answer(text='{"summary": "two orders", "count": "two"}'))
    config = structured(provider, llm_credentials, model)
    run = await run_through_api(api, chat_graph(node_type, config))

    assert run["status"] == "failed", run
    state = run["nodes"]["ask"]
    assert state["attempt"] == 1 and len(fake_llm.calls(provider)) == 2
    assert "did not answer with JSON matching the schema, even after one repair" in state["error"]
    assert "at $.count: 'two' is not of type 'integer'" in state["error"]
    repair = fake_llm.calls(provider)[1]
    assert "$.count" in repair.body["messages"][-1]["content"]


async def test_an_invalid_output_schema_fails_at_run_time_without_a_call(
    api, fake_llm, llm_credentials
):
    config = {**structured("openai", llm_credentials, "gpt-4.1"), "output_schema": {"type": 5}}
    run = await run_through_api(api, chat_graph("llm.openai.chat", config))

    assert run["status"] == "failed", run
    assert "config.output_schema is not a valid JSON Schema" in run["nodes"]["ask"]["error"]
    assert fake_llm.calls("openai") == []


async def test_run_totals_sum_two_llm_nodes(api, fake_llm, llm_credentials):
    fake_llm.openai(Answer(text="Draft.", input_tokens=1000, output_tokens=200))
    fake_llm.anthropic(Answer(text="Final.", input_tokens=300, output_tokens=50))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "draft",
                "llm.openai.chat",
                {
                    "credential_id": llm_credentials.openai,
                    "model": "gpt-4.1-2025-04-14",
                    "messages": [{"role": "user", "content": "Draft a reply."}],
                },
                retry=FAST_RETRY,
            ),
            node(
                "polish",
                "llm.anthropic.message",
                {
                    "credential_id": llm_credentials.anthropic,
                    "model": "claude-sonnet-4-6",
                    "messages": [
                        {"role": "user", "content": "Polish: {{ nodes.draft.output.text }}"}
                    ],
                },
                retry=FAST_RETRY,
            ),
        ],
        "edges": chain("start", "draft", "polish"),
    }
    run = await run_through_api(api, graph)

    assert run["status"] == "completed", run
    draft_cost = usd("gpt-4.1", 1000, 200)
    polish_cost = usd("claude-sonnet-4-6", 300, 50)
    assert run["nodes"]["draft"]["output"]["cost"] == draft_cost, "a snapshot costs its alias"
    assert run["totals"]["input_tokens"] == 1300 and run["totals"]["output_tokens"] == 250
    assert run["totals"]["cost"] == pytest.approx(draft_cost + polish_cost)
    [polish] = fake_llm.calls("anthropic")
    assert polish.body["messages"] == [{"role": "user", "content": "Polish: Draft."}]


async def test_an_unknown_model_costs_nothing_and_says_so(api, fake_llm, llm_credentials):
    fake_llm.openai(Answer(input_tokens=50, output_tokens=5))
    config = {
        "credential_id": llm_credentials.openai,
        "model": "local-llama-70b",
        "messages": [{"role": "user", "content": "hi"}],
    }
    run = await run_through_api(api, chat_graph("llm.openai.chat", config))

    output = run["output"]["ask"]
    assert (output["cost"], output["cost_known"]) == (0, False)
    assert run["totals"] == {"input_tokens": 50, "output_tokens": 5, "cost": 0}
