"""Webhook triggers through the real API: deliveries start runs, signatures, idempotency,
answers from webhook.respond, body limits, and the deliveries log."""

import json
import time

from api.main import create_app
from api.triggers.webhooks import sign
from tests.utils.api import create_workflow, wait_for_run
from tests.utils.asgi import serve
from tests.utils.graphs import chain, node
from tests.utils.triggers import hook_path, runs_of, triggers_of, webhook_graph


async def test_a_delivery_starts_a_run_with_the_request_as_inputs(api, anonymous):
    workflow = await create_workflow(api, webhook_graph(), name="hooked")
    [trigger] = (await triggers_of(api, workflow["id"])).values()
    assert trigger["type"] == "webhook" and trigger["enabled"] and not trigger["signed"]
    assert trigger["url"].startswith("http") and len(trigger["url"].rsplit("/", 1)[1]) >= 32
    path = await hook_path(api, workflow["id"])
    response = await anonymous.post(
        path + "?a=1&b=2&b=3",
        json={"order": 7},
        headers={"X-Custom": "yes", "Authorization": "Bearer sender-secret", "Cookie": "s=1"},
    )
    assert response.status_code == 202, response.text
    run = await wait_for_run(api, response.json()["run_id"])
    assert run["status"] == "completed", run
    inputs = run["nodes"]["hook"]["output"]
    assert inputs["method"] == "POST"
    assert inputs["query"] == {"a": "1", "b": ["2", "3"]}
    assert inputs["body"] == {"order": 7} and run["output"] == {"echo": {"body": {"order": 7}}}
    assert inputs["headers"]["x-custom"] == "yes"
    assert "authorization" not in inputs["headers"] and "cookie" not in inputs["headers"]
    assert inputs["received_at"].startswith("20")


async def test_form_text_and_get_deliveries(api, anonymous):
    workflow = await create_workflow(api, webhook_graph(), name="bodies")
    path = await hook_path(api, workflow["id"])
    sent = [
        await anonymous.post(path, data={"name": "Ada", "tag": ["a", "b"]}),
        await anonymous.post(path, content=b"plain words", headers={"Content-Type": "text/plain"}),
        await anonymous.get(path, params={"ping": "1"}),
        await anonymous.post(path, content=b"\x00\xff\x10", headers={"Content-Type": "image/png"}),
    ]
    assert [r.status_code for r in sent] == [202] * 4, [r.text for r in sent]
    runs = [await wait_for_run(api, r.json()["run_id"]) for r in sent]
    outputs = [r["nodes"]["hook"]["output"] for r in runs]
    assert outputs[0]["body"] == {"name": "Ada", "tag": ["a", "b"]}
    assert outputs[1]["body"] == "plain words"
    assert outputs[2]["method"] == "GET" and outputs[2]["body"] is None
    assert outputs[2]["query"] == {"ping": "1"}
    binary = outputs[3]["body"]
    assert binary["$blob"] and binary["size"] == 3 and binary["content_type"] == "image/png"
    bad = await anonymous.post(path, content=b"{nope", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and "not valid JSON" in bad.json()["detail"]


async def signing_credential(api, secret: str = "whsec-test-1") -> str:
    response = await api.post(
        "/api/credentials",
        json={
            "name": "hook signing",
            "type": "http_header",
            "data": {"name": "X-Sluice-Signature", "value": secret},
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_signatures_are_checked_and_every_delivery_is_logged(api, anonymous):
    credential_id = await signing_credential(api)
    workflow = await create_workflow(api, webhook_graph(credential_id=credential_id))
    assert (await triggers_of(api, workflow["id"]))["hook"]["signed"]
    path = await hook_path(api, workflow["id"])
    body = b'{"paid": true}'
    now = int(time.time())

    async def deliver(signature: str | None):
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Sluice-Signature"] = signature
        return await anonymous.post(path, content=body, headers=headers)

    good = await deliver(sign("whsec-test-1", body, now))
    assert good.status_code == 202, good.text
    answers = {
        "wrong secret": await deliver(sign("whsec-other", body, now)),
        "other body": await deliver(sign("whsec-test-1", b'{"paid": false}', now)),
        "expired": await deliver(sign("whsec-test-1", body, now - 1000)),
        "missing": await deliver(None),
        "garbled": await deliver("v1=abc"),
    }
    assert {k: r.status_code for k, r in answers.items()} == dict.fromkeys(answers, 401)
    assert "does not match" in answers["wrong secret"].json()["detail"]
    assert "300 s" in answers["expired"].json()["detail"]
    run = await wait_for_run(api, good.json()["run_id"])
    assert "x-sluice-signature" not in run["nodes"]["hook"]["output"]["headers"]

    events = (await api.get(f"/api/workflows/{workflow['id']}/triggers/hook/events")).json()
    assert events["count"] == 6
    newest_first = events["data"]
    assert [e["status_code"] for e in newest_first] == [401] * 5 + [202]
    assert [e["verified"] for e in newest_first] == [False] * 5 + [True]
    assert newest_first[-1]["run_id"] == good.json()["run_id"]
    assert all(e["run_id"] is None and e["error"] for e in newest_first[:5])
    assert len(await runs_of(api, workflow["id"])) == 1


async def test_the_same_idempotency_key_starts_one_run(api, anonymous):
    workflow = await create_workflow(api, webhook_graph(idempotency_body_field="event.id"))
    path = await hook_path(api, workflow["id"])
    first = await anonymous.post(path, json={"n": 1}, headers={"Idempotency-Key": "delivery-1"})
    again = await anonymous.post(path, json={"n": 1}, headers={"Idempotency-Key": "delivery-1"})
    assert first.status_code == again.status_code == 202
    assert again.json() == {"run_id": first.json()["run_id"], "duplicate": True}
    await wait_for_run(api, first.json()["run_id"])
    late = await anonymous.post(path, json={"n": 1}, headers={"Idempotency-Key": "delivery-1"})
    assert late.json()["run_id"] == first.json()["run_id"], "a closed run still dedupes"
    by_body = [await anonymous.post(path, json={"event": {"id": "evt_9"}}) for _ in range(2)]
    assert by_body[0].json()["run_id"] == by_body[1].json()["run_id"]
    other = await anonymous.post(path, json={"n": 1}, headers={"Idempotency-Key": "delivery-2"})
    assert other.json()["duplicate"] is False
    assert len(await runs_of(api, workflow["id"])) == 3
    events = (await api.get(f"/api/workflows/{workflow['id']}/triggers/hook/events")).json()
    assert [e["duplicate"] for e in events["data"]] == [False, True, False, True, True, False]


async def test_webhook_respond_answers_with_the_nodes_output(api, anonymous):
    respond = {
        "status": 201,
        "headers": {"X-Answer": "{{ inputs.query.q }}", "Set-Cookie": "sluice_codec=forged"},
        "body": {"echo": "{{ inputs.body.text }}", "n": 3},
    }
    workflow = await create_workflow(api, webhook_graph(respond, respond="on_node"))
    path = await hook_path(api, workflow["id"])
    response = await anonymous.post(path + "?q=yes", json={"text": "hello"})
    assert response.status_code == 201, response.text
    assert response.json() == {"echo": "hello", "n": 3}
    assert response.headers["x-answer"] == "yes"
    assert "set-cookie" not in response.headers, "an author may not set cookies on our origin"
    assert "sandbox" in response.headers.get_list("content-security-policy")
    run = await wait_for_run(api, response.headers["x-sluice-run-id"])
    assert run["status"] == "completed"

    text = {"status": 200, "body": "ok {{ inputs.body.text }}",
            "headers": {"Content-Type": "text/csv"}}  # fmt: skip
    workflow = await create_workflow(api, webhook_graph(text, respond="on_node"))
    response = await anonymous.post(await hook_path(api, workflow["id"]), json={"text": "csv"})
    assert response.status_code == 200 and response.text == "ok csv"
    assert response.headers["content-type"].startswith("text/csv")


async def test_a_failed_run_answers_500_instead_of_the_respond_node(api, anonymous):
    respond = {"status": "{{ inputs.body.status }}", "body": "never"}
    workflow = await create_workflow(api, webhook_graph(respond, respond="on_node"))
    response = await anonymous.post(await hook_path(api, workflow["id"]), json={"status": "x"})
    assert response.status_code == 500
    assert "failed before" in response.json()["detail"]


async def test_on_node_needs_a_respond_node(api):
    response = await api.post(
        "/api/workflows", json={"name": "x", "graph": webhook_graph(respond="on_node")}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "config.respond"


async def test_body_size_limits(api, anonymous):
    workflow = await create_workflow(api, webhook_graph())
    path = await hook_path(api, workflow["id"])
    small = await anonymous.post(path, content=b"x" * 1000, headers={"Content-Type": "text/plain"})
    assert small.status_code == 202
    run = await wait_for_run(api, small.json()["run_id"])
    assert run["nodes"]["hook"]["output"]["body"] == "x" * 1000
    huge = await anonymous.post(path, content=b"x" * (10 * 1024 * 1024))
    assert huge.status_code == 413
    # Above MAX_INLINE_PAYLOAD_BYTES the body travels by reference (claim check).
    big = json.dumps({"rows": ["y" * 100] * 2000}).encode()
    claimed = await anonymous.post(path, content=big, headers={"Content-Type": "application/json"})
    assert claimed.status_code == 202
    run = await wait_for_run(api, claimed.json()["run_id"])
    ref = run["nodes"]["hook"]["output"]["body"]
    assert ref["$blob"] and ref["size"] == len(big)


async def test_disabled_unknown_and_deleted_webhooks_answer_404(api, anonymous):
    workflow = await create_workflow(api, webhook_graph())
    path = await hook_path(api, workflow["id"])
    assert (await anonymous.post(path[:-3] + "abc", json={})).status_code == 404
    disabled = await api.post(f"/api/workflows/{workflow['id']}/triggers/hook/disable")
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    refused = await anonymous.post(path, json={})
    assert refused.status_code == 404 and "disabled" in refused.json()["detail"]
    assert (await api.post(f"/api/workflows/{workflow['id']}/triggers/hook/enable")).json()[
        "enabled"
    ]
    assert (await anonymous.post(path, json={})).status_code == 202
    await api.put(
        f"/api/workflows/{workflow['id']}",
        json={"name": "v2", "graph": webhook_graph({"body": "v2"}, respond="on_node")},
    )
    assert await hook_path(api, workflow["id"]) == path, "publishing keeps the URL"
    assert (await anonymous.post(path, json={})).text == "v2"
    assert (await api.delete(f"/api/workflows/{workflow['id']}")).status_code == 204
    assert (await anonymous.post(path, json={})).status_code == 404


async def test_deliveries_are_rate_limited_per_workspace(api, settings):
    workflow = await create_workflow(api, webhook_graph())
    path = await hook_path(api, workflow["id"])
    limited = settings.model_copy(update={"webhook_rate_limit": "2/minute"})
    async with serve(create_app(limited)) as http:
        answers = [(await http.post(path, json={"i": i})).status_code for i in range(3)]
    assert answers == [202, 202, 429]
    events = (await api.get(f"/api/workflows/{workflow['id']}/triggers/hook/events")).json()
    assert events["data"][0]["status_code"] == 429


async def test_a_slow_run_is_answered_202_after_the_response_timeout(api, settings):
    graph = webhook_graph({"body": "late"}, respond="on_node")
    graph["nodes"].append(node("wait", "util.delay", {"seconds": 60}))
    graph["edges"] = chain("hook", "wait", "reply", "echo")
    workflow = await create_workflow(api, graph)
    path = await hook_path(api, workflow["id"])
    impatient = settings.model_copy(update={"webhook_response_timeout_seconds": 0.3})
    async with serve(create_app(impatient)) as http:
        response = await http.post(path, json={})
    assert response.status_code == 202 and response.json()["duplicate"] is False
    run_id = response.json()["run_id"]
    await wait_for_run(api, run_id, until=lambda r: r["nodes"]["wait"]["status"] == "running")
    assert (await api.post(f"/api/runs/{run_id}/cancel")).status_code == 202


async def test_signing_needs_an_http_header_credential(api):
    bearer = await api.post(
        "/api/credentials",
        json={"name": "b", "type": "http_bearer", "data": {"token": "t0ken-value"}},
    )
    graph = webhook_graph(credential_id=bearer.json()["id"])
    response = await api.post("/api/workflows", json={"name": "x", "graph": graph})
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["field"] == "config.credential_id" and "http_header" in problem["msg"]
