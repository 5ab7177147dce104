"""llm.extract and llm.classify: either provider by config, typed fields, routing by label.

Runs start on Temporal in the user's workspace (see `start_in_workspace`): the API cannot save
these nodes with a credential yet; `test_the_api_saves_...` below fails until it can."""

import pytest

from api.runs.control import with_outputs
from interpreter import RunResult
from tests.activities.llm_conftest import run_through_api, start_in_workspace, usd
from tests.utils.fake_llm_server import Answer, Call, Failure
from tests.utils.graphs import edge, node
from tests.utils.runs import FAST_RETRY, node_failure

PROVIDERS = [
    pytest.param("openai", "gpt-4.1-nano", id="openai"),
    pytest.param("anthropic", "claude-haiku-4-5", id="anthropic"),
]
INVOICE = {
    "type": "object",
    "required": ["email", "amount"],
    "properties": {"email": {"type": "string"}, "amount": {"type": "number"}},
}
TICKET = "Hi, I was charged twice for invoice 991. -- ada@example.com"


def extract_graph(config: dict) -> dict:
    return {"nodes": [node("read", "llm.extract", config, retry=FAST_RETRY)], "edges": []}


def classify_graph(config: dict) -> dict:
    return {
        "nodes": [
            node("triage", "llm.classify", config, retry=FAST_RETRY),
            node("refund", "util.noop", {"value": "{{ nodes.triage.output.label }}"}),
            node("fix", "util.noop", {"value": "{{ nodes.triage.output.label }}"}),
        ],
        "edges": [edge("triage", "refund", "billing"), edge("triage", "fix", "bug")],
    }


def reading(provider: str, credentials, model: str, **config: object) -> dict:
    return {
        "provider": provider,
        "credential_id": credentials.of(provider),
        "model": model,
        "text": TICKET,
        **config,
    }


def system_prompt(call: Call) -> str:
    if call.path.endswith("/chat/completions"):
        [system] = [m["content"] for m in call.body["messages"] if m["role"] == "system"]
        return system
    return call.body["system"].split("\n\nAnswer with a single JSON value")[0]


async def finished(client, settings, graph: dict, credentials) -> RunResult:
    handle = await start_in_workspace(client, settings, graph, credentials.workspace_id)
    result = RunResult.from_dict(await handle.result())
    result.nodes = await with_outputs(handle, result.nodes)
    return result


@pytest.mark.parametrize(("provider", "model"), PROVIDERS)
async def test_extract_outputs_typed_fields(
    client, settings, api, fake_llm, llm_credentials, provider, model
):
    getattr(fake_llm, provider)(
        Answer(text='{"email": "ada@example.com", "amount": 42.5}', input_tokens=80)
    )
    config = reading(provider, llm_credentials, model, fields=INVOICE, instructions="Be exact.")
    result = await finished(client, settings, extract_graph(config), llm_credentials)

    output = result.nodes["read"].output
    assert output["fields"] == {"email": "ada@example.com", "amount": 42.5}
    assert output["usage"] == {"input_tokens": 80, "output_tokens": 5}
    assert output["cost"] == usd(model, 80, 5) == result.totals["cost"]
    [call] = fake_llm.calls(provider)
    assert call.body["messages"][-1] == {"role": "user", "content": TICKET}
    assert system_prompt(call).endswith("Be exact.")


@pytest.mark.parametrize(("provider", "model"), PROVIDERS)
async def test_classify_routes_to_the_label_port(
    client, settings, api, fake_llm, llm_credentials, provider, model
):
    getattr(fake_llm, provider)(Answer(text='{"label": "bug"}'))
    config = reading(provider, llm_credentials, model, labels=["billing", "bug"])
    result = await finished(client, settings, classify_graph(config), llm_credentials)

    triage = result.nodes["triage"]
    assert (triage.status, triage.port, triage.output["label"]) == ("succeeded", "bug", "bug")
    assert result.nodes["fix"].status == "succeeded" and result.output["fix"] == "bug"
    assert result.nodes["refund"].status == "skipped"
    [call] = fake_llm.calls(provider)
    assert 'one label of: "billing", "bug"' in system_prompt(call)


async def test_classify_repairs_a_label_that_is_not_offered(
    client, settings, api, fake_llm, llm_credentials
):
    fake_llm.openai(Answer(text='{"label": "refund"}'), Answer(text='{"label": "billing"}'))
    config = reading("openai", llm_credentials, "gpt-4.1-mini", labels=["billing", "bug"])
    result = await finished(client, settings, classify_graph(config), llm_credentials)

    assert result.nodes["triage"].port == "billing"
    assert result.nodes["refund"].status == "succeeded" and result.nodes["fix"].status == "skipped"
    repair = fake_llm.calls("openai")[1].body["messages"][-1]["content"]
    assert "'refund' is not one of ['billing', 'bug']" in repair


@pytest.mark.parametrize(
    ("graph", "field", "message"),
    [
        (classify_graph({"labels": ["billing"]}), "config.labels", "is too short"),
        (extract_graph({"provider": "mistral"}), "config.provider", "is not one of"),
        (extract_graph({"provider": "openai"}), "config", "'fields' is a required property"),
    ],
    ids=["one-label", "unknown-provider", "no-fields"],
)
async def test_bad_config_is_refused_at_save(api, graph, field, message):
    response = await api.post("/api/workflows", json={"name": "bad", "graph": graph})

    assert response.status_code == 422, response.text
    node_id = graph["nodes"][0]["id"]
    found = [
        e["msg"]
        for e in response.json()["detail"]
        if (e["node_id"], e["field"]) == (node_id, field)
    ]
    assert any(message in text for text in found), response.json()


@pytest.mark.parametrize(("provider", "model"), PROVIDERS)
async def test_429_then_answer_recovers(
    client, settings, api, fake_llm, llm_credentials, provider, model
):
    getattr(fake_llm, provider)(Failure(429), Answer(text='{"label": "billing"}'))
    config = reading(provider, llm_credentials, model, labels=["billing", "bug"])
    result = await finished(client, settings, classify_graph(config), llm_credentials)

    assert result.nodes["triage"].attempt == 2 and result.nodes["triage"].port == "billing"


@pytest.mark.parametrize(("provider", "model"), PROVIDERS)
async def test_rejected_key_fails_at_once(
    client, settings, api, fake_llm, llm_credentials, provider, model
):
    fake_llm.api_key = "sk-rotated"  # the stored credential is now the old key
    config = reading(provider, llm_credentials, model, fields=INVOICE)
    handle = await start_in_workspace(
        client, settings, extract_graph(config), llm_credentials.workspace_id
    )
    error = await node_failure(handle)

    state = error.details[0]["nodes"]["read"]
    assert state["attempt"] == 1 and len(fake_llm.calls(provider)) == 1
    assert "rejected the API key" in state["error"]
    assert llm_credentials.api_key not in str(error.details)


async def test_a_credential_of_the_other_provider_is_refused(
    client, settings, api, fake_llm, llm_credentials
):
    config = reading("anthropic", llm_credentials, "claude-haiku-4-5", fields=INVOICE)
    config["credential_id"] = llm_credentials.openai
    handle = await start_in_workspace(
        client, settings, extract_graph(config), llm_credentials.workspace_id
    )
    error = await node_failure(handle)

    assert "is a openai credential; this node needs anthropic" in error.message
    assert fake_llm.calls("openai") == fake_llm.calls("anthropic") == []


async def test_the_api_saves_and_runs_classify_with_a_provider_credential(
    api, fake_llm, llm_credentials
):
    fake_llm.anthropic(Answer(text='{"label": "billing"}'))
    config = reading("anthropic", llm_credentials, "claude-haiku-4-5", labels=["billing", "bug"])
    run = await run_through_api(api, classify_graph(config))

    assert run["status"] == "completed", run
    assert run["nodes"]["refund"]["status"] == "succeeded"
