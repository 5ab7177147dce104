"""The chaos graph, deliveries through the real webhook endpoint, and what became of them."""

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

import httpx
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError

from bench.harness import connect_when_healthy

from ._stack import Deadline, Stack, say


def node(node_id: str, node_type: str, config: dict[str, Any]) -> dict:
    position = {"x": 0, "y": 0}
    return {"id": node_id, "type": node_type, "position": position,
            "data": {"label": node_id, "config": config}}  # fmt: skip


def edge(source: str, target: str, port: str = "out") -> dict:
    return {"id": f"{source}-{target}", "source": source, "sourceHandle": port,
            "target": target, "targetHandle": "in"}  # fmt: skip


def mail_graph(http_url: str, credential_id: str) -> dict:
    """webhook → http.request (local peer) → set → condition → email (local SMTP) → delay 2 s."""
    nodes = [
        node("hook", "trigger.webhook", {}),
        node("fetch", "http.request", {"url": f"{http_url}/customers/c{{{{ inputs.body.n }}}}"}),
        node("shape", "transform.set", {"fields": {
            "n": "{{ inputs.body.n }}", "customer": "{{ nodes.fetch.output.body.name }}"}}),
        node("check", "logic.condition", {"expression": "nodes.fetch.output.status == `200`"}),
        node("mail", "email.send", {
            "credential_id": credential_id, "to": "ops@example.com",
            "subject": "order {{ nodes.shape.output.n }}",
            "text": "for {{ nodes.shape.output.customer }}"}),
        node("pause", "util.delay", {"seconds": 2}),
    ]  # fmt: skip
    edges = [edge("hook", "fetch"), edge("fetch", "shape"), edge("shape", "check"),
             edge("check", "mail", "true"), edge("mail", "pause")]  # fmt: skip
    return {"nodes": nodes, "edges": edges}


async def create_workflow(http: httpx.AsyncClient, name: str, graph: dict) -> tuple[str, str]:
    """Save `graph`; answers (workflow id, webhook URL of its trigger)."""
    created = await http.post("/api/workflows", json={"name": name, "graph": graph})
    if created.status_code != 201:
        raise RuntimeError(f"creating {name}: {created.status_code} {created.text}")
    workflow_id = created.json()["id"]
    triggers = await http.get(f"/api/workflows/{workflow_id}/triggers")
    triggers.raise_for_status()
    [trigger] = triggers.json()["data"]
    return workflow_id, trigger["url"]


async def smtp_credential(http: httpx.AsyncClient, port: int) -> str:
    data = {"host": "127.0.0.1", "port": port, "security": "none",
            "from_address": "chaos@example.com"}  # fmt: skip
    created = await http.post(
        "/api/credentials", json={"name": "chaos smtp", "type": "smtp", "data": data}
    )
    if created.status_code != 201:
        raise RuntimeError(f"creating the SMTP credential: {created.status_code} {created.text}")
    return str(created.json()["id"])


@dataclass
class Deliveries:
    """Accepted deliveries by number: run id; and how many attempts were refused."""

    runs: dict[int, str] = field(default_factory=dict)
    refused: int = 0
    duplicates: int = 0


async def deliver(
    http: httpx.AsyncClient, url: str, n: int, seen: Deliveries, deadline: Deadline
) -> None:
    """POST delivery `n` with Idempotency-Key chaos-n until it is accepted (202)."""
    while True:
        deadline.check(f"delivering {n}")
        with contextlib.suppress(httpx.HTTPError):
            answer = await http.post(
                url, json={"n": n}, headers={"Idempotency-Key": f"chaos-{n}"}, timeout=15
            )
            if answer.status_code == 202:
                seen.runs[n] = answer.json()["run_id"]
                seen.duplicates += bool(answer.json().get("duplicate"))
                return
        seen.refused += 1
        await asyncio.sleep(0.5)


async def deliver_all(
    http: httpx.AsyncClient, url: str, count: int, deadline: Deadline, concurrency: int = 4
) -> Deliveries:
    seen = Deliveries()
    queue = list(range(count))

    async def sender() -> None:
        while queue:
            await deliver(http, url, queue.pop(0), seen, deadline)

    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return seen


@dataclass
class Outcome:
    """What Temporal says about the runs."""

    completed: int = 0
    failed: int = 0
    running: int = 0
    email_retries: int = 0
    """Email attempts beyond the first: each one means an attempt was lost or refused."""


async def temporal_client(stack: Stack) -> Client:
    return await connect_when_healthy(stack.temporal_address, timeout=60)


async def _status(client: Client, temporal_id: str) -> WorkflowExecutionStatus | None:
    with contextlib.suppress(RPCError):
        return (await client.get_workflow_handle(temporal_id).describe()).status
    return None


async def wait_closed(
    client: Client, temporal_ids: list[str], deadline: Deadline, every: float = 1.0
) -> Outcome:
    """Poll until every run is closed or the deadline passes (then the rest count running)."""
    open_ids = set(temporal_ids)
    outcome = Outcome()
    last = -1
    while open_ids and deadline.left() > 0:
        statuses = await asyncio.gather(*(_status(client, t) for t in open_ids))
        for temporal_id, status in zip(list(open_ids), statuses, strict=True):
            if status == WorkflowExecutionStatus.COMPLETED:
                outcome.completed += 1
                open_ids.discard(temporal_id)
            elif status not in (None, WorkflowExecutionStatus.RUNNING):
                outcome.failed += 1
                open_ids.discard(temporal_id)
        if len(open_ids) != last:
            last = len(open_ids)
            say(f"{len(temporal_ids) - last}/{len(temporal_ids)} runs closed")
        await asyncio.sleep(every)
    outcome.running = len(open_ids)
    return outcome


async def email_attempts(client: Client, temporal_id: str) -> int:
    """The attempt number of the run's email activity that completed (1 = first try)."""
    history = await client.get_workflow_handle(temporal_id).fetch_history()
    email_scheduled = {
        e.event_id
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        and e.activity_task_scheduled_event_attributes.activity_type.name == "email.send"
    }
    attempts = [
        e.activity_task_started_event_attributes.attempt
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
        and e.activity_task_started_event_attributes.scheduled_event_id in email_scheduled
    ]
    return max(attempts, default=0)


async def count_email_retries(client: Client, temporal_ids: list[str]) -> int:
    attempts = await asyncio.gather(*(email_attempts(client, t) for t in temporal_ids))
    return sum(max(0, a - 1) for a in attempts)
