"""Runs of the mail graph while the Temporal dev server is SIGKILLed and restarted twice
(same DB file, same port): workers, API and runs must carry on."""

import asyncio
import time

import httpx

from ._runs import (
    Deliveries,
    create_workflow,
    deliver,
    mail_graph,
    smtp_credential,
    temporal_client,
    wait_closed,
)
from ._stack import Deadline, Stack, say, signed_in, stack

TARGET = "all runs complete; workers and API reconnect; the run list has every run"


async def _kill_server_at(running: Stack, seen: Deliveries, marks: list[int]) -> list[float]:
    """SIGKILL the dev server once `mark` deliveries were accepted, restart it; answers the
    seconds each outage lasted."""
    outages = []
    for mark in marks:
        while len(seen.runs) < mark:
            await asyncio.sleep(0.05)
        began = time.monotonic()
        await asyncio.to_thread(running.kill_temporal)
        say(f"Temporal dev server SIGKILLed after {len(seen.runs)} deliveries")
        await asyncio.sleep(1.0)
        await asyncio.to_thread(running.start_temporal)
        outages.append(time.monotonic() - began)
        say(f"Temporal dev server back after {outages[-1]:.1f} s")
    return outages


async def _listed_runs(http: httpx.AsyncClient, workflow_id: str) -> int:
    answer = await http.get("/api/runs", params={"workflow_id": workflow_id, "limit": 500})
    answer.raise_for_status()
    return int(answer.json()["count"])


async def _scenario(full: bool) -> dict:
    runs = 100 if full else 12
    deadline = Deadline(600 if full else 85)
    began = time.monotonic()
    with stack(workers=2) as running:
        http = await signed_in(running.api_url)
        credential = await smtp_credential(http, running.smtp.port)
        workflow_id, url = await create_workflow(
            http, "chaos: server kills", mail_graph(running.http_url, credential)
        )
        seen = Deliveries()
        killer = asyncio.create_task(_kill_server_at(running, seen, [runs // 3, 2 * runs // 3]))
        say(f"delivering {runs} webhooks; the dev server dies twice ...")
        for n in range(runs):
            await deliver(http, url, n, seen, deadline)
            await asyncio.sleep(0.05)  # spread the deliveries across both outages
        outages = await killer
        client = await temporal_client(running)
        temporal_ids = [f"{workflow_id}-{r}" for r in seen.runs.values()]
        outcome = await wait_closed(client, temporal_ids, deadline)
        listed = await _listed_runs(http, workflow_id)
        await http.aclose()
        workers_alive = sum(w.alive() for w in running.workers)
        api_alive = running.api is not None and running.api.poll() is None
        emailed = sum(1 for n in range(runs) if running.smtp.by_subject[f"order {n}"] > 0)
        duplicates = running.smtp.duplicates()
    figures: dict[str, float | int | str] = {
        "runs": runs,
        "completed": outcome.completed,
        "failed": outcome.failed,
        "lost (not completed by the deadline)": runs - outcome.completed - outcome.failed,
        "server SIGKILLs": len(outages),
        "outage seconds (kill → listening)": " / ".join(f"{o:.1f}" for o in outages),
        "deliveries refused and retried": seen.refused,
        "deliveries answered duplicate": seen.duplicates,
        "runs in the API run list": listed,
        "workers alive at the end": f"{workers_alive}/{len(running.workers)}",
        "API alive at the end": str(api_alive),
        "emails received (distinct runs)": emailed,
        "emails duplicated (same Message-ID)": duplicates,
        "seconds": round(time.monotonic() - began, 1),
    }
    passed = (
        outcome.completed == runs
        and listed == runs
        and workers_alive == len(running.workers)
        and api_alive
        and emailed == runs
    )
    result = (
        f"{outcome.completed}/{runs} completed, {listed} listed, 2 kills, "
        f"workers {workers_alive}/{len(running.workers)} alive"
    )
    return {
        "scenario": "server_kill",
        "target": TARGET,
        "result": result,
        "passed": passed,
        "figures": figures,
    }


def run(full: bool) -> dict:
    """The scenario; see the package docstring for the answer's shape."""
    return asyncio.run(_scenario(full))
