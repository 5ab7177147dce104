"""Live run events over WebSocket: every node transition, in order, from Temporal itself."""

import asyncio
import json
import uuid

import pytest
import websockets

from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, edge, node
from tests.utils.http_server import Reply

FINAL = ("succeeded", "failed", "skipped")


def five_nodes(slow_url: str) -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("fetch", "http.request", {"url": slow_url}),
            node("check", "logic.condition", {"expression": "nodes.fetch.output.status == `200`"}),
            node("ok", "util.noop", {"value": "{{ nodes.fetch.output.body }}"}),
            node("bad", "util.noop", {"value": "never"}),
        ],
        "edges": [
            *chain("start", "fetch", "check"),
            edge("check", "ok", "true"),
            edge("check", "bad", "false"),
        ],
    }


async def connect(api_url: str, token: str, run_id: str):
    socket = await websockets.connect(api_url.replace("http", "ws") + f"/api/runs/{run_id}/events")
    await socket.send(json.dumps({"token": token}))
    return socket


async def read_until_finished(socket) -> list[dict]:
    events = []
    async for message in socket:
        events.append(json.loads(message))
        if events[-1]["type"] == "run":
            break
    return events


def transitions(events: list[dict]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for event in events:
        if event["type"] == "snapshot":
            for node_id, state in event["nodes"].items():
                seen[node_id] = [state["status"]]
        elif event["type"] == "node":
            seen[event["node_id"]].append(event["status"])
    return seen


@pytest.fixture
def token(api) -> str:
    return api.headers["Authorization"].split()[1]


async def test_every_transition_in_order(api, api_url, token, http_server):
    slow = http_server.script("/slow", Reply(json={"n": 1}, delay=0.5))
    workflow = await create_workflow(api, five_nodes(slow), name="live")
    run = await start_run(api, workflow["id"])
    socket = await connect(api_url, token, run["id"])
    events = await read_until_finished(socket)
    await socket.close()
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["type"] == "snapshot" and events[-1] == events[-1] | {
        "type": "run",
        "status": "completed",
    }
    paths = transitions(events)
    for node_id, path in paths.items():
        assert path[0] in ("pending", "running", "succeeded", "skipped"), (node_id, path)
        expected = "skipped" if node_id == "bad" else "succeeded"
        assert path[-1] == expected, (node_id, path)
        if node_id != "bad" and path[0] == "pending":
            assert path[1:] == ["running", "succeeded"], (node_id, path)
    done = [e for e in events if e["type"] == "node" and e["status"] == "succeeded"]
    assert "duration_ms" in done[0] and done[0]["output_preview"] is not None


async def test_second_client_mid_run_gets_state_then_the_rest(api, api_url, token, http_server):
    held = http_server.script("/held", Reply(hold=True, json={"n": 2}))
    workflow = await create_workflow(api, five_nodes(held), name="late joiner")
    run = await start_run(api, workflow["id"])
    first = await connect(api_url, token, run["id"])
    await http_server.wait_for("/held")
    second = await connect(api_url, token, run["id"])
    snapshot = json.loads(await second.recv())
    assert snapshot["type"] == "snapshot"
    assert snapshot["nodes"]["start"]["status"] == "succeeded"
    assert snapshot["nodes"]["fetch"]["status"] == "running"
    http_server.release("/held")
    rest = await read_until_finished(second)
    assert transitions([snapshot, *rest])["fetch"] == ["running", "succeeded"]
    assert (await read_until_finished(first))[-1]["status"] == "completed"
    await first.close()
    await second.close()
    # Reconnecting after the end: the final state at once, then the end.
    again = await connect(api_url, token, run["id"])
    replay = await read_until_finished(again)
    assert [e["type"] for e in replay] == ["snapshot", "run"]
    assert replay[0]["nodes"]["ok"]["status"] == "succeeded"


async def test_sockets_need_a_valid_token(api_url, api):
    workflow = await create_workflow(api, {"nodes": [node("start", "trigger.manual")]})
    run = await start_run(api, workflow["id"])
    await wait_for_run(api, run["id"])
    socket = await connect(api_url, "not-a-token", run["id"])
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd.code == 1008


async def test_workspace_stream_sees_runs_start_and_finish(api, api_url, token):
    workspace = (await api.get("/api/auth/me")).json()["workspaces"][0]["workspace_id"]
    url = api_url.replace("http", "ws") + f"/api/workspaces/{workspace}/events"
    async with websockets.connect(url) as socket:
        await socket.send(json.dumps({"token": token}))
        await asyncio.sleep(0.2)
        workflow = await create_workflow(api, {"nodes": [node("start", "trigger.manual")]})
        run = await start_run(api, workflow["id"])
        seen: dict[str, str] = {}
        while seen.get(run["id"]) != "completed":
            event = json.loads(await asyncio.wait_for(socket.recv(), 20))
            seen[event["run_id"]] = event["status"]
        assert event["type"] == "run_finished"


async def test_a_bad_workspace_id_closes_the_socket_naming_the_field(api_url, api, token):
    workflow = await create_workflow(api, {"nodes": [node("start", "trigger.manual")]})
    run = await start_run(api, workflow["id"])
    url = api_url.replace("http", "ws") + f"/api/runs/{run['id']}/events"
    for wanted, reason in (("nope", "workspace_id is not a UUID"),
                           (str(uuid.uuid4()), "not a member of that workspace")):  # fmt: skip
        async with websockets.connect(url) as socket:
            await socket.send(json.dumps({"token": token, "workspace_id": wanted}))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 5)
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1008, reason)
