"""The client IP behind trusted proxies: counted from the right, never the client's own entry.

Addresses other than loopback appear only as header text here; no packet goes to them."""

import uuid

import pytest
from sqlmodel import Session, col, select

from api.accounts.client_ip import client_address
from api.main import create_app
from core.config import Settings
from core.db import make_engine
from core.models import AuditEvent
from tests.utils.asgi import serve

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("forwarded", "hops", "client"),
    [
        ([], 0, PROXY),
        (["6.6.6.6"], 0, PROXY),  # header ignored without trusted proxies
        (["198.51.100.7"], 1, "198.51.100.7"),
        (["6.6.6.6, 198.51.100.7"], 1, "198.51.100.7"),  # spoofed leftmost entry
        (["6.6.6.6", "198.51.100.7"], 1, "198.51.100.7"),  # two header lines join in order
        (["6.6.6.6, 198.51.100.7, 10.0.0.4"], 2, "198.51.100.7"),
        (["198.51.100.7"], 2, "198.51.100.7"),  # shorter chain: its leftmost was a proxy's
        ([], 1, PROXY),
        (["[2001:db8::1]:443"], 1, "2001:db8::1"),
        (["198.51.100.7:5555"], 1, "198.51.100.7"),
        (["not an address"], 1, PROXY),
    ],
)
def test_client_address_counts_hops_from_the_right(forwarded, hops, client):
    assert client_address(forwarded, PROXY, hops=hops) == client


def test_trust_proxy_headers_is_an_alias_of_one_hop():
    base = {"_env_file": None}
    assert Settings(**base).proxy_hops == 0
    assert Settings(trust_proxy_headers=True, **base).proxy_hops == 1
    assert Settings(trusted_proxy_hops=2, trust_proxy_headers=True, **base).proxy_hops == 2
    with pytest.raises(ValueError, match="trusted_proxy_hops"):
        Settings(trusted_proxy_hops=-1, **base)


async def test_spoofed_leftmost_entry_does_not_change_the_counted_ip(settings):
    behind_proxy = settings.model_copy(
        update={"trusted_proxy_hops": 1, "login_rate_limit": "3/minute"}
    )
    real = f"198.51.100.{uuid.uuid4().int % 250 + 1}"

    async def login(http, forwarded: str) -> int:
        email = f"ip-{uuid.uuid4().hex[:10]}@example.com"  # fresh: only the IP limit counts
        response = await http.post(
            "/api/auth/login",
            json={"email": email, "password": "wrong password 1"},
            headers={"X-Forwarded-For": forwarded},
        )
        return response.status_code

    async with serve(create_app(behind_proxy), client_ip=PROXY) as http:
        codes = [await login(http, f"203.0.113.{i}, {real}") for i in range(5)]
        assert codes == [401, 401, 401, 429, 429]
        assert await login(http, f"{uuid.uuid4().int % 250}.1.1.1, {real}") == 429
        other = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
        assert await login(http, f"{real}, {other}") == 401, "another client is not limited"

    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            ips = session.exec(
                select(AuditEvent.ip)
                .where(AuditEvent.action == "auth.login_failed")
                .order_by(col(AuditEvent.at).desc())
                .limit(4)
            ).all()
    finally:
        engine.dispose()
    assert ips == [other, real, real, real], "the audit records the counted client IP"


async def test_without_trusted_proxies_the_header_is_ignored(settings):
    limited = settings.model_copy(update={"login_rate_limit": "2/minute"})
    peer = f"10.7.{uuid.uuid4().int % 250}.9"
    async with serve(create_app(limited), client_ip=peer) as http:
        codes = []
        for i in range(3):
            response = await http.post(
                "/api/auth/login",
                json={"email": f"ip-{uuid.uuid4().hex[:10]}@example.com", "password": "x"},
                headers={"X-Forwarded-For": f"198.51.100.{i + 1}"},
            )
            codes.append(response.status_code)
        assert codes == [401, 401, 429]
