"""sms.twilio.send: the real twilio SDK against a fake Twilio API on loopback, via the real API."""

import uuid

from activities import NODE_TYPES
from interpreter import validate_graph
from tests.activities.comms_conftest import create_credential, run_nodes
from tests.utils.fake_twilio_server import Failure
from tests.utils.graphs import node
from tests.utils.runs import FAST_RETRY
from worker.dev_server import free_port

RETRY3 = {**FAST_RETRY, "max_attempts": 3}


async def twilio_credential(api, twilio, **overrides) -> str:
    data = {
        "account_sid": twilio.account_sid,
        "auth_token": twilio.auth_token,
        "base_url": twilio.base_url,
        **overrides,
    }
    return await create_credential(api, "twilio", data)


def sms(node_id: str, credential: str, **config) -> dict:
    config = {
        "credential_id": credential,
        "to": "+14155550100",
        "from": "+14155550199",
        "body": "Your order has shipped.",
        **config,
    }
    return node(node_id, "sms.twilio.send", config, retry=RETRY3, continue_on_error=True)


def test_bad_configs_are_refused_at_save_time():
    def fields(config: dict) -> list[str]:
        graph = {"nodes": [node("s", "sms.twilio.send", config)], "edges": []}
        return [e.field for e in validate_graph(graph, NODE_TYPES, max_nodes=5)]

    good = {"credential_id": str(uuid.uuid4()), "to": "+1415", "from": "+1415", "body": "b"}
    assert fields(good) == []
    assert fields({k: v for k, v in good.items() if k != "body"}) == ["config"]
    assert fields({**good, "body": "x" * 1601}) == ["config.body"]
    assert fields({**good, "to": ""}) == ["config.to"]


async def test_sends_and_records_the_sid(api, twilio, communications):
    credential = await twilio_credential(api, twilio)
    body = await run_nodes(
        api,
        sms("text", credential, body="Order {{ inputs.order }} has shipped."),
        sms("service", credential, **{"from": "MG" + "0" * 32}),
        inputs={"order": "A-17"},
    )

    assert body["status"] == "completed", body
    text, service = body["nodes"]["text"]["output"], body["nodes"]["service"]["output"]
    sent = {m["sid"]: m for m in twilio.messages}
    assert text == {"sid": text["sid"], "status": "queued", "to": "+14155550100"}
    assert sent[text["sid"]]["body"] == "Order A-17 has shipped."
    assert sent[text["sid"]]["from"] == "+14155550199"
    assert service["status"] == "accepted"
    assert sent[service["sid"]]["messaging_service_sid"] == "MG" + "0" * 32
    rows = {r.node_id: r for r in communications(body["temporal_id"])}
    assert (rows["text"].channel, rows["text"].status) == ("sms", "sent")
    assert (rows["text"].provider_id, rows["text"].recipients) == (text["sid"], ["+14155550100"])


async def test_rate_limits_and_outages_are_retried(api, twilio, communications):
    twilio.fail_next(
        Failure(429, 20429, "Too Many Requests", retry_after="0"),
        Failure(503, 20503, "Service Unavailable"),
    )
    body = await run_nodes(api, sms("text", await twilio_credential(api, twilio)))

    state = body["nodes"]["text"]
    assert (state["status"], state["attempt"]) == ("succeeded", 3)
    assert [c["answered"] for c in twilio.calls] == [429, 503, 201]
    assert len(twilio.messages) == 1
    rows = communications(body["temporal_id"])
    assert [(r.attempt, r.status) for r in rows] == [(1, "failed"), (2, "failed"), (3, "sent")]
    assert "20429" in rows[0].error


async def test_errors_retrying_cannot_fix_fail_at_once(api, twilio):
    credential = await twilio_credential(api, twilio)
    wrong_token = uuid.uuid4().hex
    cases = {
        "invalid_number": (credential, {"to": "12345"}, "Twilio error 21211: Invalid 'To'"),
        "wrong_token": (
            await twilio_credential(api, twilio, auth_token=wrong_token),
            {},
            "Twilio error 20003: Authenticate; check the credential",
        ),
        "not_text": (credential, {"to": "{{ inputs.number }}"}, "config.to must be non-empty"),
    }
    body = await run_nodes(
        api,
        *(sms(name, cred, **extra) for name, (cred, extra, _) in cases.items()),
        inputs={"number": 14155550100},
    )

    assert body["status"] == "completed", body
    for name, (_, _, expected) in cases.items():
        state = body["nodes"][name]
        assert (state["status"], state["attempt"]) == ("failed", 1), (name, state)
        assert expected in state["error"], (name, state["error"])
    assert wrong_token not in str(body) and twilio.auth_token not in str(body)
    assert twilio.messages == []


async def test_an_unreachable_twilio_is_retried(api, twilio):
    credential = await twilio_credential(api, twilio, base_url=f"http://127.0.0.1:{free_port()}")
    node_ = sms("text", credential)
    node_["data"]["retry"] = {**FAST_RETRY, "max_attempts": 2}
    body = await run_nodes(api, node_)

    state = body["nodes"]["text"]
    assert (state["status"], state["attempt"]) == ("failed", 2)
    assert "could not reach Twilio (ConnectionError)" in state["error"]
