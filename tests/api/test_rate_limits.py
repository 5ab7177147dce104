"""Rate limits trip with 429 + Retry-After and recover, counted in memory or in Redis."""

import asyncio
import uuid

import pytest

from api.accounts.rate_limit import RateLimiter, RedisCounter, parse_rate
from api.main import create_app
from tests.utils.accounts import PASSWORD, sign_up
from tests.utils.asgi import serve


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_login_limit_per_account_trips_and_says_when(settings, store, request):
    url = request.getfixturevalue("redis_url") if store == "redis" else None
    limited = settings.model_copy(update={"login_rate_limit": "3/minute", "redis_url": url})
    async with serve(create_app(limited), client_ip=f"10.9.{uuid.uuid4().int % 250}.1") as http:
        email = f"rl-{uuid.uuid4().hex[:8]}@example.com"
        await http.post("/api/auth/register", json={"email": email, "password": PASSWORD})
        answers = [
            await http.post("/api/auth/login", json={"email": email, "password": "bad password 1"})
            for _ in range(3)
        ]
        assert [a.status_code for a in answers] == [401, 401, 401]
        blocked = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert blocked.status_code == 429
        # The fourth of 3/minute: until a third of the window slid out, or of the last one
        assert 30 <= int(blocked.headers["retry-after"]) <= 90
        assert "try again in" in blocked.json()["detail"]


async def test_limits_recover_after_the_window(redis_url):
    for counter in [None, RedisCounter(redis_url)]:
        from api.accounts.rate_limit import MemoryCounter

        limiter = RateLimiter(counter or MemoryCounter())
        key = uuid.uuid4().hex
        await limiter.check("test", key, "2/second")
        await limiter.check("test", key, "2/second")
        with pytest.raises(Exception) as blocked:
            await limiter.check("test", key, "2/second")
        assert blocked.value.status_code == 429  # type: ignore[attr-defined]
        wait = int(blocked.value.headers["Retry-After"])  # type: ignore[attr-defined]
        assert 1 <= wait <= 2
        await asyncio.sleep(wait + 0.05)
        await limiter.check("test", key, "2/second")
        await limiter.counter.close()


async def test_redis_counts_are_shared_between_replicas(settings, redis_url):
    limited = settings.model_copy(
        update={"run_start_rate_limit": "2/minute", "redis_url": redis_url}
    )
    app_a, app_b = create_app(limited), create_app(limited)
    async with serve(app_a) as a, serve(app_b) as b:
        auth = await sign_up(a)
        graph = {"nodes": [{"id": "start", "type": "trigger.manual"}]}
        workflow = (
            await a.post("/api/workflows", headers=auth, json={"name": "r", "graph": graph})
        ).json()
        path = f"/api/workflows/{workflow['id']}/runs"
        codes = [(await http.post(path, headers=auth, json={})).status_code for http in (a, b, a)]
        assert codes == [201, 201, 429]


def test_rate_syntax_errors_are_clear():
    assert parse_rate("10/minute") == (10, 60)
    with pytest.raises(ValueError, match="must look like"):
        parse_rate("ten per minute")


async def test_memory_counters_expire_one_by_one():
    from api.accounts.rate_limit import MemoryCounter

    counter = MemoryCounter()
    assert await counter.incr("short", 0) == 1  # lives 1 s
    assert await counter.incr("long", 60) == 1
    await asyncio.sleep(1.05)
    assert await counter.incr("short", 0) == 1, "an expired window starts again"
    assert await counter.incr("long", 60) == 2, "a live window keeps its count"


async def test_memory_counters_stay_bounded_without_a_wholesale_wipe():
    from api.accounts.rate_limit import MemoryCounter

    counter = MemoryCounter(max_keys=3)
    await counter.incr("a", 100)
    await counter.incr("b", 10)  # expires first, so it is evicted first
    await counter.incr("c", 200)
    await counter.incr("a", 100)
    await counter.incr("d", 300)
    assert len(counter) == 3
    assert await counter.get("b") is None
    assert (await counter.get("a"), await counter.get("c"), await counter.get("d")) == (2, 1, 1)
    assert await counter.incr("e", 1) == 1, "the newest key counts even if it expires soonest"
    assert len(counter) == 3 and await counter.get("a") is None


async def test_redis_counters_carry_their_own_expiry(redis_url):
    counter = RedisCounter(redis_url)
    limiter = RateLimiter(counter)
    key = uuid.uuid4().hex
    await limiter.check("ttl", key, "5/minute")
    try:
        [name] = await counter._redis.keys(f"sluice:rl:ttl:{key}:*")
        # two windows and a second: it is the previous window's count all through the next
        assert 61 <= await counter.ttl(name) <= 121
    finally:
        await counter.close()


async def test_a_window_boundary_does_not_double_the_limit(monkeypatch):
    """The limit's hits just before a boundary and as many just after: fixed windows would
    let all of them through; the sliding estimate refuses the second batch."""
    from api.accounts import rate_limit
    from api.accounts.rate_limit import MemoryCounter

    clock = [1_000_000 * 60 + 59.5]  # half a second before a minute ends
    monkeypatch.setattr(rate_limit.time, "time", lambda: clock[0])
    limiter = RateLimiter(MemoryCounter())
    for _ in range(3):
        await limiter.check("test", "k", "3/minute")
    clock[0] += 1.0  # half a second into the next minute
    with pytest.raises(Exception) as blocked:
        await limiter.check("test", "k", "3/minute")
    assert blocked.value.status_code == 429  # type: ignore[attr-defined]
    # the next hit (this minute's second) fits once 3 x the share of the previous minute
    # still overlapping the last 60 s is at most 1: 40 s into this minute
    assert int(blocked.value.headers["Retry-After"]) == 40  # type: ignore[attr-defined]
    clock[0] += 60.0
    await limiter.check("test", "k", "3/minute")
