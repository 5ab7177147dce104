"""The Redis the tests share (loopback), as a fixture that fails clearly when it is down."""

import os

import pytest
import redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({exc}); start it or set TEST_REDIS_URL",
            pytrace=False,
        )
    return REDIS_URL
