"""Credentials: typed, encrypted at rest, write-only through the API, usable only in their
workspace, and never in Temporal history, the Temporal UI or logs."""

import logging
import uuid

from sqlmodel import Session

from core.db import make_engine
from core.models import Credential
from tests.utils.accounts import sign_up
from tests.utils.admins import promote_to_admin
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.http_server import Reply


async def make_credential(api, secret: str, **extra) -> dict:
    body = {"name": "Orders API", "type": "http_bearer", "data": {"token": secret}, **extra}
    response = await api.post("/api/credentials", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_credential_types_publish_schemas(api):
    types = {t["type"]: t for t in (await api.get("/api/credential-types")).json()}
    assert {
        "openai",
        "anthropic",
        "smtp",
        "twilio",
        "sftp",
        "postgres",
        "http_header",
        "http_bearer",
        "http_basic",
    } <= set(types)
    assert types["smtp"]["secret_fields"] == ["password"]
    assert types["openai"]["schema"]["required"] == ["api_key"]


async def test_secret_fields_are_write_only(api, settings):
    secret = f"sk-{uuid.uuid4().hex}"
    created = await make_credential(api, secret)
    assert secret not in str(created)
    assert created["fields_set"] == ["token"] and created["public"] == {}
    for response in [
        await api.get("/api/credentials"),
        await api.get(f"/api/credentials/{created['id']}"),
    ]:
        assert response.status_code == 200 and secret not in response.text
    basic = await api.post(
        "/api/credentials",
        json={"name": "b", "type": "http_basic", "data": {"username": "ada", "password": secret}},
    )
    assert basic.json()["public"] == {"username": "ada"}
    renamed = await api.put(f"/api/credentials/{created['id']}", json={"name": "renamed"})
    assert renamed.json()["fields_set"] == ["token"], "omitted fields keep their values"
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        row = session.get(Credential, uuid.UUID(created["id"]))
        assert secret.encode() not in row.ciphertext and row.key_id
    engine.dispose()


async def test_credential_data_is_validated_without_echoing_secrets(api):
    response = await api.post("/api/credentials", json={"name": "x", "type": "nope", "data": {}})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "type"]
    response = await api.post(
        "/api/credentials", json={"name": "x", "type": "smtp", "data": {"host": "h", "port": 99999}}
    )
    assert response.status_code == 422
    assert ["body", "data", "port"] in [e["loc"] for e in response.json()["detail"]]
    response = await api.post(
        "/api/credentials",
        json={"name": "x", "type": "http_bearer", "data": {"token": 12345678901}},
    )
    assert response.status_code == 422 and "12345678901" not in response.text


async def test_credentials_stay_in_their_workspace(api, anonymous):
    created = await make_credential(api, "sk-private")
    outsider = await sign_up(anonymous)
    response = await anonymous.get(f"/api/credentials/{created['id']}", headers=outsider)
    assert response.status_code == 404
    graph = {
        "nodes": [
            node(
                "call",
                "http.request",
                {"url": "http://127.0.0.1:9/", "credential_id": created["id"]},
            )
        ]
    }
    response = await anonymous.post(
        "/api/workflows", headers=outsider, json={"name": "steal", "graph": graph}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["node_id"], error["field"]) == ("call", "config.credential_id")
    assert "does not exist in this workspace" in error["msg"]


async def test_credential_kind_must_match_the_node(api):
    smtp = await api.post(
        "/api/credentials",
        json={"name": "mail", "type": "smtp", "data": {"host": "127.0.0.1", "port": 25}},
    )
    graph = {
        "nodes": [
            node(
                "call",
                "http.request",
                {"url": "http://127.0.0.1:9/", "credential_id": smtp.json()["id"]},
            )
        ]
    }
    response = await api.post("/api/workflows", json={"name": "x", "graph": graph})
    assert response.status_code == 422
    assert "needs a http_auth credential" in response.json()["detail"][0]["msg"]


async def test_secret_reaches_the_peer_but_not_history_or_logs(
    api, client, http_server, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    secret = f"sk-{uuid.uuid4().hex}"
    marker = f"input-{uuid.uuid4().hex}"
    failure_marker = f"failure-{uuid.uuid4().hex}"
    credential = await make_credential(api, secret)
    ok_url = http_server.script("/orders", Reply(json={"orders": [marker]}))
    missing_url = http_server.script("/missing", Reply(status=404, text=failure_marker))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "fetch",
                "http.request",
                {
                    "url": ok_url,
                    "credential_id": credential["id"],
                    "query": {"q": "{{ inputs.marker }}"},
                },
            ),
            node("fail", "http.request", {"url": missing_url}),
        ],
        "edges": chain("start", "fetch", "fail"),
    }
    workflow = await create_workflow(api, graph, name="secret use")
    run = await start_run(api, workflow["id"], inputs={"marker": marker})
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "failed" and failure_marker in body["error"]
    [request] = http_server.requests("/orders")
    assert {k.lower(): v for k, v in request.headers.items()}[
        "authorization"
    ] == f"Bearer {secret}", request.headers

    handle = client.get_workflow_handle(f"{workflow['id']}-{run['id']}")
    raw = (await handle.fetch_history()).to_json()
    assert secret not in raw
    for plain in (marker, failure_marker):
        assert plain not in raw, "payloads and failure messages must be encrypted in history"
    assert secret not in str(body)
    captured = capfd.readouterr()
    assert secret not in caplog.text + captured.out + captured.err


async def test_codec_endpoint_decodes_for_administrators(api, anonymous, client, settings):
    marker = f"input-{uuid.uuid4().hex}"
    graph = {"nodes": [node("start", "trigger.manual")], "edges": []}
    workflow = await create_workflow(api, graph)
    run = await start_run(api, workflow["id"], inputs={"marker": marker})
    await wait_for_run(api, run["id"])
    history = await client.get_workflow_handle(f"{workflow['id']}-{run['id']}").fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    from google.protobuf import json_format

    body = json_format.MessageToDict(started.input)
    assert marker not in str(body)
    assert (await anonymous.post("/api/codec/decode", json=body)).status_code == 401
    refused = await api.post("/api/codec/decode", json=body)
    assert refused.status_code == 403, "payloads of every workspace: administrators only"
    me = (await api.get("/api/auth/me")).json()["email"]
    promote_to_admin(settings, me)
    decoded = await api.post("/api/codec/decode", json=body)
    assert decoded.status_code == 200, decoded.text
    assert marker in str(decoded.json()) or marker in _b64_text(decoded.json())
    encoded = await api.post("/api/codec/encode", json=decoded.json())
    assert (await api.post("/api/codec/decode", json=encoded.json())).json() == decoded.json()
    origin = settings.temporal_ui_url.rstrip("/")
    preflight = await anonymous.options(
        "/api/codec/decode",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    foreign = await anonymous.options(
        "/api/codec/decode",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in foreign.headers


def _b64_text(value) -> str:
    import base64

    texts = []
    for payload in value.get("payloads", []):
        texts.append(base64.b64decode(payload.get("data", "")).decode(errors="replace"))
    return " ".join(texts)
