"""A run waits at an approval; the worker, the API and the dev server are all SIGKILLed and
started again; the approval is decided through the API and the run completes."""

import asyncio
import time

import httpx

from ._runs import Deliveries, create_workflow, deliver, edge, node
from ._stack import Deadline, say, signed_in, stack

TARGET = "decided after worker + API + dev server restart; the run completes on `approved`"


def _graph() -> dict:
    nodes = [
        node("hook", "trigger.webhook", {}),
        node("ask", "human.approval", {"title": "Ship order {{ inputs.body.n }}?"}),
        node("done", "transform.set", {"fields": {"shipped": "{{ inputs.body.n }}"}}),
    ]
    return {"nodes": nodes, "edges": [edge("hook", "ask"), edge("ask", "done", "approved")]}


async def _poll(probe, deadline: Deadline, what: str):  # type: ignore[no-untyped-def]
    while True:
        deadline.check(what)
        try:
            found = await probe()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        await asyncio.sleep(0.2)


async def _pending(http: httpx.AsyncClient, run_id: str) -> dict | None:
    answer = await http.get("/api/approvals", params={"run_id": run_id})
    rows = answer.json()["data"] if answer.status_code == 200 else []
    return rows[0] if rows else None


async def _decide(http: httpx.AsyncClient, approval_id: str) -> httpx.Response | None:
    """The decision's answer; None while the API is not ready (5xx) to try again."""
    answer = await http.post(
        f"/api/approvals/{approval_id}/decision", json={"decision": "approved"}
    )
    return answer if answer.status_code < 500 else None


async def _run_status(http: httpx.AsyncClient, run_id: str) -> str | None:
    answer = await http.get(f"/api/runs/{run_id}")
    status = answer.json().get("status") if answer.status_code == 200 else None
    return status if status not in (None, "running") else None


async def _scenario(full: bool) -> dict:
    deadline = Deadline(240 if full else 85)
    began = time.monotonic()
    with stack(workers=1) as running:
        http = await signed_in(running.api_url)
        workflow_id, url = await create_workflow(http, "chaos: approval", _graph())
        seen = Deliveries()
        await deliver(http, url, 1, seen, deadline)
        run_id = seen.runs[1]
        approval = await _poll(lambda: _pending(http, run_id), deadline, "waiting for the approval")
        say(f"run {run_id} waits at approval {approval['id']}; killing worker, API, dev server")
        for worker in running.workers:
            worker.kill()
        running.kill_api()
        running.kill_temporal()
        restart = time.monotonic()
        running.start_temporal()
        running.start_api()
        for worker in running.workers:
            worker.start().ready()
        restart_seconds = time.monotonic() - restart
        say(f"all three back after {restart_seconds:.1f} s; deciding through the API")
        decided = time.monotonic()
        answer = await _poll(lambda: _decide(http, approval["id"]), deadline, "deciding")
        status = await _poll(lambda: _run_status(http, run_id), deadline, "waiting for the run")
        finished = time.monotonic() - decided
        await http.aclose()
    passed = answer.status_code == 200 and status == "completed"
    figures: dict[str, float | int | str] = {
        "decision answer": answer.status_code,
        "run status": status,
        "restart seconds (dev server + API + worker)": round(restart_seconds, 1),
        "decision → run closed seconds": round(finished, 2),
        "seconds": round(time.monotonic() - began, 1),
    }
    return {
        "scenario": "approval_restart",
        "target": TARGET,
        "result": f"decision {answer.status_code}, run {status}",
        "passed": passed,
        "figures": figures,
    }


def run(full: bool) -> dict:
    """The scenario; see the package docstring for the answer's shape."""
    return asyncio.run(_scenario(full))
