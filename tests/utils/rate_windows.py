"""Timing rate-limit tests around the limiter's fixed windows."""

import asyncio
import time


async def early_in_a_window(window: float, needed: float) -> None:
    """The limiter counts fixed windows (api/accounts/rate_limit.py): start a test's hits
    where the window they land in has `needed` seconds left, so none spills into the next
    (a run at 12:17:59.6 once saw its fourth login counted in a fresh minute)."""
    left = window - time.time() % window
    if left < needed:
        await asyncio.sleep(left + 0.01)
