"""Sliding-window rate limits, counted in memory or in Redis (shared by API replicas).

Each fixed window has its own expiring counter; a hit is weighed against the current
window's count plus the previous window's, scaled by how much of it still overlaps the last
`window` seconds. Fixed windows alone let a client spend two windows' allowance around a
boundary (the limit's hits at :59, as many again at :00).
"""

import asyncio
import heapq
import math
import re
import time

from fastapi import HTTPException, status

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")


def parse_rate(text: str) -> tuple[int, int]:
    """`"10/minute"` → (10, 60)."""
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"rate {text!r} must look like `10/minute` (second, minute, hour, day)")
    return int(match.group(1)), _UNITS[match.group(2)]


class MemoryCounter:
    """Counters in this process; fine for one API replica.

    Every key expires on its own; past `max_keys` the keys closest to expiring go first, so
    memory stays bounded without ever wiping the counters that are still counting."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._values: dict[str, tuple[float, float]] = {}
        """key → (value, expires at)"""
        self._expiry: list[tuple[float, str]] = []
        """Heap of (expires at, key); entries outdated by a later write are skipped."""
        self._lock = asyncio.Lock()

    async def incr(self, key: str, window: int) -> int:
        """Add one to `key`; it expires `window` + 1 seconds after this hit."""
        async with self._lock:
            now = time.time()
            self._evict(now)
            value = self._live(key, now)
            self._put(key, (value or 0) + 1, now + window + 1)
            return int(self._values[key][0])

    async def get(self, key: str) -> float | None:
        async with self._lock:
            return self._live(key, time.time())

    async def set(self, key: str, value: float, ttl: float) -> None:
        async with self._lock:
            now = time.time()
            self._evict(now)
            self._put(key, value, now + ttl)

    async def delete(self, *keys: str) -> None:
        async with self._lock:
            for key in keys:
                self._values.pop(key, None)

    def __len__(self) -> int:
        return len(self._values)

    def _live(self, key: str, now: float) -> float | None:
        entry = self._values.get(key)
        return entry[0] if entry is not None and entry[1] > now else None

    def _put(self, key: str, value: float, expires: float) -> None:
        if key not in self._values:
            while len(self._values) >= self.max_keys:
                self._pop_soonest()
        self._values[key] = (value, expires)
        heapq.heappush(self._expiry, (expires, key))
        if len(self._expiry) > 2 * len(self._values) + 1024:
            self._expiry = [(exp, k) for k, (_, exp) in self._values.items()]
            heapq.heapify(self._expiry)

    def _evict(self, now: float) -> None:
        while self._expiry and self._expiry[0][0] <= now:
            self._pop_soonest()

    def _pop_soonest(self) -> None:
        expires, key = heapq.heappop(self._expiry)
        entry = self._values.get(key)
        if entry is not None and entry[1] == expires:
            del self._values[key]

    async def close(self) -> None:
        return None

    async def ping(self) -> None:
        return None


class RedisCounter:
    """Counters in Redis: every API replica sees the same counts; Redis expires each key."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)

    async def incr(self, key: str, window: int) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window + 1)
            count, _ = await pipe.execute()
        return int(count)

    async def get(self, key: str) -> float | None:
        value = await self._redis.get(key)
        return None if value is None else float(value)

    async def set(self, key: str, value: float, ttl: float) -> None:
        await self._redis.set(key, repr(value), px=max(1, math.ceil(ttl * 1000)))

    async def delete(self, *keys: str) -> None:
        await self._redis.delete(*keys)

    async def ttl(self, key: str) -> int:
        """Seconds until `key` expires (-1: never, -2: no such key); for checks and tests."""
        return int(await self._redis.ttl(key))

    async def close(self) -> None:
        await self._redis.aclose()

    async def ping(self) -> None:
        await self._redis.ping()


class RateLimiter:
    """Sliding windows per (scope, key, rate), estimated from two fixed-window counters."""

    def __init__(self, counter: MemoryCounter | RedisCounter) -> None:
        self.counter = counter

    async def check(self, scope: str, key: str, rate: str) -> None:
        """Count one hit; raise 429 with Retry-After once `rate` is exceeded."""
        limit, window = parse_rate(rate)
        now = time.time()
        index, into = int(now // window), now % window
        base = f"sluice:rl:{scope}:{key}:{window}"
        # Kept two windows: it is the previous window's count all through the next one.
        count = await self.counter.incr(f"{base}:{index}", 2 * window)
        previous = await self.counter.get(f"{base}:{index - 1}") or 0.0
        if count + previous * (1 - into / window) > limit:
            retry_after = max(1, math.ceil(_wait(limit, window, into, count, previous)))
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many {scope} requests; try again in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )


def _wait(limit: int, window: int, into: float, count: int, previous: float) -> float:
    """Seconds until one more hit would be allowed (it counts too)."""
    if count + 1 <= limit and previous > 0:  # once enough of the previous window slid out
        return window * (1 - (limit - count - 1) / previous) - into
    # in the next window, once enough of this one slid out
    return (window - into) + window * max(0.0, 1 - (limit - 1) / count)


def make_rate_limiter(redis_url: str | None) -> RateLimiter:
    return RateLimiter(RedisCounter(redis_url) if redis_url else MemoryCounter())
