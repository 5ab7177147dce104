"""Registration, login, refresh, logout, invitations and workspaces."""

import uuid

import pytest

from tests.utils.accounts import PASSWORD, log_in, sign_up
from tests.utils.admins import promote_to_admin
from tests.utils.asgi import serve


def email() -> str:
    return f"u-{uuid.uuid4().hex[:10]}@Example.com"


async def test_register_makes_a_personal_workspace(anonymous):
    address = email()
    response = await anonymous.post(
        "/api/auth/register", json={"email": address, "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    assert response.json()["email"] == address.lower()
    user = (await anonymous.get("/api/auth/me", headers=await log_in(anonymous, address))).json()
    assert user["email"] == address.lower()
    [workspace] = user["workspaces"]
    assert (workspace["role"], workspace["personal"]) == ("owner", True)
    assert "password" not in response.text and "hash" not in response.text


@pytest.mark.parametrize(
    "password, words",
    [
        ("short1!", "at least 10"),
        ("onlyletterslong", "mix letters"),
        ("aaaaaaaaa1a", "5 different"),
        ("x1" * 40, "72 bytes"),
    ],
)
async def test_password_rules(anonymous, password, words):
    response = await anonymous.post(
        "/api/auth/register", json={"email": email(), "password": password}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "password"] and words in error["msg"]


async def test_registering_a_taken_email_answers_like_a_new_one(anonymous):
    address = email()
    await sign_up(anonymous, address)
    taken = await anonymous.post(
        "/api/auth/register", json={"email": address.upper(), "password": "other horse 42"}
    )
    fresh_address = email()
    fresh = await anonymous.post(
        "/api/auth/register", json={"email": fresh_address, "password": PASSWORD}
    )
    assert taken.status_code == fresh.status_code == 201
    assert taken.json() == {**fresh.json(), "email": address.lower()}
    assert taken.headers.keys() == fresh.headers.keys()
    # Nothing changed for the existing account: its password is still the first one.
    login = {"email": address, "password": "other horse 42"}
    assert (await anonymous.post("/api/auth/login", json=login)).status_code == 401
    await log_in(anonymous, address)
    response = await anonymous.post(
        "/api/auth/register", json={"email": "not-an-email", "password": PASSWORD}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "email"]


async def test_login_failures_say_the_same(anonymous):
    address = email()
    await sign_up(anonymous, address)
    wrong = await anonymous.post(
        "/api/auth/login", json={"email": address, "password": "wrong pass 1"}
    )
    unknown = await anonymous.post("/api/auth/login", json={"email": email(), "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong email or password"}
    assert (
        await anonymous.post(
            "/api/auth/login", json={"email": address.upper(), "password": PASSWORD}
        )
    ).status_code == 200


async def test_tokens_refresh_rotate_and_logout_revokes(anonymous):
    address = email()
    await sign_up(anonymous, address)
    pair = (
        await anonymous.post("/api/auth/login", json={"email": address, "password": PASSWORD})
    ).json()
    assert pair["token_type"] == "bearer" and pair["expires_in"] > 0
    me = await anonymous.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert me.json()["email"] == address.lower()
    renewed = await anonymous.post(
        "/api/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert renewed.status_code == 200
    again = await anonymous.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert again.status_code == 401, "a used refresh token must not work twice"
    # That reuse revoked the family (see test_refresh_tokens.py); a new login logs out.
    fresh = (
        await anonymous.post("/api/auth/login", json={"email": address, "password": PASSWORD})
    ).json()
    fresh = (
        await anonymous.post("/api/auth/refresh", json={"refresh_token": fresh["refresh_token"]})
    ).json()
    auth = {"Authorization": f"Bearer {fresh['access_token']}"}
    out = await anonymous.post(
        "/api/auth/logout", json={"refresh_token": fresh["refresh_token"]}, headers=auth
    )
    assert out.status_code == 204
    revoked = await anonymous.post(
        "/api/auth/refresh", json={"refresh_token": fresh["refresh_token"]}
    )
    assert revoked.status_code == 401 and "log in again" in revoked.json()["detail"]


async def test_bad_tokens_are_401(anonymous, settings):
    from api.accounts.security import create_access_token

    expired = create_access_token(uuid.uuid4(), secret=settings.secret_key, minutes=-1)
    forged = create_access_token(uuid.uuid4(), secret="another secret", minutes=5)
    for header in ["Bearer nonsense", "Basic abc", f"Bearer {expired}", f"Bearer {forged}"]:
        response = await anonymous.get("/api/auth/me", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.headers["www-authenticate"] == "Bearer"


async def test_workspaces_members_and_the_workspace_header(api, anonymous):
    created = await api.post("/api/workspaces", json={"name": "Team"})
    assert created.status_code == 201
    team = created.json()["id"]
    other_email = email()
    other = await sign_up(anonymous, other_email)
    added = await api.put(
        f"/api/workspaces/{team}/members", json={"email": other_email, "role": "viewer"}
    )
    assert added.status_code == 200 and added.json()["role"] == "viewer"
    # With two workspaces, the header decides; without it the API says what to do.
    response = await anonymous.get("/api/workflows", headers=other)
    assert response.status_code == 400 and "X-Workspace-Id" in response.json()["detail"]
    response = await anonymous.get("/api/workflows", headers={**other, "X-Workspace-Id": team})
    assert response.status_code == 200
    response = await anonymous.post(
        "/api/workflows",
        headers={**other, "X-Workspace-Id": team},
        json={"name": "x", "graph": {"nodes": []}},
    )
    assert response.status_code == 403 and "editor" in response.json()["detail"]
    stranger = await sign_up(anonymous)
    response = await anonymous.get("/api/workflows", headers={**stranger, "X-Workspace-Id": team})
    assert response.status_code == 403
    members = (await api.get(f"/api/workspaces/{team}/members")).json()
    assert sorted(m["role"] for m in members["data"]) == ["owner", "viewer"]


async def test_inviting_a_known_or_unknown_email_answers_alike(api, anonymous):
    team = (await api.post("/api/workspaces", json={"name": "Invites"})).json()["id"]
    known, unknown = email(), email()
    known_auth = await sign_up(anonymous, known)
    answers = [
        await api.put(f"/api/workspaces/{team}/members", json={"email": e, "role": "editor"})
        for e in (known, unknown)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    bodies = [a.json() for a in answers]
    assert [sorted(b) for b in bodies] == [["email", "role", "user_id"]] * 2
    assert [(b["email"], b["role"]) for b in bodies] == [
        (known.lower(), "editor"),
        (unknown.lower(), "editor"),
    ]
    listed = (await api.get(f"/api/workspaces/{team}/members")).json()["data"]
    for body in bodies:
        assert body in listed, "pending and registered invitees are listed the same way"
    assert team in {
        w["workspace_id"]
        for w in (await anonymous.get("/api/auth/me", headers=known_auth)).json()["workspaces"]
    }

    # The unknown email joins when it signs up, with the role it was invited with.
    joined = await sign_up(anonymous, unknown)
    me = (await anonymous.get("/api/auth/me", headers=joined)).json()
    assert {(w["workspace_id"], w["role"]) for w in me["workspaces"]} >= {(team, "editor")}
    listed = (await api.get(f"/api/workspaces/{team}/members")).json()["data"]
    assert {"email": unknown.lower(), "role": "editor", "user_id": me["id"]} in listed

    # A pending invitation is removed like a member, by the id it was listed with.
    later = email()
    pending = await api.put(
        f"/api/workspaces/{team}/members", json={"email": later, "role": "viewer"}
    )
    removed = await api.delete(f"/api/workspaces/{team}/members/{pending.json()['user_id']}")
    assert removed.status_code == 204
    invited = await sign_up(anonymous, later)
    me = (await anonymous.get("/api/auth/me", headers=invited)).json()
    assert team not in {w["workspace_id"] for w in me["workspaces"]}


async def test_closed_registration_needs_an_invitation(settings, anonymous):
    from api.main import create_app

    admin_email = email()
    admin = await sign_up(anonymous, admin_email)
    promote_to_admin(settings, admin_email)
    closed = settings.model_copy(update={"registration_open": False})
    async with serve(create_app(closed)) as http:
        guest = email()
        body = {"email": guest, "password": PASSWORD}
        response = await http.post("/api/auth/register", json=body)
        assert response.status_code == 403 and "invitation" in response.json()["detail"]
        invitation = await http.post("/api/auth/invitations", json={"email": guest}, headers=admin)
        assert invitation.status_code == 201, invitation.text
        token = invitation.json()["token"]
        wrong = await http.post(
            "/api/auth/register", json={"email": email(), "password": PASSWORD, "invitation": token}
        )
        assert wrong.status_code == 403, "an invitation is for its email only"
        ok = await http.post("/api/auth/register", json={**body, "invitation": token})
        assert ok.status_code == 201, ok.text
        reused = await http.post(
            "/api/auth/register",
            json={"email": guest.replace("u-", "v-"), "password": PASSWORD, "invitation": token},
        )
        assert reused.status_code == 403
        not_admin = await http.post(
            "/api/auth/invitations", json={"email": email()}, headers=await log_in(http, guest)
        )
        assert not_admin.status_code == 403


async def test_security_headers_and_size_limit(anonymous, settings):
    response = await anonymous.get("/api/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    big = b"{" + b" " * (settings.max_request_bytes + 10) + b"}"
    response = await anonymous.post(
        "/api/auth/login", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
