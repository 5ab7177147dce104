"""Per-account login backoff: 429 with Retry-After after repeated failures, even for the right
password, until the wait passes; a success forgets the failures. Memory and Redis."""

import asyncio
import uuid

import pytest

from api.accounts.login_backoff import LoginBackoff
from api.accounts.rate_limit import MemoryCounter
from api.main import create_app
from tests.utils.accounts import PASSWORD
from tests.utils.asgi import serve

WRONG = "wrong password 1"


def test_the_wait_doubles_and_is_capped():
    backoff = LoginBackoff(MemoryCounter(), after_failures=3, base_seconds=2, max_seconds=10)
    assert [backoff.delay(n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 10, 10]


@pytest.fixture(params=["memory", "redis"])
def backoff_settings(settings, request):
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    return settings.model_copy(
        update={
            "redis_url": url,
            "login_backoff_after_failures": 2,
            "login_backoff_base_seconds": 1.5,
            "login_backoff_max_seconds": 3,
        }
    )


async def _login(http, email: str, password: str):
    return await http.post("/api/auth/login", json={"email": email, "password": password})


async def _until_not_429(http, email: str, password: str):
    for _ in range(100):
        response = await _login(http, email, password)
        if response.status_code != 429:
            return response
        await asyncio.sleep(0.1)
    raise AssertionError("the backoff never ended")


async def test_backoff_blocks_the_right_password_then_lets_it_in(backoff_settings):
    async with serve(create_app(backoff_settings)) as http:
        email = f"bo-{uuid.uuid4().hex[:10]}@example.com"
        registered = await http.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD}
        )
        assert registered.status_code == 201
        assert [(await _login(http, email, WRONG)).status_code for _ in range(2)] == [401, 401]
        blocked = await _login(http, email, PASSWORD)
        assert blocked.status_code == 429, blocked.text
        wait = blocked.headers["retry-after"]
        assert wait in ("1", "2")
        assert f"failed logins for this account; try again in {wait} s (at " in blocked.text
        other = f"bo-{uuid.uuid4().hex[:10]}@example.com"
        assert (await _login(http, other, WRONG)).status_code == 401, "per account"

        assert (await _until_not_429(http, email, PASSWORD)).status_code == 200
        # The success forgot the failures: one more failure does not block again.
        assert (await _login(http, email, WRONG)).status_code == 401
        assert (await _login(http, email, PASSWORD)).status_code == 200


async def test_the_wait_grows_with_each_failure(backoff_settings):
    async with serve(create_app(backoff_settings)) as http:
        email = f"bo-{uuid.uuid4().hex[:10]}@example.com"
        for _ in range(2):
            await _login(http, email, WRONG)
        assert (await _login(http, email, WRONG)).status_code == 429
        assert (await _until_not_429(http, email, WRONG)).status_code == 401
        assert (await _login(http, email, WRONG)).status_code == 429


async def test_unknown_and_known_accounts_back_off_alike(backoff_settings):
    """Otherwise the backoff would tell which emails have accounts."""
    async with serve(create_app(backoff_settings)) as http:
        known = f"bo-{uuid.uuid4().hex[:10]}@example.com"
        await http.post("/api/auth/register", json={"email": known, "password": PASSWORD})
        unknown = f"bo-{uuid.uuid4().hex[:10]}@example.com"
        answers = {}
        for email in (known, unknown):
            codes = [(await _login(http, email, WRONG)).status_code for _ in range(3)]
            answers[email] = codes
        assert answers[known] == answers[unknown] == [401, 401, 429]


async def test_replicas_share_the_backoff_through_redis(settings, redis_url):
    shared = settings.model_copy(
        update={
            "redis_url": redis_url,
            "login_backoff_after_failures": 1,
            "login_backoff_base_seconds": 60,
        }
    )
    async with serve(create_app(shared)) as a, serve(create_app(shared)) as b:
        email = f"bo-{uuid.uuid4().hex[:10]}@example.com"
        assert (await _login(a, email, WRONG)).status_code == 401
        blocked = await _login(b, email, WRONG)
        assert blocked.status_code == 429
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
