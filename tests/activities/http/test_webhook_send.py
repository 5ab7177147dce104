"""webhook.send against a local receiver: signature, idempotency key, error classification."""

import hashlib
import hmac
import json
import uuid

import pytest

from activities import NODE_TYPES
from interpreter import validate_graph
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.http_server import Reply
from tests.utils.runs import FAST_RETRY, NO_RETRY

ORDER = {"id": "o-1", "total": 12.5, "note": "café"}


async def header_credential(api, secret: str, type_: str = "http_header") -> str:
    data = {"name": "X-Ignored", "value": secret} if type_ == "http_header" else {"token": secret}
    response = await api.post(
        "/api/credentials", json={"name": "hook secret", "type": type_, "data": data}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def send(api, config: dict, retry: dict | None = None, inputs: dict | None = None) -> dict:
    """Save a trigger → webhook.send workflow, run it through the API, answer the run."""
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("hook", "webhook.send", config, retry=retry or FAST_RETRY),
        ],
        "edges": chain("start", "hook"),
    }
    workflow = await create_workflow(api, graph, name="webhook")
    run = await start_run(api, workflow["id"], inputs=inputs or {"order": ORDER})
    body = await wait_for_run(api, run["id"])
    return {**body, "temporal_id": f"{workflow['id']}-{run['id']}"}


def verify(request, secret: str) -> int:
    """Check the signature as a receiver would; answer its timestamp."""
    parts = dict(p.split("=", 1) for p in request.headers["x-sluice-signature"].split(","))
    expected = hmac.new(
        secret.encode(), parts["t"].encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected), "signature does not verify"
    return int(parts["t"])


async def test_posts_signed_json_with_an_idempotency_key(api, client, http_server):
    secret = f"whsec-{uuid.uuid4().hex}"
    url = http_server.script("/hook", Reply(202, json={"received": True}))
    config = {
        "url": url,
        "payload": {"event": "order.paid", "order": "{{ inputs.order }}"},
        "credential_id": await header_credential(api, secret),
        "headers": {"X-Event": "order.paid"},
    }
    run = await send(api, config)

    assert run["status"] == "completed", run
    assert run["output"] == {"hook": {"status": 202, "body": {"received": True}}}
    [request] = http_server.requests("/hook")
    assert request.method == "POST"
    assert request.json() == {"event": "order.paid", "order": ORDER}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-event"] == "order.paid"
    assert "x-ignored" not in request.headers, "the credential's header name is not sent"
    assert request.headers["idempotency-key"].endswith(":hook")
    verify(request, secret)
    assert not _verifies(request, "another secret")
    history = (await client.get_workflow_handle(run["temporal_id"]).fetch_history()).to_json()
    assert secret not in history and secret not in str(run)


def _verifies(request, secret: str) -> bool:
    try:
        verify(request, secret)
    except AssertionError:
        return False
    return True


async def test_a_retried_503_keeps_the_idempotency_key_and_signs_again(api, http_server):
    secret = "s3cret-value"
    url = http_server.script("/hook", Reply(503), Reply(200, text="ok"))
    run = await send(
        api, {"url": url, "payload": [1, 2], "credential_id": await header_credential(api, secret)}
    )

    assert run["status"] == "completed", run
    assert run["nodes"]["hook"]["attempt"] == 2
    assert run["output"]["hook"] == {"status": 200, "body": "ok"}
    first, second = http_server.requests("/hook")
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert first.body == second.body == b"[1,2]"
    assert verify(second, secret) >= verify(first, secret)


async def test_a_run_retry_sends_the_same_idempotency_key(api, http_server):
    secret = "s3cret-value"
    url = http_server.script("/hook", Reply(503), Reply(200, text="ok"))
    config = {
        "url": url,
        "payload": {"n": 1},
        "credential_id": await header_credential(api, secret),
    }
    failed = await send(api, config, retry=NO_RETRY)
    assert failed["status"] == "failed", failed

    response = await api.post(f"/api/runs/{failed['id']}/retry")
    assert response.status_code == 201, response.text
    retried = await wait_for_run(api, response.json()["id"])

    assert retried["status"] == "completed", retried
    assert retried["output"]["hook"] == {"status": 200, "body": "ok"}
    first, again = http_server.requests("/hook")
    key = first.headers["idempotency-key"]
    assert key and again.headers["idempotency-key"] == key
    assert key.startswith(failed["temporal_id"]), "the key roots at the first run of the chain"
    for request in (first, again):
        parts = dict(p.split("=", 1) for p in request.headers["x-sluice-signature"].split(","))
        message = f"v2:{parts['t']}:{key}\n".encode() + request.body
        assert parts["v2"] == hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


async def test_429_honours_retry_after(api, http_server):
    url = http_server.script("/hook", Reply(429, headers={"Retry-After": "1"}), Reply(204))
    # The node's own first retry would wait 100 s: finishing within wait_for_run's 30 s
    # proves the peer's Retry-After was used.
    retry = {"initial_interval_seconds": 100, "maximum_interval_seconds": 100}
    config = {"url": url, "payload": {}, "credential_id": await header_credential(api, "k")}
    run = await send(api, config, retry=retry)

    assert run["status"] == "completed", run
    assert run["nodes"]["hook"]["attempt"] == 2


async def test_a_timeout_is_retried(api, http_server):
    url = http_server.script("/hook", Reply(delay=5), Reply(json={"late": False}))
    config = {
        "url": url,
        "payload": {},
        "credential_id": await header_credential(api, "k"),
        "timeout_seconds": 0.3,
    }
    run = await send(api, config)

    assert run["status"] == "completed", run
    assert run["output"]["hook"]["body"] == {"late": False}
    assert run["nodes"]["hook"]["attempt"] == 2


async def test_a_400_is_not_retried(api, http_server):
    secret = f"whsec-{uuid.uuid4().hex}"
    url = http_server.script("/hook", Reply(400, text="unknown event type"))
    run = await send(
        api, {"url": url, "payload": {}, "credential_id": await header_credential(api, secret)}
    )

    assert run["status"] == "failed"
    assert "node 'hook' (webhook.send) failed" in run["error"]
    assert "400" in run["error"] and "unknown event type" in run["error"]
    assert run["nodes"]["hook"]["attempt"] == 1
    assert len(http_server.requests("/hook")) == 1
    assert secret not in json.dumps(run)


async def test_a_redirect_is_not_followed(api, http_server):
    elsewhere = http_server.script("/elsewhere", Reply(200))
    url = http_server.script("/hook", Reply(307, headers={"Location": elsewhere}))
    run = await send(
        api, {"url": url, "payload": {}, "credential_id": await header_credential(api, "k")}
    )

    assert run["status"] == "failed"
    assert "answered 307, a redirect to" in run["error"] and "/elsewhere" in run["error"]
    assert len(http_server.requests("/hook")) == 1 and http_server.requests("/elsewhere") == []


@pytest.mark.parametrize(
    ("config", "credential_type", "message"),
    [
        ({"url": "{{ inputs.url }}"}, "http_header", "config.url must be an http(s) URL"),
        ({"timeout_seconds": "{{ inputs.slow }}"}, "http_header", "config.timeout_seconds"),
        ({}, "http_bearer", "signs with the value of an http_header credential"),
    ],
)
async def test_bad_values_at_run_time_fail_without_retry(
    api, http_server, config, credential_type, message
):
    url = http_server.script("/hook", Reply(200))
    full = {
        "url": url,
        "payload": {},
        "credential_id": await header_credential(api, "k", credential_type),
        **config,
    }
    run = await send(api, full, inputs={"url": "ftp://example.com/x", "slow": 500})

    assert run["status"] == "failed", run
    assert message in run["error"]
    assert run["nodes"]["hook"]["attempt"] == 1
    assert http_server.requests("/hook") == []


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"url": "http://x/", "payload": {}}, "config"),
        ({"url": "ftp://x/", "payload": {}, "credential_id": str(uuid.uuid4())}, "config.url"),
        (
            {
                "url": "http://x/",
                "payload": {},
                "credential_id": str(uuid.uuid4()),
                "headers": {"idempotency-KEY": "mine"},
            },
            "config.headers",
        ),
        (
            {
                "url": "http://x/",
                "payload": {},
                "credential_id": str(uuid.uuid4()),
                "timeout_seconds": 0,
            },
            "config.timeout_seconds",
        ),
    ],
)
def test_bad_config_is_refused_at_save_time(config, field):
    graph = {"nodes": [node("hook", "webhook.send", config)], "edges": []}
    errors = validate_graph(graph, NODE_TYPES, max_nodes=5)
    assert [(e.node_id, e.field) for e in errors] == [("hook", field)], errors
