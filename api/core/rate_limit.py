"""Fixed-window rate limits, counted in memory or in Redis (shared by API replicas)."""

import asyncio
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
    """Counters in this process; fine for one API replica."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._lock = asyncio.Lock()

    async def incr(self, key: str, window: int) -> int:
        async with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            if len(self._counts) > 100_000:  # drop stale windows
                self._counts = {key: self._counts[key]}
            return self._counts[key]

    async def close(self) -> None:
        return None

    async def ping(self) -> None:
        return None


class RedisCounter:
    """Counters in Redis: every API replica sees the same counts."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)

    async def incr(self, key: str, window: int) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window + 1)
            count, _ = await pipe.execute()
        return int(count)

    async def close(self) -> None:
        await self._redis.aclose()

    async def ping(self) -> None:
        await self._redis.ping()


class RateLimiter:
    def __init__(self, counter: MemoryCounter | RedisCounter) -> None:
        self.counter = counter

    async def check(self, scope: str, key: str, rate: str) -> None:
        """Count one hit; raise 429 with Retry-After once `rate` is exceeded."""
        limit, window = parse_rate(rate)
        now = time.time()
        index = int(now // window)
        count = await self.counter.incr(f"sluice:rl:{scope}:{key}:{window}:{index}", window)
        if count > limit:
            retry_after = max(1, math.ceil((index + 1) * window - now))
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many {scope} requests; try again in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )


def make_rate_limiter(redis_url: str | None) -> RateLimiter:
    return RateLimiter(RedisCounter(redis_url) if redis_url else MemoryCounter())
