"""Live updates over WebSocket: a run's node transitions, a workspace's run list.

Browsers cannot set headers on a WebSocket, so the first message authenticates:
`{"token": "<access token>", "workspace_id": "<optional>"}`.
"""

import asyncio
import contextlib
import uuid
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status
from sqlalchemy import Engine
from sqlmodel import Session

from core.models import Run, User

from ..accounts.security import read_access_token
from ..accounts.workspaces import membership, memberships
from .events import RunEvents
from .queries import read_run
from .workspace_events import WorkspaceEvents

router = APIRouter(tags=["events"])
AUTH_TIMEOUT_SECONDS = 10


async def _authenticate(socket: WebSocket, workspace_id: uuid.UUID | None) -> uuid.UUID | None:
    """The workspace the socket may read, after the auth message; None after closing it."""
    await socket.accept()
    try:
        hello = await asyncio.wait_for(socket.receive_json(), AUTH_TIMEOUT_SECONDS)
    except (TimeoutError, ValueError, WebSocketDisconnect):
        await socket.close(status.WS_1008_POLICY_VIOLATION, 'send {"token": ...} first')
        return None
    state = socket.app.state
    user_id = read_access_token(str(hello.get("token", "")), secret=state.settings.secret_key)
    wanted = workspace_id or hello.get("workspace_id")
    # In a thread: a socket's DB reads must not stall the event loop's other requests.
    found = await asyncio.to_thread(_workspace_for, state.engine, user_id, wanted)
    if isinstance(found, str):
        await socket.close(status.WS_1008_POLICY_VIOLATION, found)
        return None
    return found


def _workspace_for(engine: Engine, user_id: uuid.UUID | None, wanted: Any) -> uuid.UUID | str:
    """The workspace the user may read, or why not (the reason the socket closes with)."""
    with Session(engine) as session:
        user = session.get(User, user_id) if user_id else None
        if user is None or not user.is_active:
            return "invalid or expired token"
        if wanted:
            try:
                workspace = uuid.UUID(str(wanted))
            except ValueError:
                return "workspace_id is not a UUID"
            if membership(session=session, user_id=user.id, workspace_id=workspace) is None:
                return "not a member of that workspace"
            return workspace
        rows = memberships(session=session, user_id=user.id)
        if len(rows) != 1:
            return "send workspace_id too"
        return rows[0][1].id


async def _pump(socket: WebSocket, events: Any) -> None:
    """Send events until they end or the client leaves (then stop reading Temporal at once)."""

    async def send_all() -> None:
        async for event in events:
            await socket.send_json(event)
        await socket.close()

    async def until_gone() -> None:
        while True:
            message = await socket.receive()
            if message["type"] == "websocket.disconnect":
                return

    sender, watcher = asyncio.create_task(send_all()), asyncio.create_task(until_gone())
    try:
        await asyncio.wait({sender, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sender, watcher):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await task


@router.websocket("/runs/{run_id}/events")
async def run_events(socket: WebSocket, run_id: uuid.UUID) -> None:
    """A snapshot of every node, then each node transition and the run's end, in order."""
    workspace_id = await _authenticate(socket, None)
    if workspace_id is None:
        return
    run = await asyncio.to_thread(_run_of, socket.app.state.engine, workspace_id, run_id)
    if run is None:
        await socket.close(status.WS_1008_POLICY_VIOLATION, f"run {run_id} not found")
        return
    await _pump(socket, RunEvents(socket.app.state.temporal, run).stream())


def _run_of(engine: Engine, workspace_id: uuid.UUID, run_id: uuid.UUID) -> Run | None:
    with Session(engine, expire_on_commit=False) as session:
        return read_run(session=session, workspace_id=workspace_id, run_id=run_id)


@router.websocket("/workspaces/{workspace_id}/events")
async def workspace_events(socket: WebSocket, workspace_id: uuid.UUID) -> None:
    """Runs of the workspace starting and finishing, as they happen."""
    if await _authenticate(socket, workspace_id) is None:
        return
    with contextlib.suppress(asyncio.CancelledError):
        await _pump(socket, WorkspaceEvents(socket.app.state.temporal, workspace_id).stream())
