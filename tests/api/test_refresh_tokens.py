"""Refresh tokens over real HTTP: reuse revokes the family, rotation is atomic, logout drops
the codec cookie."""

import asyncio
import uuid

from sqlmodel import Session, col, select

from core.db import make_engine
from core.models import AuditEvent
from tests.utils.accounts import PASSWORD, sign_up


async def _login(http, email: str) -> dict:
    response = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    http.cookies.clear()
    return response.json()


async def _refresh(http, token: str):
    return await http.post("/api/auth/refresh", json={"refresh_token": token})


async def test_reusing_a_rotated_token_revokes_its_whole_family(anonymous, settings):
    email = f"rt-{uuid.uuid4().hex[:10]}@example.com"
    await sign_up(anonymous, email)
    first = (await _login(anonymous, email))["refresh_token"]
    other_login = (await _login(anonymous, email))["refresh_token"]
    second = (await _refresh(anonymous, first)).json()["refresh_token"]
    third = await _refresh(anonymous, second)
    assert third.status_code == 200
    newest = third.json()["refresh_token"]

    stolen = await _refresh(anonymous, first)  # an attacker replays the oldest copy
    assert stolen.status_code == 401
    assert (await _refresh(anonymous, newest)).status_code == 401, "the family is revoked"
    assert (await _refresh(anonymous, other_login)).status_code == 200, "other logins live on"

    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            [event] = session.exec(
                select(AuditEvent)
                .where(AuditEvent.action == "auth.refresh_reused")
                .where(AuditEvent.object_id == first.split(".")[0])
                .order_by(col(AuditEvent.at))
            ).all()
    finally:
        engine.dispose()
    assert event.user_id is not None


async def test_a_forged_secret_revokes_nothing(anonymous):
    email = f"rt-{uuid.uuid4().hex[:10]}@example.com"
    await sign_up(anonymous, email)
    token = (await _login(anonymous, email))["refresh_token"]
    record_id = token.split(".")[0]
    assert (await _refresh(anonymous, f"{record_id}.guessed-secret")).status_code == 401
    assert (await _refresh(anonymous, token)).status_code == 200


async def test_concurrent_refreshes_with_one_token_have_one_winner(anonymous):
    email = f"rt-{uuid.uuid4().hex[:10]}@example.com"
    await sign_up(anonymous, email)
    for _ in range(5):
        token = (await _login(anonymous, email))["refresh_token"]
        answers = await asyncio.gather(*(_refresh(anonymous, token) for _ in range(4)))
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 401, 401, 401], [a.text for a in answers]
        [won] = [a for a in answers if a.status_code == 200]
        # The losers presented a token already traded: the winner's family is revoked too.
        assert (await _refresh(anonymous, won.json()["refresh_token"])).status_code == 401


async def test_logout_clears_the_codec_cookie(anonymous):
    email = f"rt-{uuid.uuid4().hex[:10]}@example.com"
    await sign_up(anonymous, email)
    login = await anonymous.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert "sluice_codec=" in login.headers["set-cookie"]
    pair = login.json()
    out = await anonymous.post(
        "/api/auth/logout",
        json={"refresh_token": pair["refresh_token"]},
        headers={"Authorization": f"Bearer {pair['access_token']}"},
    )
    assert out.status_code == 204
    cookie = out.headers["set-cookie"].lower()
    assert cookie.startswith("sluice_codec=")
    assert "max-age=0" in cookie and "expires=" in cookie and "path=/api/codec" in cookie
    assert "sluice_codec" not in anonymous.cookies, "the client dropped the cookie"


async def test_a_refused_logout_still_clears_the_codec_cookie(anonymous):
    email = f"rt-{uuid.uuid4().hex[:10]}@example.com"
    auth = await sign_up(anonymous, email)
    out = await anonymous.post(
        "/api/auth/logout", json={"refresh_token": f"{uuid.uuid4()}.nothing"}, headers=auth
    )
    assert out.status_code == 404
    assert out.headers["set-cookie"].lower().startswith("sluice_codec=")
    assert "max-age=0" in out.headers["set-cookie"].lower()
