"""Password change by the user, and the administrator's one-time reset, over the real API."""

import uuid

from sqlmodel import Session, select

from core.db import make_engine
from core.models import AuditEvent
from tests.utils.accounts import PASSWORD, log_in, sign_up
from tests.utils.admins import promote_to_admin

NEW = "new horse battery 7"


def _email() -> str:
    return f"pw-{uuid.uuid4().hex[:10]}@example.com"


async def _pair(http, email: str, password: str = PASSWORD):
    response = await http.post("/api/auth/login", json={"email": email, "password": password})
    http.cookies.clear()
    return response


def _actions(settings, user_id: str) -> list[str]:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(AuditEvent.action).where(AuditEvent.user_id == uuid.UUID(user_id))
            ).all()
            return list(rows)
    finally:
        engine.dispose()


async def test_change_password_checks_both_and_ends_other_sessions(anonymous, settings):
    email = _email()
    auth = await sign_up(anonymous, email)
    old_session = (await _pair(anonymous, email)).json()["refresh_token"]
    change = "/api/auth/password"

    wrong = await anonymous.post(
        change, headers=auth, json={"current_password": "not it 123", "new_password": NEW}
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "current_password"]
    weak = await anonymous.post(
        change, headers=auth, json={"current_password": PASSWORD, "new_password": "short1"}
    )
    assert weak.status_code == 422
    [problem] = weak.json()["detail"]
    assert problem["loc"] == ["body", "new_password"] and "at least 10" in problem["msg"]
    same = await anonymous.post(
        change, headers=auth, json={"current_password": PASSWORD, "new_password": PASSWORD}
    )
    assert same.status_code == 422 and same.json()["detail"][0]["loc"][-1] == "new_password"

    changed = await anonymous.post(
        change, headers=auth, json={"current_password": PASSWORD, "new_password": NEW}
    )
    assert changed.status_code == 200, changed.text
    pair = changed.json()
    refresh = "/api/auth/refresh"
    assert (await anonymous.post(refresh, json={"refresh_token": old_session})).status_code == 401
    assert (
        await anonymous.post(refresh, json={"refresh_token": pair["refresh_token"]})
    ).status_code == 200, "the session that changed the password continues"
    assert (await _pair(anonymous, email)).status_code == 401
    assert (await _pair(anonymous, email, NEW)).status_code == 200
    me = (await anonymous.get("/api/auth/me", headers=auth)).json()
    actions = _actions(settings, me["id"])
    assert "auth.password_change" in actions and "auth.password_change_failed" in actions


async def test_admin_reset_is_one_time_and_locks_the_old_password(anonymous, settings):
    admin_email, email = _email(), _email()
    admin = await sign_up(anonymous, admin_email)
    promote_to_admin(settings, admin_email)
    user = await sign_up(anonymous, email)
    user_id = (await anonymous.get("/api/auth/me", headers=user)).json()["id"]
    session_token = (await _pair(anonymous, email)).json()["refresh_token"]

    path = f"/api/admin/users/{user_id}/password-reset"
    assert (await anonymous.post(path, headers=user)).status_code == 403
    unknown = await anonymous.post(f"/api/admin/users/{uuid.uuid4()}/password-reset", headers=admin)
    assert unknown.status_code == 404
    issued = await anonymous.post(path, headers=admin)
    assert issued.status_code == 201, issued.text
    token = issued.json()["token"]
    assert issued.json()["user_id"] == user_id and issued.json()["expires_at"]

    assert (await _pair(anonymous, email)).status_code == 401, "the old password stops at once"
    refreshed = await anonymous.post("/api/auth/refresh", json={"refresh_token": session_token})
    assert refreshed.status_code == 401, "and so do the user's sessions"

    reset = "/api/auth/password-reset"
    weak = await anonymous.post(reset, json={"token": token, "new_password": "weak"})
    assert weak.status_code == 422 and weak.json()["detail"][0]["loc"] == ["body", "new_password"]
    used = await anonymous.post(reset, json={"token": token, "new_password": NEW})
    assert used.status_code == 204, used.text
    again = await anonymous.post(reset, json={"token": token, "new_password": NEW + "x"})
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "token"]
    assert "ask an administrator" in again.json()["detail"][0]["msg"]
    await log_in(anonymous, email, NEW)
    anonymous.cookies.clear()
    admin_id = (await anonymous.get("/api/auth/me", headers=admin)).json()["id"]
    assert "admin.password_reset" in _actions(settings, admin_id)
    assert "auth.password_reset" in _actions(settings, user_id)


async def test_a_newer_reset_voids_the_older_one(anonymous, settings):
    admin_email, email = _email(), _email()
    admin = await sign_up(anonymous, admin_email)
    promote_to_admin(settings, admin_email)
    user = await sign_up(anonymous, email)
    user_id = (await anonymous.get("/api/auth/me", headers=user)).json()["id"]
    path = f"/api/admin/users/{user_id}/password-reset"
    older = (await anonymous.post(path, headers=admin)).json()["token"]
    newer = (await anonymous.post(path, headers=admin)).json()["token"]
    reset = "/api/auth/password-reset"
    assert (
        await anonymous.post(reset, json={"token": older, "new_password": NEW})
    ).status_code == 422
    assert (
        await anonymous.post(reset, json={"token": newer, "new_password": NEW})
    ).status_code == 204
