"""llm.openai.chat and llm.anthropic.message through the API, the worker and the official SDKs,
against the fake provider API on loopback."""

import logging
import uuid

import pytest
from temporalio.api.enums.v1 import EventType

from tests.activities.llm_conftest import CHAT_NODES, chat_graph, run_through_api, usd
from tests.utils.fake_llm_server import Answer, Failure
from tests.utils.runs import FAST_RETRY
from worker.dev_server import free_port


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_answer_with_usage_cost_and_run_totals(
    api, fake_llm, llm_credentials, provider, node_type, model
):
    getattr(fake_llm, provider)(Answer(text="Two orders.", input_tokens=120, output_tokens=30))
    config = {
        "credential_id": llm_credentials.of(provider),
        "model": model,
        "system": "You summarise orders.",
        "messages": [{"role": "user", "content": "Summarise: {{ inputs.orders }}"}],
        "max_tokens": 300,
    }
    run = await run_through_api(
        api, chat_graph(node_type, config), {"orders": [{"id": 1}, {"id": 2}]}
    )

    assert run["status"] == "completed", run
    output = run["output"]["ask"]
    cost = usd(model, 120, 30)
    assert output == {
        "text": "Two orders.",
        "stop_reason": "stop" if provider == "openai" else "end_turn",
        "model": model,
        "usage": {"input_tokens": 120, "output_tokens": 30},
        "cost": cost,
        "cost_known": True,
    }
    assert run["nodes"]["ask"]["attempt"] == 1
    assert run["totals"] == {"input_tokens": 120, "output_tokens": 30, "cost": cost}
    [call] = fake_llm.calls(provider)
    assert call.body["model"] == model and "temperature" not in call.body
    sent = 'Summarise: [{"id":1},{"id":2}]'
    if provider == "openai":
        assert call.headers["authorization"] == f"Bearer {llm_credentials.api_key}"
        assert call.body["messages"] == [
            {"role": "system", "content": "You summarise orders."},
            {"role": "user", "content": sent},
        ]
        assert call.body["max_completion_tokens"] == 300
    else:
        assert call.body["system"] == "You summarise orders."
        assert call.body["messages"] == [{"role": "user", "content": sent}]
        assert call.body["max_tokens"] == 300 and call.headers["anthropic-version"]


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_bad_config_is_refused_at_save_naming_node_and_field(
    api, llm_credentials, provider, node_type, model
):
    config = {"credential_id": llm_credentials.of(provider), "model": model, "temperature": 3}
    response = await api.post(
        "/api/workflows", json={"name": "bad", "graph": chat_graph(node_type, config)}
    )

    assert response.status_code == 422, response.text
    errors = {(e["node_id"], e["field"]): e["msg"] for e in response.json()["detail"]}
    assert "3 is greater than the maximum of 2" in errors[("ask", "config.temperature")]
    assert "'messages' is a required property" in errors[("ask", "config")]


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_429_then_answer_waits_for_retry_after(
    api, fake_llm, llm_credentials, provider, node_type, model
):
    getattr(fake_llm, provider)(
        Failure(429, "slow down", headers={"Retry-After": "2"}), Answer(text="ok")
    )
    config = {
        "credential_id": llm_credentials.of(provider),
        "model": model,
        "messages": [{"role": "user", "content": "hi"}],
    }
    run = await run_through_api(api, chat_graph(node_type, config))

    assert run["status"] == "completed", run
    assert run["nodes"]["ask"]["attempt"] == 2 and run["output"]["ask"]["text"] == "ok"
    first, second = fake_llm.calls(provider)
    # The node retries after 0.1 s: a later second call is the peer's Retry-After.
    assert second.received - first.received >= 1.9
    assert first.headers["x-stainless-retry-count"] == "0", "the SDK must not retry itself"
    assert second.headers["x-stainless-retry-count"] == "0"


async def test_overloaded_5xx_is_retried(api, fake_llm, llm_credentials):
    fake_llm.anthropic(Failure(529, "Overloaded"), Failure(500), Answer(text="back"))
    config = {
        "credential_id": llm_credentials.anthropic,
        "model": "claude-sonnet-4-6",
        "messages": [{"role": "user", "content": "hi"}],
    }
    run = await run_through_api(api, chat_graph("llm.anthropic.message", config))

    assert run["status"] == "completed", run
    assert run["nodes"]["ask"]["attempt"] == 3
    assert len(fake_llm.calls("anthropic")) == 3


async def test_a_slow_answer_times_out_and_is_retried(api, fake_llm, llm_credentials):
    fake_llm.openai(Answer(text="late", delay=3), Answer(text="on time"))
    config = {
        "credential_id": llm_credentials.openai,
        "model": "gpt-4.1-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "timeout_seconds": 0.5,
    }
    run = await run_through_api(api, chat_graph("llm.openai.chat", config))

    assert run["status"] == "completed", run
    assert run["nodes"]["ask"]["attempt"] == 2 and run["output"]["ask"]["text"] == "on time"


async def test_an_unreachable_server_is_retried_until_attempts_run_out(api):
    response = await api.post(
        "/api/credentials",
        json={
            "name": "nowhere",
            "type": "openai",
            "data": {"api_key": "sk-x", "base_url": f"http://127.0.0.1:{free_port()}/v1"},
        },
    )
    config = {
        "credential_id": response.json()["id"],
        "model": "gpt-4.1-mini",
        "messages": [{"role": "user", "content": "hi"}],
    }
    retry = {**FAST_RETRY, "max_attempts": 2}
    run = await run_through_api(api, chat_graph("llm.openai.chat", config, retry=retry))

    assert run["status"] == "failed", run
    state = run["nodes"]["ask"]
    assert state["attempt"] == 2 and "OpenAI could not be reached" in state["error"]


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_rejected_key_fails_at_once_without_showing_it(
    api, client, fake_llm, provider, node_type, model, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    wrong_key = f"sk-wrong-{uuid.uuid4().hex}"
    base_url = fake_llm.openai_base_url if provider == "openai" else fake_llm.anthropic_base_url
    response = await api.post(
        "/api/credentials",
        json={
            "name": "old key",
            "type": provider,
            "data": {"api_key": wrong_key, "base_url": base_url},
        },
    )
    assert response.status_code == 201, response.text
    config = {
        "credential_id": response.json()["id"],
        "model": model,
        "messages": [{"role": "user", "content": "hi"}],
    }
    run = await run_through_api(api, chat_graph(node_type, config))

    assert run["status"] == "failed", run
    state = run["nodes"]["ask"]
    assert state["attempt"] == 1 and len(fake_llm.calls(provider)) == 1
    assert "rejected the API key; check the credential's api_key" in state["error"]
    assert "401" in state["error"]
    assert wrong_key not in str(run)
    # The peer echoed the key in its error; neither history (decoded) nor logs may hold it.
    handle = client.get_workflow_handle(f"{run['workflow_id']}-{run['id']}")
    failures = [
        event.activity_task_failed_event_attributes.failure
        async for event in handle.fetch_history_events()
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
    ]
    assert failures
    for failure in failures:
        error: BaseException | None = await client.data_converter.decode_failure(failure)
        assert "rejected the API key" in str(error)
        while error is not None:
            assert wrong_key not in str(error) + str(getattr(error, "details", ""))
            error = error.__cause__
    captured = capfd.readouterr()
    assert wrong_key not in caplog.text + captured.out + captured.err


@pytest.mark.parametrize(("provider", "node_type", "model"), CHAT_NODES)
async def test_tools_are_passed_and_tool_calls_returned(
    api, fake_llm, llm_credentials, provider, node_type, model
):
    call = {"name": "lookup_order", "arguments": {"order_id": "A-7"}}
    getattr(fake_llm, provider)(Answer(text="", tool_calls=(call,)))
    config = {
        "credential_id": llm_credentials.of(provider),
        "model": model,
        "messages": [{"role": "user", "content": "Where is order A-7?"}],
        "tools": [
            {
                "name": "lookup_order",
                "description": "Find an order.",
                "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}},
            }
        ],
        "tool_choice": "required",
    }
    run = await run_through_api(api, chat_graph(node_type, config))

    assert run["status"] == "completed", run
    [tool_call] = run["output"]["ask"]["tool_calls"]
    assert (tool_call["name"], tool_call["arguments"]) == ("lookup_order", {"order_id": "A-7"})
    assert tool_call["id"]
    [sent] = fake_llm.calls(provider)
    parameters = config["tools"][0]["parameters"]
    if provider == "openai":
        assert sent.body["tools"][0]["function"]["parameters"] == parameters
        assert sent.body["tool_choice"] == "required"
    else:
        assert sent.body["tools"][0]["input_schema"] == parameters
        assert sent.body["tool_choice"] == {"type": "any"}


async def test_a_bad_value_known_only_at_run_time_fails_without_a_call(
    api, fake_llm, llm_credentials
):
    config = {
        "credential_id": llm_credentials.openai,
        "model": "gpt-4.1-mini",
        "messages": [{"role": "user", "content": "hi"}],
        "max_tokens": "{{ inputs.budget }}",
    }
    run = await run_through_api(api, chat_graph("llm.openai.chat", config), {"budget": "lots"})

    assert run["status"] == "failed", run
    state = run["nodes"]["ask"]
    assert state["attempt"] == 1
    assert "config.max_tokens: 'lots' is not of type 'integer'" in state["error"]
    assert fake_llm.calls("openai") == []
