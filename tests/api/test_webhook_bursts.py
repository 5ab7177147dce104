"""Concurrent webhook deliveries on the real stack: more deliveries than DB connections, the
same Idempotency-Key raced by several senders, a run whose row its first start never wrote,
and a pool with no free connection."""

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import text

from api.main import create_app
from core.config import Settings
from core.db import make_engine
from tests.utils.api import create_workflow, wait_for_run
from tests.utils.api_server import served_api
from tests.utils.asgi import serve
from tests.utils.triggers import hook_path, runs_of, webhook_graph

SAME = 8
"""Deliveries of one key, sent at once."""
OTHERS = 8
"""Deliveries of distinct keys sent with them."""


@pytest.fixture(scope="module")
def small_pool_url(settings: Settings):  # type: ignore[no-untyped-def]
    """An API whose pool (2 connections, no overflow) is far smaller than the burst."""
    small = settings.model_copy(
        update={
            "database_pool_size": 2,
            "database_max_overflow": 0,
            "database_pool_timeout_seconds": 5.0,
        }
    )
    with served_api(small) as url:
        yield url


async def test_concurrent_deliveries_of_one_key_start_one_run(api, small_pool_url):
    workflow = await create_workflow(api, webhook_graph(), name="burst")
    path = await hook_path(api, workflow["id"])
    keys = ["same-key"] * SAME + [f"other-{n}" for n in range(OTHERS)]
    async with httpx.AsyncClient(base_url=small_pool_url, timeout=20) as senders:
        answers = await asyncio.gather(
            *(
                senders.post(path, json={"n": n}, headers={"Idempotency-Key": key})
                for n, key in enumerate(keys)
            )
        )
    assert [a.status_code for a in answers] == [202] * len(keys), [a.text for a in answers]
    same = [a.json() for a in answers[:SAME]]
    assert len({a["run_id"] for a in same}) == 1, same
    assert sum(a["duplicate"] for a in same) == SAME - 1, same
    assert not any(a.json()["duplicate"] for a in answers[SAME:])
    answered = {a.json()["run_id"] for a in answers}
    assert len(answered) == 1 + OTHERS
    listed = await runs_of(api, workflow["id"])
    assert {r["id"] for r in listed} == answered and len(listed) == 1 + OTHERS
    events = (await api.get(f"/api/workflows/{workflow['id']}/triggers/hook/events")).json()
    assert events["count"] == len(keys)
    assert sum(e["duplicate"] for e in events["data"]) == SAME - 1


async def test_a_started_run_missing_from_the_run_list_is_recorded_by_its_repeat(
    api, anonymous, settings
):
    workflow = await create_workflow(api, webhook_graph(), name="lost row")
    path = await hook_path(api, workflow["id"])
    first = await anonymous.post(path, json={}, headers={"Idempotency-Key": "k1"})
    assert first.status_code == 202, first.text
    run_id = first.json()["run_id"]
    await wait_for_run(api, run_id)
    # As if the first start had died between Temporal's start and the run row.
    engine = make_engine(settings.database_url)
    with engine.begin() as db:
        gone = {"id": uuid.UUID(run_id)}
        db.execute(text("DELETE FROM node_execution WHERE run_id = :id"), gone)
        db.execute(text("DELETE FROM run WHERE id = :id"), gone)
    engine.dispose()
    assert await runs_of(api, workflow["id"]) == []
    again = await anonymous.post(path, json={}, headers={"Idempotency-Key": "k1"})
    assert again.status_code == 202, again.text
    assert again.json() == {"run_id": run_id, "duplicate": True}
    assert [r["id"] for r in await runs_of(api, workflow["id"])] == [run_id]
    assert (await wait_for_run(api, run_id))["status"] == "completed"


async def test_a_pool_with_no_free_connection_answers_503_naming_the_setting(api, settings):
    workflow = await create_workflow(api, webhook_graph(), name="busy")
    path = await hook_path(api, workflow["id"])
    one = settings.model_copy(
        update={
            "database_pool_size": 1,
            "database_max_overflow": 0,
            "database_pool_timeout_seconds": 0.5,
        }
    )
    app = create_app(one)
    async with serve(app) as http:
        held = app.state.engine.connect()  # the pool's only connection
        try:
            busy = await http.post(path, json={}, headers={"Idempotency-Key": "busy-1"})
        finally:
            held.close()
        assert busy.status_code == 503, busy.text
        assert "DATABASE_POOL_TIMEOUT_SECONDS" in busy.json()["detail"]
        fine = await http.post(path, json={}, headers={"Idempotency-Key": "busy-1"})
        assert fine.status_code == 202 and fine.json()["duplicate"] is False, fine.text
