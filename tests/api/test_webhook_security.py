"""Webhook attacks through the real API: replayed signed deliveries (one replica and two
sharing Redis), a changed Idempotency-Key, tokens in the database, who sees a URL, rotation."""

import hashlib
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis.asyncio as redis
from sqlalchemy import create_engine, inspect, text

from activities.http.webhook import signature as webhook_send_signature
from api.main import create_app
from api.triggers.replay import MemoryDeliveries, RedisDeliveries
from api.triggers.webhooks import DeliveryRejected, sign, verify_signature
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, wait_for_run
from tests.utils.asgi import serve
from tests.utils.triggers import hook_path, runs_of, triggers_of, webhook_graph

REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET = "whsec-replay-1"


async def signed_hook(api) -> tuple[dict, str]:
    """A workflow whose webhook checks signatures made with SECRET; (workflow, path)."""
    credential = await api.post(
        "/api/credentials",
        json={
            "name": "hook signing",
            "type": "http_header",
            "data": {"name": "X-Sluice-Signature", "value": SECRET},
        },
    )
    assert credential.status_code == 201, credential.text
    workflow = await create_workflow(api, webhook_graph(credential_id=credential.json()["id"]))
    return workflow, await hook_path(api, workflow["id"])


def query(settings, sql: str, **params: object) -> list:
    """Rows straight from the app's database, as an attacker with a dump would see them."""
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as db:
            return list(db.execute(text(sql), params).all())
    finally:
        engine.dispose()


def trigger_columns(settings) -> set[str]:
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as db:
            return {c["name"] for c in inspect(db).get_columns("trigger")}
    finally:
        engine.dispose()


def headers(signature: str, **extra: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Sluice-Signature": signature, **extra}


async def test_a_replayed_signed_delivery_is_refused(api, anonymous):
    workflow, path = await signed_hook(api)
    body, now = b'{"paid": true}', int(time.time())
    good = sign(SECRET, body, now)
    first = await anonymous.post(path, content=body, headers=headers(good))
    assert first.status_code == 202, first.text
    replay = await anonymous.post(path, content=body, headers=headers(good))
    assert replay.status_code == 409, replay.text
    assert "replay" in replay.json()["detail"]
    # Dressing the replay up (an extra v1 value, a v2 over a new key) changes nothing.
    dressed = sign(SECRET, body, now, "new-key").replace("v1=", "v1=00,v1=", 1)
    again = await anonymous.post(path, content=body, headers=headers(dressed))
    assert again.status_code == 409, again.text
    fresh = await anonymous.post(path, content=body, headers=headers(sign(SECRET, body, now + 1)))
    assert fresh.status_code == 202, "a delivery signed anew is a new delivery"
    await wait_for_run(api, first.json()["run_id"])
    assert len(await runs_of(api, workflow["id"])) == 2
    events = (await api.get(f"/api/workflows/{workflow['id']}/triggers/hook/events")).json()
    assert [e["status_code"] for e in events["data"]] == [202, 409, 409, 202]
    assert "replay" in events["data"][1]["error"]


async def test_a_replay_to_another_replica_is_refused_through_redis(api, settings):
    workflow, path = await signed_hook(api)
    shared = settings.model_copy(
        update={"redis_url": REDIS_URL, "run_recorder_interval_seconds": 0}
    )
    body = b'{"order": 1}'
    good = sign(SECRET, body, int(time.time()))
    async with serve(create_app(shared)) as one, serve(create_app(shared)) as two:
        first = await one.post(path, content=body, headers=headers(good))
        assert first.status_code == 202, first.text
        replay = await two.post(path, content=body, headers=headers(good))
        assert replay.status_code == 409 and "replay" in replay.json()["detail"]
    assert len(await runs_of(api, workflow["id"])) == 1


async def test_the_idempotency_key_is_covered_by_the_signature(api, anonymous):
    workflow, path = await signed_hook(api)
    body, now = b'{"n": 1}', int(time.time())
    signed_for_k1 = sign(SECRET, body, now, "k1")
    changed = await anonymous.post(
        path, content=body, headers=headers(signed_for_k1, **{"Idempotency-Key": "k2"})
    )
    assert changed.status_code == 401 and "does not match" in changed.json()["detail"]
    uncovered = await anonymous.post(
        path, content=body, headers=headers(sign(SECRET, body, now), **{"Idempotency-Key": "k1"})
    )
    assert uncovered.status_code == 401, uncovered.text
    assert "Idempotency-Key header is not covered" in uncovered.json()["detail"]
    good = await anonymous.post(
        path, content=body, headers=headers(signed_for_k1, **{"Idempotency-Key": "k1"})
    )
    assert good.status_code == 202, good.text
    # A new signature with the same key is a retry of the same event: the same run.
    retry = await anonymous.post(
        path,
        content=body,
        headers=headers(sign(SECRET, body, now + 1, "k1"), **{"Idempotency-Key": "k1"}),
    )
    assert retry.json() == {"run_id": good.json()["run_id"], "duplicate": True}
    assert len(await runs_of(api, workflow["id"])) == 1


def test_webhook_send_signs_what_the_receiver_checks():
    body, now = b'{"a": 1}', int(time.time())
    header = webhook_send_signature(SECRET, now, body, idempotency_key="run-1:node")
    verify_signature(
        SECRET, body, header, now=now, tolerance_seconds=300, idempotency_key="run-1:node"
    )
    with pytest.raises(DeliveryRejected, match="does not match"):
        verify_signature(SECRET, body, header, now=now, tolerance_seconds=300, idempotency_key="x")
    legacy = webhook_send_signature(SECRET, now, body)
    assert "v2=" not in legacy and verify_signature(
        SECRET, body, legacy, now=now, tolerance_seconds=300
    )


async def test_memory_deliveries_are_forgotten_when_their_time_is_up(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("api.triggers.replay.time.monotonic", lambda: clock[0])
    seen = MemoryDeliveries()
    assert await seen.claim("a", 10) and not await seen.claim("a", 10)
    assert await seen.claim("b", 30)
    clock[0] += 11
    assert await seen.claim("c", 10)
    assert len(seen) == 2, "a's time was up: evicted, not kept forever"
    assert await seen.claim("a", 10) and not await seen.claim("b", 10)
    await seen.release("b")
    assert await seen.claim("b", 10)


async def test_redis_deliveries_expire_with_the_tolerance_window():
    prefix = f"sluice-test:{uuid.uuid4().hex}:"
    seen = RedisDeliveries(REDIS_URL, prefix)
    peek = redis.from_url(REDIS_URL)
    try:
        assert await seen.claim("d1", 120) and not await seen.claim("d1", 120)
        assert 0 < await peek.ttl(prefix + "d1") <= 120
        await seen.release("d1")
        assert await seen.claim("d1", 5)
    finally:
        await peek.delete(prefix + "d1")
        await peek.aclose()
        await seen.close()


async def test_tokens_are_stored_hashed_and_urls_shown_to_operators_only(api, anonymous, settings):
    team = (await api.post("/api/workspaces", json={"name": "hook team"})).json()["id"]
    api.headers["X-Workspace-Id"] = team
    members = {}
    for role in ("viewer", "operator"):
        email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
        members[role] = {**await sign_up(anonymous, email), "X-Workspace-Id": team}
        added = await api.put(
            f"/api/workspaces/{team}/members", json={"email": email, "role": role}
        )
        assert added.status_code == 200, added.text
    workflow = await create_workflow(api, webhook_graph())
    listing = f"/api/workflows/{workflow['id']}/triggers"
    url = (await triggers_of(api, workflow["id"]))["hook"]["url"]
    token = url.rsplit("/", 1)[1]

    seen_by_viewer = (await anonymous.get(listing, headers=members["viewer"])).json()["data"]
    assert seen_by_viewer[0]["node_id"] == "hook" and seen_by_viewer[0]["url"] is None
    assert token not in str(seen_by_viewer)
    seen_by_operator = (await anonymous.get(listing, headers=members["operator"])).json()
    assert seen_by_operator["data"][0]["url"] == url

    [row] = query(settings, "SELECT * FROM trigger WHERE workflow_id = :id", id=workflow["id"])
    assert "token" not in row._fields and "token" not in trigger_columns(settings)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert all(token not in str(value) for value in row), "no plaintext token in the row"
    assert token.encode() not in bytes(row.token_sealed)

    refused = await anonymous.post(f"{listing}/hook/rotate", headers=members["viewer"])
    assert refused.status_code == 403
    rotated = await anonymous.post(f"{listing}/hook/rotate", headers=members["operator"])
    assert rotated.status_code == 200, rotated.text
    new_url = rotated.json()["url"]
    assert new_url != url and (await triggers_of(api, workflow["id"]))["hook"]["url"] == new_url
    old = await anonymous.post(urlsplit(url).path, json={})
    assert old.status_code == 404
    new = await anonymous.post(urlsplit(new_url).path, json={})
    assert new.status_code == 202, new.text
    [audited] = query(
        settings,
        "SELECT detail FROM audit_event WHERE action = 'trigger.rotate_url' AND object_id = :id",
        id=workflow["id"],
    )
    assert "hook" in str(audited.detail)


async def test_only_webhooks_have_a_url_to_rotate(api):
    from tests.utils.triggers import schedule_graph

    workflow = await create_workflow(api, schedule_graph(cron="0 0 1 1 *"))
    refused = await api.post(f"/api/workflows/{workflow['id']}/triggers/tick/rotate")
    assert refused.status_code == 409 and "only webhooks" in refused.json()["detail"]
    await api.delete(f"/api/workflows/{workflow['id']}")
