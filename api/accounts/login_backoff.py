"""Per-account login backoff: after repeated failures each attempt waits longer (429).

Kept in the rate limiter's store (Redis when REDIS_URL is set, so every API replica sees
the same failures; else memory). Keyed by the email as typed, whether or not an account
has it, so the backoff itself does not tell which emails exist."""

import math
import time
from datetime import UTC, datetime

from fastapi import HTTPException, status

from .rate_limit import MemoryCounter, RedisCounter

FORGET_SECONDS = 24 * 3600
"""Failures are forgotten this long after the last one (or at once on success)."""


class LoginBackoff:
    """Counts failed logins per account and refuses attempts until their wait has passed."""

    def __init__(
        self,
        store: MemoryCounter | RedisCounter,
        *,
        after_failures: int,
        base_seconds: float,
        max_seconds: float,
    ) -> None:
        self.store = store
        self.after_failures = after_failures
        self.base_seconds = base_seconds
        self.max_seconds = max_seconds

    @staticmethod
    def _keys(account: str) -> tuple[str, str]:
        name = account.strip().lower()
        return f"sluice:lb:{name}:failures", f"sluice:lb:{name}:until"

    async def check(self, account: str) -> None:
        """Raise 429 with Retry-After while `account` must wait, even for the right password."""
        _, until_key = self._keys(account)
        until = await self.store.get(until_key)
        now = time.time()
        if until is None or until <= now:
            return
        wait = max(1, math.ceil(until - now))
        at = datetime.fromtimestamp(until, UTC).strftime("%H:%M:%S UTC")
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many failed logins for this account; try again in {wait} s (at {at})",
            headers={"Retry-After": str(wait)},
        )

    def delay(self, failures: int) -> float:
        """The wait after `failures` failures: none before the threshold, then doubling."""
        if failures < self.after_failures:
            return 0.0
        exponent = min(failures - self.after_failures, 60)
        return float(min(self.max_seconds, self.base_seconds * 2**exponent))

    async def failed(self, account: str) -> float:
        """Count a failure; answers the wait it imposes on the next attempt (0: none)."""
        failures_key, until_key = self._keys(account)
        failures = await self.store.incr(failures_key, FORGET_SECONDS)
        wait = self.delay(failures)
        if wait > 0:
            await self.store.set(until_key, time.time() + wait, wait)
        return wait

    async def succeeded(self, account: str) -> None:
        await self.store.delete(*self._keys(account))
