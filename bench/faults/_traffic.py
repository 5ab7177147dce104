"""Mixed API traffic for the outage run: run list reads, starts by POST runs and webhook
deliveries, each answer kept with when it was sent and how long it took."""

import asyncio
import itertools
import time
from dataclasses import dataclass, field

import httpx

REQUEST_TIMEOUT = 10.0
"""Seconds a client waits for an answer: anything slower counts as a hang."""

KINDS = ("list", "start", "webhook")


@dataclass
class Sample:
    kind: str
    sent: float
    answered: float
    status: int | str
    """The HTTP status, or "timeout" / "error" (connection refused, reset ...)."""
    detail: str = ""
    run_id: str | None = None


@dataclass
class Traffic:
    """What the clients sent and got; `stop` ends the traffic."""

    samples: list[Sample] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    _numbers: itertools.count = field(default_factory=itertools.count)

    def acknowledged(self) -> dict[str, str]:
        """Run id → kind, for every start the API answered 2xx."""
        return {s.run_id: s.kind for s in self.samples if s.run_id is not None}


async def _send(
    http: httpx.AsyncClient, kind: str, n: int, workflow_id: str, hook: str
) -> httpx.Response:
    if kind == "list":
        return await http.get("/api/runs", params={"workflow_id": workflow_id, "limit": 20})
    if kind == "start":
        return await http.post(f"/api/workflows/{workflow_id}/runs", json={"inputs": {"n": n}})
    return await http.post(hook, json={"n": n}, headers={"Idempotency-Key": f"outage-{n}"})


def _run_id(kind: str, answer: httpx.Response) -> str | None:
    if answer.status_code // 100 != 2 or kind == "list":
        return None
    body = answer.json()
    return str(body["id"] if kind == "start" else body["run_id"])


async def _one(
    http: httpx.AsyncClient, kind: str, traffic: Traffic, workflow_id: str, hook: str
) -> None:
    n = next(traffic._numbers)
    sent = time.monotonic()
    try:
        answer = await _send(http, kind, n, workflow_id, hook)
    except httpx.TimeoutException:
        traffic.samples.append(Sample(kind, sent, time.monotonic(), "timeout"))
        return
    except httpx.HTTPError as exc:
        traffic.samples.append(Sample(kind, sent, time.monotonic(), "error", repr(exc)))
        return
    detail = ""
    if answer.status_code >= 400:
        try:
            detail = str(answer.json().get("detail", ""))
        except ValueError:
            detail = answer.text[:200]
    sample = Sample(kind, sent, time.monotonic(), answer.status_code, detail, _run_id(kind, answer))
    traffic.samples.append(sample)


async def _client(
    http: httpx.AsyncClient,
    traffic: Traffic,
    offset: int,
    workflow_id: str,
    hook: str,
    pause: float,
) -> None:
    for step in itertools.count(offset):
        if traffic.stop.is_set():
            return
        await _one(http, KINDS[step % len(KINDS)], traffic, workflow_id, hook)
        await asyncio.sleep(pause)


async def serve_traffic(
    http: httpx.AsyncClient,
    traffic: Traffic,
    *,
    clients: int,
    workflow_id: str,
    hook: str,
    pause: float = 0.1,
) -> None:
    """`clients` loops, each cycling through the kinds, until `traffic.stop` is set."""
    await asyncio.gather(
        *(_client(http, traffic, i, workflow_id, hook, pause) for i in range(clients))
    )
