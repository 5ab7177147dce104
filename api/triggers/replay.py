"""Signed webhook deliveries seen recently: a replayed delivery is refused.

A delivery is remembered while its signature could still be accepted (its timestamp is within
WEBHOOK_SIGNATURE_TOLERANCE_SECONDS), in Redis when REDIS_URL is set (every API replica sees
it) or else in this process.
"""

import asyncio
import time
from collections import deque

KEY_PREFIX = "sluice:webhook-seen:"


class MemoryDeliveries:
    """Delivery ids in this process, each dropped when its time is up."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._order: deque[tuple[float, str]] = deque()
        self._lock = asyncio.Lock()

    async def claim(self, delivery_id: str, ttl_seconds: int) -> bool:
        """True the first time `delivery_id` is seen within `ttl_seconds`."""
        now = time.monotonic()
        async with self._lock:
            self._evict(now)
            if self._expiry.get(delivery_id, 0.0) > now:
                return False
            expiry = now + ttl_seconds
            self._expiry[delivery_id] = expiry
            self._order.append((expiry, delivery_id))
            return True

    async def release(self, delivery_id: str) -> None:
        """Forget `delivery_id` (its delivery failed on our side: the sender may retry it)."""
        async with self._lock:
            self._expiry.pop(delivery_id, None)

    def _evict(self, now: float) -> None:
        # Entries expire in the order they were added only when TTLs match; a later, shorter
        # TTL waits behind a longer one, which only keeps it a little longer than asked.
        while self._order and self._order[0][0] <= now:
            expiry, delivery_id = self._order.popleft()
            if self._expiry.get(delivery_id) == expiry:
                del self._expiry[delivery_id]

    def __len__(self) -> int:
        return len(self._expiry)

    async def close(self) -> None:
        return None


class RedisDeliveries:
    """Delivery ids in Redis (SET NX EX): a replay to another replica is refused too."""

    def __init__(self, url: str, prefix: str = KEY_PREFIX) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)
        self.prefix = prefix

    async def claim(self, delivery_id: str, ttl_seconds: int) -> bool:
        """True the first time `delivery_id` is seen within `ttl_seconds`."""
        return bool(await self._redis.set(self.prefix + delivery_id, b"1", nx=True, ex=ttl_seconds))

    async def release(self, delivery_id: str) -> None:
        await self._redis.delete(self.prefix + delivery_id)

    async def close(self) -> None:
        await self._redis.aclose()


SeenDeliveries = MemoryDeliveries | RedisDeliveries


def seen_deliveries(redis_url: str | None, prefix: str = KEY_PREFIX) -> SeenDeliveries:
    """Redis-backed when `redis_url` is set, else in memory."""
    return RedisDeliveries(redis_url, prefix) if redis_url else MemoryDeliveries()
