"""Credentials may declare allowed hosts, and moving a credential needs its secret again."""

import uuid

from activities.credential_hosts import credential_allows
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.http_server import Reply


async def _create(api, type_: str, data: dict) -> dict:
    response = await api.post("/api/credentials", json={"name": "c", "type": type_, "data": data})
    assert response.status_code == 201, response.text
    return response.json()


async def test_moving_a_credential_needs_its_secret_reentered(api):
    secret = f"sk-{uuid.uuid4().hex}"
    created = await _create(
        api, "openai", {"api_key": secret, "base_url": "https://llm.example.com/v1"}
    )
    url = f"/api/credentials/{created['id']}"
    moved = await api.put(url, json={"data": {"base_url": "https://attacker.example/v1"}})
    assert moved.status_code == 422, moved.text
    [error] = moved.json()["detail"]
    assert error["loc"] == ["body", "data", "api_key"]
    assert "base_url" in error["msg"] and "re-entered" in error["msg"]
    assert secret not in moved.text
    widened = await api.put(url, json={"data": {"allowed_hosts": ["attacker.example"]}})
    assert widened.status_code == 422 and "allowed_hosts" in widened.json()["detail"][0]["msg"]
    dropped = await api.put(url, json={"data": {"base_url": None}})
    assert dropped.status_code == 422, "removing base_url moves the credential too"
    stored = (await api.get(url)).json()
    assert stored["public"]["base_url"] == "https://llm.example.com/v1", "nothing half-saved"

    assert (await api.put(url, json={"data": {"organization": "org-1"}})).status_code == 200
    assert (await api.put(url, json={"name": "renamed"})).status_code == 200
    same = await api.put(url, json={"data": {"base_url": "https://llm.example.com/v1"}})
    assert same.status_code == 200, "an unchanged value moves nothing"
    retyped = await api.put(
        url,
        json={
            "data": {
                "base_url": "https://other.example.com/v1",
                "allowed_hosts": ["other.example.com"],
                "api_key": f"sk-{uuid.uuid4().hex}",
            }
        },
    )
    assert retyped.status_code == 200, retyped.text
    assert retyped.json()["public"]["base_url"] == "https://other.example.com/v1"
    assert retyped.json()["public"]["allowed_hosts"] == ["other.example.com"]


async def test_every_stored_secret_is_named_when_a_host_moves(api):
    created = await _create(
        api,
        "sftp",
        {
            "host": "files.example.com",
            "username": "ada",
            "password": "pw",
            "private_key": "key",
            "host_key": "files.example.com ssh-ed25519 AAAA",
        },
    )
    url = f"/api/credentials/{created['id']}"
    moved = await api.put(url, json={"data": {"host": "evil.example", "password": "pw2"}})
    assert moved.status_code == 422
    assert [e["loc"][-1] for e in moved.json()["detail"]] == ["private_key"]
    host_only = await _create(api, "smtp", {"host": "mail.example.com", "port": 587})
    no_secret = await api.put(
        f"/api/credentials/{host_only['id']}", json={"data": {"host": "mx.example.com"}}
    )
    assert no_secret.status_code == 200, "no stored secret, nothing to re-enter"


async def test_allowed_hosts_entries_are_validated(api):
    response = await api.post(
        "/api/credentials",
        json={
            "name": "x",
            "type": "http_bearer",
            "data": {"token": "t", "allowed_hosts": ["api.example.com/path"]},
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "data", "allowed_hosts", 0]


def test_allowed_hosts_match_names_and_patterns():
    credential = {"allowed_hosts": ["api.example.com", "*.corp.example", "[::1]", "10.0.0.5"]}
    assert credential_allows(credential, "API.example.com.")
    assert credential_allows(credential, "eu.corp.example")
    assert credential_allows(credential, "a.b.corp.example")
    assert credential_allows(credential, "::1") and credential_allows(credential, "10.0.0.5")
    assert not credential_allows(credential, "corp.example"), "a pattern is for names below"
    assert not credential_allows(credential, "evilcorp.example")
    assert not credential_allows(credential, "api.example.com.evil.example")
    assert not credential_allows(credential, "10.0.0.50")
    assert credential_allows({"allowed_hosts": []}, "anything.example")
    assert credential_allows({}, "anything.example") and credential_allows(None, "x")


async def test_a_node_reaches_only_the_credentials_allowed_hosts(api, http_server):
    secret = f"tok-{uuid.uuid4().hex}"
    fenced = await _create(api, "http_bearer", {"token": secret, "allowed_hosts": ["localhost"]})
    allowed = await _create(api, "http_bearer", {"token": secret, "allowed_hosts": ["127.0.0.1"]})
    direct = http_server.script("/direct", Reply(json={"ok": True}))
    elsewhere = http_server.url("/elsewhere").replace("127.0.0.1", "localhost")
    hop = http_server.script("/hop", Reply(status=302, headers={"Location": elsewhere}))
    http_server.script("/elsewhere", Reply(json={"reached": True}))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("call", "http.request", {"url": direct, "credential_id": fenced["id"]}),
        ],
        "edges": chain("start", "call"),
    }
    run = await start_run(api, (await create_workflow(api, graph))["id"])
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "failed"
    assert "allowed_hosts" in body["error"] and "'127.0.0.1'" in body["error"], body["error"]
    assert http_server.requests("/direct") == [], "refused before connecting"

    graph["nodes"][1] = node("call", "http.request", {"url": hop, "credential_id": allowed["id"]})
    run = await start_run(api, (await create_workflow(api, graph))["id"])
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "failed"
    assert "allowed_hosts" in body["error"] and "'localhost'" in body["error"], body["error"]
    assert len(http_server.requests("/hop")) == 1, "not retried: retrying cannot help"
    assert http_server.requests("/elsewhere") == [], "the redirect hop was refused"

    graph["nodes"][1] = node(
        "call", "http.request", {"url": direct, "credential_id": allowed["id"]}
    )
    run = await start_run(api, (await create_workflow(api, graph))["id"])
    assert (await wait_for_run(api, run["id"]))["status"] == "completed"
    [request] = http_server.requests("/direct")
    assert request.headers.get("authorization") == f"Bearer {secret}"
