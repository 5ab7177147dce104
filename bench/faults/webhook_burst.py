"""A burst of webhook deliveries from 50 clients, 10 % of them repeats of an Idempotency-Key
(half sent alongside their original): exactly the distinct keys become runs."""

import asyncio
import random
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import httpx

from core.temporal import WORKFLOW_ID_KEY

from ._runs import create_workflow, edge, node, temporal_client
from ._stack import Deadline, say, signed_in, stack

TARGET = "runs = distinct keys (Temporal and run list), none doubled or lost, all answered"
CLIENTS = 50
REQUEST_TIMEOUT = 15.0
"""Seconds a client waits for an answer; slower counts as a timeout."""


@dataclass
class Answer:
    key: str
    sent: float
    answered: float
    status: int | str
    run_id: str | None = None
    duplicate: bool = False


def burst_graph() -> dict:
    nodes = [
        node("hook", "trigger.webhook", {}),
        node("shape", "transform.set", {"fields": {"kind": "burst"}}),
    ]
    return {"nodes": nodes, "edges": [edge("hook", "shape")]}


def _plan(deliveries: int, seed: int = 12) -> list[str]:
    """The keys in sending order: 10 % repeats, half right behind their original (so another
    client sends it while the original is in flight), half later at random."""
    rng = random.Random(seed)
    repeats = deliveries // 10
    keys = [f"burst-{n}" for n in range(deliveries - repeats)]
    order = list(keys)
    for i, key in enumerate(rng.sample(keys, repeats)):
        if i % 2 == 0:
            order.insert(order.index(key) + 1, key)
        else:
            order.insert(rng.randrange(order.index(key) + 1, len(order) + 1), key)
    return order


async def _deliver(http: httpx.AsyncClient, hook: str, key: str, answers: list[Answer]) -> None:
    sent = time.monotonic()
    try:
        got = await http.post(hook, json={"key": key}, headers={"Idempotency-Key": key})
    except httpx.TimeoutException:
        answers.append(Answer(key, sent, time.monotonic(), "timeout"))
        return
    except httpx.HTTPError:
        answers.append(Answer(key, sent, time.monotonic(), "error"))
        return
    body = got.json() if got.status_code == 202 else {}
    answers.append(
        Answer(
            key,
            sent,
            time.monotonic(),
            got.status_code,
            body.get("run_id"),
            bool(body.get("duplicate")),
        )
    )


async def _burst(http: httpx.AsyncClient, hook: str, order: list[str]) -> list[Answer]:
    answers: list[Answer] = []
    queue = iter(order)

    async def client() -> None:
        for key in queue:
            await _deliver(http, hook, key, answers)

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return answers


def _overlapping(answers: list[Answer]) -> int:
    """Repeats that were in flight while an earlier delivery of their key was."""
    by_key: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_key[a.key].append(a)
    count = 0
    for group in by_key.values():
        group.sort(key=lambda a: a.sent)
        count += sum(
            any(b.sent < a.sent < b.answered for b in group[:i]) for i, a in enumerate(group) if i
        )
    return count


async def _temporal_count(running, workflow_id: str, expected: int, deadline: Deadline) -> int:  # type: ignore[no-untyped-def]
    """Runs carrying the workflow's search attribute; visibility lags, so wait for it."""
    client = await temporal_client(running)
    query = f"{WORKFLOW_ID_KEY.name} = '{workflow_id}'"
    count = -1
    for _ in range(60):
        count = (await client.count_workflows(query)).count
        if count >= expected or deadline.left() < 5:
            break
        await asyncio.sleep(0.5)
    return count


async def _scenario(full: bool) -> dict:
    deliveries = 2000 if full else 200
    deadline = Deadline(600 if full else 85)
    began = time.monotonic()
    order = _plan(deliveries)
    distinct = len(set(order))
    with stack(workers=1) as running:
        http = await signed_in(running.api_url)
        http.timeout = httpx.Timeout(30)
        workflow_id, hook = await create_workflow(http, "chaos: webhook burst", burst_graph())
        limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
        async with httpx.AsyncClient(
            base_url=running.api_url, timeout=REQUEST_TIMEOUT, limits=limits
        ) as public:
            say(f"{deliveries} deliveries ({distinct} distinct keys) from {CLIENTS} clients ...")
            burst_began = time.monotonic()
            answers = await _burst(public, hook, order)
            seconds = time.monotonic() - burst_began
        in_temporal = await _temporal_count(running, workflow_id, distinct, deadline)
        listed = await http.get("/api/runs", params={"workflow_id": workflow_id, "limit": 1})
        listed.raise_for_status()
        in_list = int(listed.json()["count"])
        await http.aclose()
    statuses = Counter(a.status for a in answers)
    runs_by_key: dict[str, set[str]] = defaultdict(set)
    for a in answers:
        if a.run_id:
            runs_by_key[a.key].add(a.run_id)
    run_ids = {r for ids in runs_by_key.values() for r in ids}
    latencies = sorted((a.answered - a.sent) * 1000 for a in answers)
    figures: dict[str, float | int | str] = {
        "deliveries": deliveries,
        "clients": CLIENTS,
        "distinct keys": distinct,
        "repeats": deliveries - distinct,
        "repeats in flight with an earlier copy": _overlapping(answers),
        "answered": len(answers),
        "statuses": ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=str)),
        "answered duplicate": sum(a.duplicate for a in answers),
        "distinct run ids answered": len(run_ids),
        "keys answered with two run ids": sum(len(ids) > 1 for ids in runs_by_key.values()),
        "runs in Temporal": in_temporal,
        "runs in the run list": in_list,
        "doubled": max(0, in_temporal - distinct) + max(0, in_list - distinct),
        "lost": max(0, distinct - in_temporal) + max(0, distinct - in_list),
        "req/s": round(deliveries / seconds, 1),
        "p50 ms": round(statistics.median(latencies), 1),
        "p95 ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "seconds": round(time.monotonic() - began, 1),
    }
    passed = (
        len(answers) == deliveries
        and statuses.get(202, 0) == deliveries
        and figures["answered duplicate"] == deliveries - distinct
        and len(run_ids) == distinct
        and figures["keys answered with two run ids"] == 0
        and in_temporal == in_list == distinct
    )
    result = (
        f"{in_temporal} runs in Temporal / {in_list} listed for {distinct} keys, "
        f"{statuses.get(202, 0)}/{deliveries} answered 202, {figures['req/s']} req/s"
    )
    return {
        "scenario": "webhook_burst",
        "target": TARGET,
        "result": result,
        "passed": passed,
        "figures": figures,
    }


def run(full: bool) -> dict:
    """The scenario; see bench/faults/__main__.py for the answer's shape."""
    return asyncio.run(_scenario(full))
