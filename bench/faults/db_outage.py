"""The app database (PostgreSQL behind a TCP proxy) goes away while the API serves run list
reads, POST runs and webhook deliveries: clean 503s during, recovery after, no run lost."""

import asyncio
import contextlib
import time

import httpx
from temporalio.client import Client
from temporalio.service import RPCError

from ._api_stack import proxied_stack
from ._runs import create_workflow, edge, node, temporal_client, wait_closed
from ._stack import Deadline, say, signed_in
from ._traffic import KINDS, REQUEST_TIMEOUT, Sample, Traffic, serve_traffic

TARGET = "503 naming the DB during, no 500 or hang, recovers, 0 runs lost, list catches up"
RECOVERY_LIMIT = 15.0
"""Seconds after the database is back by which every kind of request must succeed again."""


def outage_graph() -> dict:
    """webhook → set → delay 1 s: runs started just before the outage close during it."""
    nodes = [
        node("hook", "trigger.webhook", {}),
        node("shape", "transform.set", {"fields": {"kind": "chaos"}}),
        node("pause", "util.delay", {"seconds": 1}),
    ]
    return {"nodes": nodes, "edges": [edge("hook", "shape"), edge("shape", "pause")]}


async def _exists(client: Client, temporal_id: str) -> bool:
    with contextlib.suppress(RPCError):
        await client.get_workflow_handle(temporal_id).describe()
        return True
    return False


async def _listed(http: httpx.AsyncClient, workflow_id: str) -> dict[str, str]:
    """Run id → status, as the run list shows it."""
    seen: dict[str, str] = {}
    while True:
        page = await http.get(
            "/api/runs", params={"workflow_id": workflow_id, "limit": 500, "offset": len(seen)}
        )
        page.raise_for_status()
        body = page.json()
        seen |= {r["id"]: r["status"] for r in body["data"]}
        if not body["data"] or len(seen) >= body["count"]:
            return seen


async def _catch_up(
    http: httpx.AsyncClient, workflow_id: str, runs: set[str], deadline: Deadline
) -> tuple[dict[str, str], float]:
    """Poll the run list until every run is listed as completed; answers it and the seconds."""
    began = time.monotonic()
    while True:
        listed = await _listed(http, workflow_id)
        if all(listed.get(r) == "completed" for r in runs) or deadline.left() < 2:
            return listed, time.monotonic() - began
        await asyncio.sleep(0.5)


def _recovery(samples: list[Sample], back: float) -> float:
    """Seconds from the database's return until every kind had a 2xx sent after it."""
    firsts = []
    for kind in KINDS:
        ok = [
            s.answered
            for s in samples
            if s.kind == kind and s.sent >= back and s.status in range(200, 300)
        ]
        firsts.append(min(ok, default=float("inf")) - back)
    return max(firsts)


def _during(samples: list[Sample], down: float, back: float) -> dict[str, int]:
    during = [s for s in samples if down <= s.sent < back]
    statuses = [s.status for s in during]
    return {
        "requests during outage": len(during),
        "503s": statuses.count(503),
        "503s naming the database": sum(s.status == 503 and "database" in s.detail for s in during),
        "2xx during outage": sum(isinstance(c, int) and c // 100 == 2 for c in statuses),
        # Sent in the outage's last moments and served once the database was back: fine.
        # Served before it was back would mean an answer without the database: never.
        "2xx answered while down": sum(
            isinstance(s.status, int) and s.status // 100 == 2 and s.answered < back for s in during
        ),
        "5xx other than 503": sum(isinstance(c, int) and c >= 500 and c != 503 for c in statuses),
        "timeouts": statuses.count("timeout"),
        "connection errors": statuses.count("error"),
    }


async def _scenario(full: bool) -> dict:
    outage = 10.0 if full else 3.0
    clients = 12 if full else 6
    deadline = Deadline(300 if full else 85)
    began = time.monotonic()
    with proxied_stack(workers=1) as (running, proxy):
        http = await signed_in(running.api_url)
        http.timeout = httpx.Timeout(REQUEST_TIMEOUT)
        workflow_id, hook = await create_workflow(http, "chaos: db outage", outage_graph())
        traffic = Traffic()
        load = asyncio.create_task(
            serve_traffic(http, traffic, clients=clients, workflow_id=workflow_id, hook=hook)
        )
        await asyncio.sleep(3.0 if full else 2.0)
        # The window counts only requests sent while the proxy is surely down: after the cut
        # is done, before it listens again (a loaded machine takes a while for either).
        cut = await asyncio.to_thread(proxy.stop)
        down = time.monotonic()
        say(f"app database unreachable ({cut} connections cut) for {outage:.0f} s ...")
        await asyncio.sleep(outage)
        back = time.monotonic()
        await asyncio.to_thread(proxy.start)
        say("app database reachable again")
        while _recovery(traffic.samples, back) == float("inf") and time.monotonic() - back < 30:
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)
        traffic.stop.set()
        await load
        recover = _recovery(traffic.samples, back)
        acknowledged = traffic.acknowledged()
        say(f"{len(acknowledged)} runs acknowledged; checking Temporal and the run list ...")
        client = await temporal_client(running)
        temporal_ids = [f"{workflow_id}-{r}" for r in acknowledged]
        found = await asyncio.gather(*(_exists(client, t) for t in temporal_ids))
        closed = await wait_closed(client, temporal_ids, deadline)
        listed, catch_up = await _catch_up(http, workflow_id, set(acknowledged), deadline)
        await http.aclose()
    statuses = [s.status for s in traffic.samples]
    during = _during(traffic.samples, down, back)
    in_list = sum(r in listed for r in acknowledged)
    caught_up = sum(listed.get(r) == "completed" for r in acknowledged)
    figures: dict[str, float | int | str] = {
        "outage seconds": outage,
        "clients": clients,
        "requests": len(traffic.samples),
        **during,
        "5xx other than 503 (whole run)": sum(
            isinstance(c, int) and c >= 500 and c != 503 for c in statuses
        ),
        "timeouts (whole run)": statuses.count("timeout"),
        "acknowledged runs": len(acknowledged),
        "acknowledged by POST runs / webhook": (
            f"{sum(k == 'start' for k in acknowledged.values())} / "
            f"{sum(k == 'webhook' for k in acknowledged.values())}"
        ),
        "found in Temporal": sum(found),
        "completed in Temporal": closed.completed,
        "found in run list": in_list,
        "listed as completed": caught_up,
        "seconds for the run list to catch up": round(catch_up, 1),
        "seconds to recover": round(recover, 2),
        "seconds": round(time.monotonic() - began, 1),
    }
    passed = (
        during["requests during outage"] > 0
        and during["503s naming the database"]
        == during["requests during outage"] - during["2xx during outage"]
        and during["2xx answered while down"] == 0
        and figures["5xx other than 503 (whole run)"] == 0
        and figures["timeouts (whole run)"] == 0
        and during["connection errors"] == 0
        and len(acknowledged) > 0
        and sum(found) == in_list == caught_up == len(acknowledged)
        and recover <= RECOVERY_LIMIT
    )
    result = (
        f"{during['503s']}/{during['requests during outage']} 503 during {outage:.0f} s, "
        f"recovered in {recover:.1f} s, "
        f"{len(acknowledged) - caught_up} of {len(acknowledged)} runs lost"
    )
    return {
        "scenario": "db_outage",
        "target": TARGET,
        "result": result,
        "passed": passed,
        "figures": figures,
    }


def run(full: bool) -> dict:
    """The scenario; see bench/faults/__main__.py for the answer's shape."""
    return asyncio.run(_scenario(full))
