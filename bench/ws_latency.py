"""`python -m bench.ws_latency`: how long after a node's activity returns does a WebSocket
client of the API see that node succeed — beside Temporal's own history long-poll.

One dev server, the real API (uvicorn, SQLite app DB) and one in-process worker whose
interceptor notes when each activity returns; the WebSocket client runs in the same process,
so both ends read the same clock.
"""

import argparse
import asyncio
import json
import statistics
import tempfile
import threading
import time
import uuid
from typing import Any

import httpx
import uvicorn
import websockets
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor, Worker

from api.main import create_app
from core.config import Settings
from worker import build_worker
from worker.dev_server import free_port, wait_for_port

from .harness import connect_when_healthy, dev_server

RETURNED: dict[tuple[str, str], float] = {}


class _Stamp(Interceptor):
    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _Stamped(next)


class _Stamped(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        from temporalio import activity

        result = await super().execute_activity(input)
        info = activity.info()
        RETURNED[(info.workflow_id, info.activity_id)] = time.time()
        return result


def chain(n: int) -> dict[str, Any]:
    nodes = [{"id": "start", "type": "trigger.manual"}]
    nodes += [
        {"id": f"n{i}", "type": "util.noop", "data": {"config": {"value": i}}} for i in range(n)
    ]
    ids = [n["id"] for n in nodes]
    pairs = zip(ids, ids[1:], strict=False)
    return {"nodes": nodes, "edges": [{"source": a, "target": b} for a, b in pairs]}


async def measure(args: argparse.Namespace) -> None:
    with dev_server() as (address, _), tempfile.TemporaryDirectory() as data:
        settings = Settings(
            _env_file=None,
            temporal_address=address,
            database_url=f"sqlite:///{data}/app.db",
            temporal_task_queue=f"ws-{uuid.uuid4().hex[:6]}",
            bcrypt_rounds=4,
            run_recorder_interval_seconds=0,
            metrics_enabled=False,
            log_level="WARNING",
            login_rate_limit="1000/minute",
        )
        client = await connect_when_healthy(address)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        wait_for_port(port, what="the API")
        base = f"http://127.0.0.1:{port}"
        # Sluice's own worker, never run, on a spare queue (one client refuses two workers on
        # a queue): its configuration plus the timestamping interceptor.
        spare = settings.model_copy(update={"temporal_task_queue": "ws-template-unused"})
        async with build_worker(client, spare) as template:
            config = template.config()
            config["task_queue"] = settings.temporal_task_queue
            config["interceptors"] = [*config["interceptors"], _Stamp()]
            async with Worker(**config), httpx.AsyncClient(base_url=base, timeout=30) as http:
                ws_delays, poll_delays = await _runs(http, client, base, args)
        server.should_exit = True
    _report("API WebSocket (node succeeded event)", ws_delays)
    _report("Temporal history long-poll alone (ActivityTaskCompleted)", poll_delays)
    print("target: WebSocket p50 < 30 ms, p95 < 60 ms")


async def _runs(http: httpx.AsyncClient, client: Any, base: str, args: argparse.Namespace):
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    await http.post("/api/auth/register", json={"email": email, "password": "bench password 1"})
    token = (
        await http.post("/api/auth/login", json={"email": email, "password": "bench password 1"})
    ).json()
    http.headers["Authorization"] = f"Bearer {token['access_token']}"
    workflow = (
        await http.post("/api/workflows", json={"name": "ws", "graph": chain(args.nodes)})
    ).json()
    ws_delays: list[float] = []
    poll_delays: list[float] = []
    for index in range(args.runs + 1):
        run = (await http.post(f"/api/workflows/{workflow['id']}/runs", json={})).json()
        temporal_id = f"{workflow['id']}-{run['id']}"
        socket_url = base.replace("http", "ws") + f"/api/runs/{run['id']}/events"
        async with websockets.connect(socket_url) as socket:
            await socket.send(json.dumps({"token": token["access_token"]}))
            poller = asyncio.create_task(_poll(client, temporal_id))
            seen: dict[str, float] = {}
            async for message in socket:
                event = json.loads(message)
                if event["type"] == "node" and event["status"] == "succeeded":
                    seen[event["node_id"]] = time.time()
                if event["type"] == "run":
                    break
            polled = await poller
        if index == 0:
            continue  # warm-up
        for node_id, received in seen.items():
            if (temporal_id, node_id) in RETURNED:
                ws_delays.append((received - RETURNED[(temporal_id, node_id)]) * 1000)
        for node_id, received in polled.items():
            poll_delays.append((received - RETURNED[(temporal_id, node_id)]) * 1000)
        print(f"[ws] run {index}/{args.runs}: {len(ws_delays)} transitions so far", flush=True)
    return ws_delays, poll_delays


async def _poll(client: Any, temporal_id: str) -> dict[str, float]:
    handle = client.get_workflow_handle(temporal_id)
    scheduled: dict[int, str] = {}
    seen: dict[str, float] = {}
    async for event in handle.fetch_history_events(wait_new_event=True):
        attrs = event.activity_task_scheduled_event_attributes
        if event.HasField("activity_task_scheduled_event_attributes"):
            scheduled[event.event_id] = attrs.activity_id
        if event.HasField("activity_task_completed_event_attributes"):
            node = scheduled[event.activity_task_completed_event_attributes.scheduled_event_id]
            seen[node] = time.time()
        if event.HasField("workflow_execution_completed_event_attributes"):
            break
    return seen


def _report(what: str, delays: list[float]) -> None:
    if not delays:
        print(f"{what}: no samples")
        return
    ordered = sorted(delays)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"{what}: n={len(ordered)} p50={statistics.median(ordered):.1f} ms "
        f"p95={p95:.1f} ms max={ordered[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--nodes", type=int, default=20, help="util.noop nodes per run")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
