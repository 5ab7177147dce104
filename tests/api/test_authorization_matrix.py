"""Every route of the OpenAPI schema, called as anonymous, as an outsider, as an admin and as
each role of a shared workspace W; the answer must be the one the table below says.

A route the schema lists without a row in ROUTES fails `test_every_route_has_a_row`, so a new
route cannot ship without someone deciding who may call it.

Who may call a route (the `who` of a row):

    PUBLIC          anyone, signed in or not
    USER            any signed-in user; the route is about the caller, not a workspace
    ADMIN           an administrator (User.is_admin)
    VIEWER ... OWNER  at least that role in the workspace the request acts in

What a workspace route acts on (the `on` of a row), which decides what outsiders get:

    OBJECT      one object of W, named in the path: outsiders get 404 (it does not exist for
                them), and 403 when they name W in X-Workspace-Id
    COLLECTION  the caller's workspace: outsiders get a 2xx that shows none of W's objects,
                and 403 when they name W in X-Workspace-Id
    MEMBERS     /workspaces/{W}/...: non-members get 404 whatever header they send

Callers:

    anonymous             no Authorization header
    outsider              signed in, member of their personal workspace only; acts there
    outsider_naming_W     the same user, sending X-Workspace-Id: W
    admin                 an administrator who is not a member of W; acts in their personal
                          workspace (administrators get no access to workspaces' objects)
    viewer ... owner      members of W with that role, sending X-Workspace-Id: W (each also
                          owns a personal workspace, so the header is needed)
"""

import asyncio
import base64
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlmodel import Session, select

from api.main import create_app
from core.config import Settings
from core.db import make_engine
from core.models import User
from tests.utils.accounts import PASSWORD
from tests.utils.api import create_workflow, simple_graph, start_run, wait_for_run
from tests.utils.graphs import chain, edge, node

pytestmark = pytest.mark.timeout(120)

PUBLIC, USER, ADMIN = "public", "user", "admin"
VIEWER, OPERATOR, EDITOR, OWNER = "viewer", "operator", "editor", "owner"
ROLES = (VIEWER, OPERATOR, EDITOR, OWNER)
OBJECT, COLLECTION, MEMBERS = "object", "collection", "members"
OUTSIDERS = ("outsider", "admin")
CALLERS = ("anonymous", "outsider", "outsider_naming_W", "admin", *ROLES)
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

SLOW_GRAPH = {
    "nodes": [node("start", "trigger.manual"), node("wait", "util.delay", {"seconds": 300})],
    "edges": chain("start", "wait"),
}
APPROVAL_GRAPH = {
    "nodes": [
        node("start", "trigger.manual"),
        node("ask", "human.approval", {"title": "Ship it?"}),
        node("done", "util.noop", {"value": 1}),
    ],
    "edges": [edge("start", "ask"), edge("ask", "done", "approved")],
}
PLAIN_PAYLOADS = {
    "payloads": [
        {
            "metadata": {"encoding": base64.b64encode(b"json/plain").decode()},
            "data": base64.b64encode(b'"matrix"').decode(),
        }
    ]
}
ENCRYPTED = base64.b64encode(b"binary/encrypted").decode()


def fresh_email(label: str = "user") -> str:
    return f"matrix-{label}-{uuid.uuid4().hex[:10]}@example.com"


# The world every row acts on -------------------------------------------------------------


@dataclass
class World:
    http: dict[str, httpx.AsyncClient]
    """One client per caller, with that caller's Authorization and X-Workspace-Id."""
    accounts: httpx.AsyncClient
    """Signed out; registers and logs in. Kept apart from the callers' clients because a
    login sets the codec cookie, which would sign in an `anonymous` client that sent it."""
    emails: dict[str, str]
    user_ids: dict[str, str]
    personal: dict[str, str]
    """Caller → id of their personal workspace."""
    workspace: str
    """W, the shared workspace."""
    spare: str
    """Email of a user nobody acts as: logs in for /login and /refresh bodies."""
    workflow: dict = field(default_factory=dict)
    credential: dict = field(default_factory=dict)
    run: dict = field(default_factory=dict)
    """A finished run of `workflow`."""
    sealed: dict = field(default_factory=dict)
    """PLAIN_PAYLOADS as encoded by the codec."""
    slow_workflow: dict = field(default_factory=dict)
    slow_runs: list[str] = field(default_factory=list)
    """Runs left waiting (timer or approval): cancelled at the end."""
    approval_workflow: dict = field(default_factory=dict)
    approval: dict = field(default_factory=dict)
    """A pending approval of W."""
    triggers: dict = field(default_factory=dict)
    """W's webhook and schedule workflows (see `trigger_ids`)."""
    passwords: dict[str, str] = field(default_factory=dict)
    """Email → password, for users whose password a row changed (else PASSWORD)."""

    @property
    def owner(self) -> httpx.AsyncClient:
        return self.http[OWNER]

    def email_of(self, caller: str) -> str:
        """The caller's own email; anonymous borrows the spare user's."""
        return self.emails.get(caller.removesuffix("_naming_W"), self.spare)

    async def register(self, email: str) -> str:
        """Register `email`; answers the user id."""
        response = await self.accounts.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 201, response.text
        token = (await self.tokens(email))["access_token"]
        me = await self.accounts.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        return str(me.json()["id"])

    async def tokens(self, email: str) -> dict[str, Any]:
        response = await self.accounts.post(
            "/api/auth/login", json={"email": email, "password": self.password_of(email)}
        )
        self.accounts.cookies.clear()  # the codec cookie of this login
        assert response.status_code == 200, response.text
        return dict(response.json())

    def password_of(self, email: str) -> str:
        return self.passwords.get(email, PASSWORD)

    async def fresh_member(self) -> tuple[str, str]:
        """A new user the owner added to W as viewer: (email, user id)."""
        email = fresh_email("member")
        user_id = await self.register(email)
        response = await self.owner.put(
            f"/api/workspaces/{self.workspace}/members", json={"email": email, "role": "viewer"}
        )
        assert response.status_code == 200, response.text
        return email, user_id

    async def member_emails(self) -> set[str]:
        response = await self.owner.get(f"/api/workspaces/{self.workspace}/members")
        assert response.status_code == 200, response.text
        return {m["email"] for m in response.json()["data"]}

    async def fresh_workflow(self) -> str:
        return str((await create_workflow(self.owner, simple_graph(1), name="victim"))["id"])

    async def fresh_credential(self) -> str:
        response = await self.owner.post(
            "/api/credentials",
            json={"name": "victim", "type": "http_bearer", "data": {"token": "victim-token"}},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def fresh_running_run(self) -> str:
        run_id = str((await start_run(self.owner, self.slow_workflow["id"]))["id"])
        self.slow_runs.append(run_id)
        return run_id

    async def fresh_approval(self) -> dict:
        """A run of the approval workflow, once its approval is pending: the approval."""
        run_id = str((await start_run(self.owner, self.approval_workflow["id"]))["id"])
        self.slow_runs.append(run_id)
        params = {"workflow_id": self.approval_workflow["id"], "mine": "false", "limit": 500}
        for _ in range(200):
            response = await self.owner.get("/api/approvals", params=params)
            assert response.status_code == 200, response.text
            mine = [a for a in response.json()["data"] if a["run_id"] == run_id]
            if mine:
                return dict(mine[0])
            await asyncio.sleep(0.05)
        raise AssertionError(f"run {run_id} opened no approval in 10 s")


def _set_admin_flags(settings: Settings, flags: dict[str, bool]) -> None:
    """Admin is whoever registered first in the session DB; make it explicit for our users."""
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            for email, is_admin in flags.items():
                user = session.exec(select(User).where(User.email == email)).one()
                user.is_admin = is_admin
                session.add(user)
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
async def world(api_url: str, worker: None, settings: Settings) -> AsyncIterator[World]:
    clients: dict[str, httpx.AsyncClient] = {
        caller: httpx.AsyncClient(base_url=api_url, timeout=30) for caller in (*CALLERS, "accounts")
    }
    accounts = clients.pop("accounts")
    try:
        emails = {c: fresh_email(c) for c in ("outsider", "admin", *ROLES)}
        world = World(
            http=clients,
            accounts=accounts,
            emails=emails,
            user_ids={},
            personal={},
            workspace="",
            spare=fresh_email("spare"),
        )
        for caller, email in emails.items():
            world.user_ids[caller] = await world.register(email)
        await world.register(world.spare)
        flags = {email: caller == "admin" for caller, email in emails.items()}
        _set_admin_flags(settings, {**flags, world.spare: False})
        for caller, email in emails.items():
            token = (await world.tokens(email))["access_token"]
            clients[caller].headers["Authorization"] = f"Bearer {token}"
            me = (await clients[caller].get("/api/auth/me")).json()
            assert me["is_admin"] == (caller == "admin"), me
            [personal] = me["workspaces"]
            world.personal[caller] = personal["workspace_id"]
        clients["outsider_naming_W"].headers.update(clients["outsider"].headers)

        response = await clients[OWNER].post("/api/workspaces", json={"name": "W (matrix)"})
        assert response.status_code == 201, response.text
        world.workspace = response.json()["id"]
        for role in (VIEWER, OPERATOR, EDITOR):
            response = await clients[OWNER].put(
                f"/api/workspaces/{world.workspace}/members",
                json={"email": emails[role], "role": role},
            )
            assert response.status_code == 200, response.text
        for caller in ("outsider", "admin"):
            clients[caller].headers["X-Workspace-Id"] = world.personal[caller]
        for caller in ("outsider_naming_W", *ROLES):
            clients[caller].headers["X-Workspace-Id"] = world.workspace

        world.workflow = await create_workflow(world.owner, simple_graph(), name="matrix")
        world.slow_workflow = await create_workflow(world.owner, SLOW_GRAPH, name="matrix slow")
        world.approval_workflow = await create_workflow(
            world.owner, APPROVAL_GRAPH, name="matrix approval"
        )
        world.approval = await world.fresh_approval()
        world.credential = (
            await world.owner.post(
                "/api/credentials",
                json={"name": "matrix", "type": "http_bearer", "data": {"token": "t0k3n-matrix"}},
            )
        ).json()
        assert "id" in world.credential, world.credential
        run = await start_run(world.owner, world.workflow["id"], inputs={"x": 1})
        world.run = await wait_for_run(world.owner, run["id"])
        assert world.run["status"] == "completed", world.run
        response = await clients["admin"].post("/api/codec/encode", json=PLAIN_PAYLOADS)
        assert response.status_code == 200, response.text
        world.sealed = response.json()
        for caller, http in clients.items():
            assert not http.cookies, f"{caller} would send cookies: {dict(http.cookies)}"
        assert "Authorization" not in clients["anonymous"].headers
        yield world
        for run_id in world.slow_runs:  # leave no timer or approval waiting
            await world.owner.post(f"/api/runs/{run_id}/cancel")
    finally:
        for http in (*clients.values(), accounts):
            await http.aclose()


# Requests: a valid one per route, per caller ---------------------------------------------


@dataclass
class Call:
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    untouched: Callable[[], Awaitable[str | None]] | None = None
    """After a refusal: a problem if the route acted anyway, else None."""


Build = Callable[[World, str], Awaitable[Call]]
Check = Callable[[World, str, Any], str | None]


def fixed(path: str, json: Any = None, **params: Any) -> Build:
    async def build(world: World, caller: str) -> Call:
        return Call(path.format(**_ids(world)), json, params or None)

    return build


def _ids(world: World) -> dict[str, str]:
    return {
        "W": world.workspace,
        "workflow_id": world.workflow["id"],
        "credential_id": world.credential["id"],
        "run_id": world.run["id"],
        "approval_id": world.approval["id"],
    }


async def register(world: World, caller: str) -> Call:
    return Call("/api/auth/register", {"email": fresh_email("registered"), "password": PASSWORD})


async def login(world: World, caller: str) -> Call:
    return Call("/api/auth/login", {"email": world.spare, "password": PASSWORD})


async def refresh(world: World, caller: str) -> Call:
    token = (await world.tokens(world.spare))["refresh_token"]
    return Call("/api/auth/refresh", {"refresh_token": token})


async def logout(world: World, caller: str) -> Call:
    """Each caller logs out of a session of their own (anonymous names the spare's)."""
    token = (await world.tokens(world.email_of(caller)))["refresh_token"]

    async def still_valid() -> str | None:
        response = await world.accounts.post("/api/auth/refresh", json={"refresh_token": token})
        return None if response.status_code == 200 else "the refused logout revoked the session"

    return Call("/api/auth/logout", {"refresh_token": token}, untouched=still_valid)


async def invitation(world: World, caller: str) -> Call:
    return Call("/api/auth/invitations", {"email": fresh_email("invited")})


async def change_password(world: World, caller: str) -> Call:
    """Each caller changes their own password (anonymous names the spare's)."""
    email = world.email_of(caller)
    current = world.password_of(email)
    new = f"{PASSWORD} {uuid.uuid4().hex[:6]}"

    async def unchanged() -> str | None:
        response = await world.accounts.post(
            "/api/auth/login", json={"email": email, "password": current}
        )
        world.accounts.cookies.clear()
        return None if response.status_code == 200 else "the refused call changed the password"

    if expected(ROUTES[("POST", "/api/auth/password")], caller) == 200:
        world.passwords[email] = new
    return Call(
        "/api/auth/password",
        {"current_password": current, "new_password": new},
        untouched=unchanged,
    )


async def use_password_reset(world: World, caller: str) -> Call:
    email = fresh_email("reset")
    user_id = await world.register(email)
    response = await world.http["admin"].post(f"/api/admin/users/{user_id}/password-reset")
    assert response.status_code == 201, response.text
    return Call(
        "/api/auth/password-reset",
        {"token": response.json()["token"], "new_password": f"{PASSWORD} reset"},
    )


async def issue_password_reset(world: World, caller: str) -> Call:
    email = fresh_email("resettable")
    user_id = await world.register(email)

    async def password_still_works() -> str | None:
        response = await world.accounts.post(
            "/api/auth/login", json={"email": email, "password": PASSWORD}
        )
        world.accounts.cookies.clear()
        return None if response.status_code == 200 else "the refused reset locked the user out"

    return Call(f"/api/admin/users/{user_id}/password-reset", untouched=password_still_works)


async def set_member(world: World, caller: str) -> Call:
    email = fresh_email("added")
    await world.register(email)

    async def not_added() -> str | None:
        added = email in await world.member_emails()
        return "the refused call added the member anyway" if added else None

    return Call(
        f"/api/workspaces/{world.workspace}/members",
        {"email": email, "role": "viewer"},
        untouched=not_added,
    )


async def remove_member(world: World, caller: str) -> Call:
    email, user_id = await world.fresh_member()

    async def still_member() -> str | None:
        there = email in await world.member_emails()
        return None if there else "the refused call removed the member anyway"

    return Call(f"/api/workspaces/{world.workspace}/members/{user_id}", untouched=still_member)


async def delete_credential(world: World, caller: str) -> Call:
    credential_id = await world.fresh_credential()

    async def still_there() -> str | None:
        response = await world.owner.get(f"/api/credentials/{credential_id}")
        return None if response.status_code == 200 else "the refused call deleted it anyway"

    return Call(f"/api/credentials/{credential_id}", untouched=still_there)


async def delete_workflow(world: World, caller: str) -> Call:
    workflow_id = await world.fresh_workflow()

    async def still_there() -> str | None:
        response = await world.owner.get(f"/api/workflows/{workflow_id}")
        return None if response.status_code == 200 else "the refused call deleted it anyway"

    return Call(f"/api/workflows/{workflow_id}", untouched=still_there)


async def decide(world: World, caller: str) -> Call:
    """Deciding is one-shot: every caller gets a pending approval of its own."""
    approval_id = (await world.fresh_approval())["id"]

    async def still_pending() -> str | None:
        status = (await world.owner.get(f"/api/approvals/{approval_id}")).json()["status"]
        return None if status == "pending" else f"the refused call left the approval {status}"

    return Call(
        f"/api/approvals/{approval_id}/decision",
        {"decision": "approved", "comment": "matrix"},
        untouched=still_pending,
    )


async def rotate_url(world: World, caller: str) -> Call:
    """Rotating changes the URL: every caller gets a webhook of its own, and a refused
    rotation must leave its URL as it was."""
    graph = {"nodes": [node("hook", "trigger.webhook")], "edges": []}
    hook = await create_workflow(world.owner, graph, name="matrix rotate")
    listing = f"/api/workflows/{hook['id']}/triggers"
    url = (await world.owner.get(listing)).json()["data"][0]["url"]

    async def same_url() -> str | None:
        now = (await world.owner.get(listing)).json()["data"][0]["url"]
        return None if now == url else "the refused call rotated the URL anyway"

    return Call(f"{listing}/hook/rotate", untouched=same_url)


async def decode(world: World, caller: str) -> Call:
    return Call("/api/codec/decode", world.sealed)


async def cancel_run(world: World, caller: str) -> Call:
    """Cancelling is one-shot: every caller gets a run of its own, still running."""
    run_id = await world.fresh_running_run()

    async def still_running() -> str | None:
        status = (await world.owner.get(f"/api/runs/{run_id}")).json()["status"]
        return None if status == "running" else f"the refused call left the run {status}"

    return Call(f"/api/runs/{run_id}/cancel", untouched=still_running)


async def retry_run(world: World, caller: str) -> Call:
    """Retrying needs a run that did not complete: a cancelled one of its own per caller."""
    run_id = await world.fresh_running_run()
    await world.owner.post(f"/api/runs/{run_id}/cancel")
    for _ in range(200):
        if (await world.owner.get(f"/api/runs/{run_id}")).json()["status"] == "cancelled":
            break
        await asyncio.sleep(0.05)
    return Call(f"/api/runs/{run_id}/retry")


async def trigger_ids(world: World) -> dict[str, str]:
    """A webhook workflow and a schedule workflow of W, made on first use."""
    if not world.triggers:
        graph = {"nodes": [node("hook", "trigger.webhook")], "edges": []}
        hook = await create_workflow(world.owner, graph, name="matrix hook")
        listed = await world.owner.get(f"/api/workflows/{hook['id']}/triggers")
        graph = {"nodes": [node("tick", "trigger.schedule", {"cron": "0 0 1 1 *"})], "edges": []}
        schedule = await create_workflow(world.owner, graph, name="matrix schedule")
        world.triggers = {
            "hook_workflow": hook["id"],
            "hook_path": "/hooks/" + listed.json()["data"][0]["url"].rsplit("/", 1)[1],
            "schedule_workflow": schedule["id"],
            "schedule_id": f"sluice-{schedule['id']}-tick",
        }
    return world.triggers


def on_triggers(path: str, json: Any = None) -> Build:
    async def build(world: World, caller: str) -> Call:
        return Call(path.format(**await trigger_ids(world)), json)

    return build


# Checks of a successful answer -------------------------------------------------------------


def _member_of_w(caller: str) -> bool:
    return caller in ROLES


def lists(key: str) -> Check:
    """A list answer: W's object is there for members of W, absent for everyone else."""

    def check(world: World, caller: str, body: Any) -> str | None:
        wanted = {
            "workflow": world.workflow,
            "credential": world.credential,
            "run": world.run,
            "approval": world.approval,
        }
        object_id = wanted[key]["id"]
        ids = {item["id"] for item in body["data"]}
        foreign = [i["id"] for i in body["data"] if i["workspace_id"] != world.workspace]
        if _member_of_w(caller):
            if object_id not in ids:
                return f"W's {key} {object_id} missing from the list"
            if foreign:
                return f"objects of other workspaces listed in W: {foreign}"
        elif object_id in ids or len(foreign) != len(body["data"]):
            return f"W's {key}s shown to a non-member"
        return None

    return check


def created_in_own_workspace(world: World, caller: str, body: Any) -> str | None:
    """Members create in W; outsiders create in their own workspace, never in W."""
    expected = world.workspace if _member_of_w(caller) else world.personal[caller]
    got = body["workspace_id"]
    return None if got == expected else f"created in workspace {got}, not {expected}"


def imported_in_own_workspace(world: World, caller: str, body: Any) -> str | None:
    return created_in_own_workspace(world, caller, body["workflow"])


def workspaces_listed(world: World, caller: str, body: Any) -> str | None:
    """/workspaces and /auth/me: W is listed for its members only."""
    items = body["data"] if "data" in body else body["workspaces"]
    ids = {w.get("id") or w.get("workspace_id") for w in items}
    if (world.workspace in ids) != _member_of_w(caller):
        return f"W {'missing from' if _member_of_w(caller) else 'shown in'} the caller's list"
    return None


def members_listed(world: World, caller: str, body: Any) -> str | None:
    emails = {m["email"] for m in body["data"]}
    return None if world.emails[OWNER] in emails else "W's owner missing from its members"


def encrypted(world: World, caller: str, body: Any) -> str | None:
    [payload] = body["payloads"]
    ok = payload["metadata"]["encoding"] == ENCRYPTED and payload["data"] != "Im1hdHJpeCI="
    return None if ok else f"not encrypted: {payload}"


def schedules_listed(world: World, caller: str, body: Any) -> str | None:
    there = world.triggers["schedule_id"] in {s["id"] for s in body["data"]}
    if there != _member_of_w(caller):
        return f"W's schedule {'missing from' if _member_of_w(caller) else 'shown in'} the list"
    return None


def decrypted(world: World, caller: str, body: Any) -> str | None:
    return None if body == PLAIN_PAYLOADS else f"decoded to {body}, not {PLAIN_PAYLOADS}"


# The table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    who: str
    """PUBLIC, USER, ADMIN or the least workspace role."""
    success: int
    request: Build
    on: str | None = None
    """OBJECT, COLLECTION or MEMBERS for workspace roles; None otherwise."""
    check: Check | None = None


QUICK_GRAPH = simple_graph(1)
N8N_EXPORT = {
    "name": "matrix n8n",
    "nodes": [
        {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "position": [0, 0]},
        {"name": "Done", "type": "n8n-nodes-base.noOp", "position": [200, 0]},
    ],
    "connections": {"Start": {"main": [[{"node": "Done", "type": "main", "index": 0}]]}},
}

ROUTES: dict[tuple[str, str], Row] = {
    # Health and accounts
    ("GET", "/api/health"): Row(PUBLIC, 200, fixed("/api/health")),
    ("GET", "/api/ready"): Row(PUBLIC, 200, fixed("/api/ready")),
    ("POST", "/api/auth/register"): Row(PUBLIC, 201, register),
    ("POST", "/api/auth/login"): Row(PUBLIC, 200, login),
    ("POST", "/api/auth/refresh"): Row(PUBLIC, 200, refresh),
    ("POST", "/api/auth/logout"): Row(USER, 204, logout),
    ("GET", "/api/auth/me"): Row(USER, 200, fixed("/api/auth/me"), check=workspaces_listed),
    ("POST", "/api/auth/invitations"): Row(ADMIN, 201, invitation),
    ("POST", "/api/auth/password"): Row(USER, 200, change_password),
    ("POST", "/api/auth/password-reset"): Row(PUBLIC, 204, use_password_reset),
    ("POST", "/api/admin/users/{user_id}/password-reset"): Row(ADMIN, 201, issue_password_reset),
    # Workspaces and members
    ("GET", "/api/workspaces"): Row(USER, 200, fixed("/api/workspaces"), check=workspaces_listed),
    ("POST", "/api/workspaces"): Row(USER, 201, fixed("/api/workspaces", {"name": "extra"})),
    ("GET", "/api/workspaces/{workspace_id}/members"): Row(
        VIEWER, 200, fixed("/api/workspaces/{W}/members"), MEMBERS, members_listed
    ),
    ("PUT", "/api/workspaces/{workspace_id}/members"): Row(OWNER, 200, set_member, MEMBERS),
    ("DELETE", "/api/workspaces/{workspace_id}/members/{user_id}"): Row(
        OWNER, 204, remove_member, MEMBERS
    ),
    # Catalogs
    ("GET", "/api/credential-types"): Row(USER, 200, fixed("/api/credential-types")),
    ("GET", "/api/node-types"): Row(USER, 200, fixed("/api/node-types")),
    ("GET", "/api/templates"): Row(USER, 200, fixed("/api/templates", q="webhook")),
    ("GET", "/api/templates/{template_id}"): Row(
        USER, 200, fixed("/api/templates/webhook-enrich-respond")
    ),
    # A template that needs no credential: outsiders can use it in their own workspace.
    ("POST", "/api/templates/{template_id}/workflows"): Row(
        EDITOR,
        201,
        fixed("/api/templates/webhook-enrich-respond/workflows", {"name": "from template"}),
        COLLECTION,
        created_in_own_workspace,
    ),
    # Credentials
    ("GET", "/api/credentials"): Row(
        VIEWER, 200, fixed("/api/credentials"), COLLECTION, lists("credential")
    ),
    ("POST", "/api/credentials"): Row(
        EDITOR,
        201,
        fixed(
            "/api/credentials",
            {"name": "new", "type": "http_bearer", "data": {"token": "n3w-token"}},
        ),
        COLLECTION,
        created_in_own_workspace,
    ),
    ("GET", "/api/credentials/{credential_id}"): Row(
        VIEWER, 200, fixed("/api/credentials/{credential_id}"), OBJECT
    ),
    ("PUT", "/api/credentials/{credential_id}"): Row(
        EDITOR, 200, fixed("/api/credentials/{credential_id}", {"name": "renamed"}), OBJECT
    ),
    ("DELETE", "/api/credentials/{credential_id}"): Row(EDITOR, 204, delete_credential, OBJECT),
    # Workflows
    ("GET", "/api/workflows"): Row(
        VIEWER, 200, fixed("/api/workflows", limit=500), COLLECTION, lists("workflow")
    ),
    ("POST", "/api/workflows"): Row(
        EDITOR,
        201,
        fixed("/api/workflows", {"name": "new", "graph": QUICK_GRAPH}),
        COLLECTION,
        created_in_own_workspace,
    ),
    ("POST", "/api/workflows/validate"): Row(
        EDITOR, 200, fixed("/api/workflows/validate", {"graph": QUICK_GRAPH}), COLLECTION
    ),
    ("POST", "/api/workflows/import/n8n"): Row(
        EDITOR,
        200,
        fixed("/api/workflows/import/n8n", N8N_EXPORT),
        COLLECTION,
        imported_in_own_workspace,
    ),
    ("GET", "/api/workflows/{workflow_id}"): Row(
        VIEWER, 200, fixed("/api/workflows/{workflow_id}"), OBJECT
    ),
    ("PUT", "/api/workflows/{workflow_id}"): Row(
        EDITOR,
        200,
        fixed("/api/workflows/{workflow_id}", {"name": "matrix", "graph": QUICK_GRAPH}),
        OBJECT,
    ),
    ("DELETE", "/api/workflows/{workflow_id}"): Row(EDITOR, 204, delete_workflow, OBJECT),
    ("GET", "/api/workflows/{workflow_id}/versions"): Row(
        VIEWER, 200, fixed("/api/workflows/{workflow_id}/versions"), OBJECT
    ),
    ("GET", "/api/workflows/{workflow_id}/versions/{version}"): Row(
        VIEWER, 200, fixed("/api/workflows/{workflow_id}/versions/1"), OBJECT
    ),
    ("PATCH", "/api/workflows/{workflow_id}"): Row(
        EDITOR, 200, fixed("/api/workflows/{workflow_id}", {"description": "renamed"}), OBJECT
    ),
    ("POST", "/api/workflows/{workflow_id}/runs"): Row(
        OPERATOR, 201, fixed("/api/workflows/{workflow_id}/runs", {"inputs": {"x": 2}}), OBJECT
    ),
    # Runs
    ("GET", "/api/runs"): Row(VIEWER, 200, fixed("/api/runs", limit=500), COLLECTION, lists("run")),
    ("GET", "/api/runs/{run_id}"): Row(VIEWER, 200, fixed("/api/runs/{run_id}"), OBJECT),
    ("POST", "/api/runs/{run_id}/cancel"): Row(OPERATOR, 202, cancel_run, OBJECT),
    ("POST", "/api/runs/{run_id}/retry"): Row(OPERATOR, 201, retry_run, OBJECT),
    # Approvals (mine=false: viewers may not decide, so by default they see none pending)
    ("GET", "/api/approvals"): Row(
        VIEWER, 200, fixed("/api/approvals", mine="false", limit=500), COLLECTION, lists("approval")
    ),
    ("GET", "/api/approvals/{approval_id}"): Row(
        VIEWER, 200, fixed("/api/approvals/{approval_id}"), OBJECT
    ),
    ("POST", "/api/approvals/{approval_id}/decision"): Row(OPERATOR, 200, decide, OBJECT),
    # Temporal UI codec: administrators only (payloads do not say which workspace they are of)
    ("POST", "/api/codec/encode"): Row(
        ADMIN, 200, fixed("/api/codec/encode", PLAIN_PAYLOADS), check=encrypted
    ),
    ("POST", "/api/codec/decode"): Row(ADMIN, 200, decode, check=decrypted),
    ("GET", "/api/dashboard"): Row(VIEWER, 200, fixed("/api/dashboard"), COLLECTION),
    # Administration
    ("GET", "/api/audit"): Row(ADMIN, 200, fixed("/api/audit")),
    # Triggers and schedules; a webhook URL's token is all a delivery needs
    ("GET", "/api/workflows/{workflow_id}/triggers"): Row(
        VIEWER, 200, on_triggers("/api/workflows/{hook_workflow}/triggers"), OBJECT
    ),
    ("POST", "/api/workflows/{workflow_id}/triggers/{node_id}/rotate"): Row(
        OPERATOR, 200, rotate_url, OBJECT
    ),
    ("GET", "/api/workflows/{workflow_id}/triggers/{node_id}/events"): Row(
        VIEWER, 200, on_triggers("/api/workflows/{hook_workflow}/triggers/hook/events"), OBJECT
    ),
    ("POST", "/api/workflows/{workflow_id}/triggers/{node_id}/disable"): Row(
        OPERATOR,
        200,
        on_triggers("/api/workflows/{schedule_workflow}/triggers/tick/disable"),
        OBJECT,
    ),
    ("POST", "/api/workflows/{workflow_id}/triggers/{node_id}/enable"): Row(
        OPERATOR,
        200,
        on_triggers("/api/workflows/{schedule_workflow}/triggers/tick/enable"),
        OBJECT,
    ),
    ("GET", "/api/schedules"): Row(
        VIEWER, 200, on_triggers("/api/schedules"), COLLECTION, schedules_listed
    ),
    ("GET", "/api/schedules/{schedule_id}"): Row(
        VIEWER, 200, on_triggers("/api/schedules/{schedule_id}"), OBJECT
    ),
    ("POST", "/api/schedules/{schedule_id}/pause"): Row(
        OPERATOR, 200, on_triggers("/api/schedules/{schedule_id}/pause"), OBJECT
    ),
    ("POST", "/api/schedules/{schedule_id}/resume"): Row(
        OPERATOR, 200, on_triggers("/api/schedules/{schedule_id}/resume"), OBJECT
    ),
    ("POST", "/api/schedules/{schedule_id}/trigger"): Row(
        OPERATOR, 202, on_triggers("/api/schedules/{schedule_id}/trigger"), OBJECT
    ),
    ("GET", "/hooks/{token}"): Row(PUBLIC, 202, on_triggers("{hook_path}")),
    ("POST", "/hooks/{token}"): Row(PUBLIC, 202, on_triggers("{hook_path}", {"x": 1})),
}


def expected(row: Row, caller: str) -> int:
    """The status `caller` must get from a route of `row`, given a valid request."""
    if row.who == PUBLIC:
        return row.success
    if caller == "anonymous":
        return 401
    if row.who == USER:
        return row.success
    if row.who == ADMIN:
        return row.success if caller == "admin" else 403
    if caller in ROLES:
        return row.success if ROLES.index(caller) >= ROLES.index(row.who) else 403
    if row.on == MEMBERS:
        return 404  # W does not exist for non-members, whatever header they send
    if caller == "outsider_naming_W":
        return 403
    return 404 if row.on == OBJECT else row.success


# The tests ------------------------------------------------------------------------------


def test_the_table_covers_every_caller_kind() -> None:
    for (method, path), row in ROUTES.items():
        assert row.who in (PUBLIC, USER, ADMIN, *ROLES), (method, path)
        assert (row.on is not None) == (row.who in ROLES), (method, path)


async def test_every_route_has_a_row(anonymous: httpx.AsyncClient, settings: Settings) -> None:
    """The schema and the table name the same routes, and no /api route hides from both."""
    schema = (await anonymous.get("/openapi.json")).json()
    in_schema = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }
    missing = sorted(in_schema - ROUTES.keys())
    stale = sorted(ROUTES.keys() - in_schema)
    assert not missing, f"routes without a row in ROUTES (decide who may call them): {missing}"
    assert not stale, f"rows for routes the schema no longer has: {stale}"
    hidden = sorted(
        (method, route.path)
        for route in create_app(settings).routes
        if isinstance(route, APIRoute) and route.path.startswith("/api") and route.methods
        for method in route.methods
        if (method, route.path) not in in_schema and method != "HEAD"
    )
    assert not hidden, f"/api routes left out of the schema, so out of this matrix: {hidden}"


@pytest.mark.parametrize(
    ("method", "path"), sorted(ROUTES), ids=[f"{m} {p}" for m, p in sorted(ROUTES)]
)
async def test_route_answers_each_caller_as_the_table_says(
    world: World, method: str, path: str
) -> None:
    row = ROUTES[(method, path)]
    problems = []
    for caller in CALLERS:
        want = expected(row, caller)
        call = await row.request(world, caller)
        world.http[caller].cookies.clear()  # a login route's answer sets the codec cookie
        response = await world.http[caller].request(
            method, call.path, json=call.json, params=call.params
        )
        got = response.status_code
        where = f"{caller:>17}: {method} {call.path}"
        if got != want:
            problems.append(f"{where} answered {got}, expected {want}: {response.text[:300]}")
        elif want == 401 and response.headers.get("www-authenticate") != "Bearer":
            problems.append(f"{where} answered 401 without WWW-Authenticate: Bearer")
        elif want < 300 and row.check is not None:
            problem = row.check(world, caller, response.json())
            if problem:
                problems.append(f"{where}: {problem}")
        elif want >= 400 and call.untouched is not None:
            problem = await call.untouched()
            if problem:
                problems.append(f"{where} answered {got} but {problem}")
    assert not problems, f"{method} {path} (needs {row.who}):\n" + "\n".join(problems)
