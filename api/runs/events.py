"""A run's live events, read from Temporal itself: its history (long-poll) and its query.

Each stream starts with a snapshot of every node, then yields node transitions in order
(synthesising the steps a node passed through between two looks, so there are no gaps),
then the run's end. Nothing is kept in the API process between streams, so any replica can
serve any client; a reconnecting client gets a fresh snapshot and continues from there.
"""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from core.models import TERMINAL_STATUSES, Run
from interpreter import NodeState

from .control import fetch_state

ORDER = {"pending": 0, "running": 1, "waiting": 2, "succeeded": 3, "failed": 3, "skipped": 3}
CLOSING = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
}
PREVIEW_CHARS = 500
RETRY_POLL_SECONDS = 1.0


class RunEvents:
    """Diffs successive views of a run into ordered node events."""

    def __init__(self, client: Client, run: Run) -> None:
        self.client = client
        self.run = run
        self.known: dict[str, NodeState] = {}
        self.seq = 0

    async def stream(self) -> AsyncIterator[dict[str, Any]]:
        state = await fetch_state(self.client, self.run)
        self.known = {k: _copy(v) for k, v in state.nodes.items()}
        yield self._event(
            "snapshot", status=state.status, nodes={k: _public(v) for k, v in state.nodes.items()}
        )
        if state.status in TERMINAL_STATUSES:
            yield self._event(
                "run",
                status=state.status,
                error=state.error,
                output=state.output,
                totals=state.totals,
            )
            return
        changes: asyncio.Queue[Any] = asyncio.Queue()
        wanted = asyncio.Event()
        watchers = [
            asyncio.create_task(self._watch_history(changes, wanted)),
            asyncio.create_task(self._watch_retries(wanted)),
            asyncio.create_task(self._refresh(changes, wanted)),
        ]
        try:
            while True:
                item = await changes.get()
                if isinstance(item, tuple):  # an activity's result, straight from history
                    for event in self._diff(self._completed(*item)):
                        yield event
                    continue
                for event in self._diff(item.nodes):
                    yield event
                if item.status in TERMINAL_STATUSES:
                    yield self._event(
                        "run",
                        status=item.status,
                        error=item.error,
                        output=item.output,
                        totals=item.totals,
                    )
                    return
        finally:
            for watcher in watchers:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await watcher

    async def _refresh(self, changes: "asyncio.Queue[Any]", wanted: asyncio.Event) -> None:
        # Query the workflow off the main loop, coalescing requests, so a slow query never
        # holds back an activity result read from history.
        while True:
            await wanted.wait()
            wanted.clear()
            await changes.put(await fetch_state(self.client, self.run))

    async def _watch_history(self, changes: "asyncio.Queue[Any]", wanted: asyncio.Event) -> None:
        handle = self.client.get_workflow_handle(self.run.temporal_workflow_id)
        scheduled: dict[int, str] = {}
        async for event in handle.fetch_history_events(wait_new_event=True):
            if event.event_type in CLOSING:
                wanted.set()
                return
            if event.HasField("activity_task_scheduled_event_attributes"):
                scheduled[event.event_id] = (
                    event.activity_task_scheduled_event_attributes.activity_id
                )
            if event.HasField("activity_task_completed_event_attributes"):
                # The workflow has not seen the result yet; the history has: report it now.
                done = event.activity_task_completed_event_attributes
                node_id = scheduled.get(done.scheduled_event_id, "")
                if node_id in self.known:
                    [outcome] = await self.client.data_converter.decode(done.result.payloads)
                    await changes.put((node_id, outcome, event.event_time.ToDatetime(UTC)))
            if event.event_type in (
                EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
                EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
            ):
                wanted.set()

    def _completed(self, node_id: str, outcome: Any, at: datetime) -> dict[str, NodeState]:
        state = _copy(self.known.get(node_id) or NodeState())
        if isinstance(outcome, dict) and outcome.get("port", "out") != "error":
            state.status, state.finished_at = "succeeded", at.isoformat()
            state.attempt = int(outcome.get("attempt") or state.attempt or 1)
            state.output, state.port = outcome.get("output"), outcome.get("port")
        return {node_id: state}

    async def _watch_retries(self, wanted: asyncio.Event) -> None:
        # Attempts before the last one are not in history; Temporal's pending-activity info
        # has them, so look while a node runs.
        while True:
            await asyncio.sleep(RETRY_POLL_SECONDS)
            if any(s.status == "running" for s in self.known.values()):
                wanted.set()

    def _diff(self, nodes: dict[str, NodeState]) -> list[dict[str, Any]]:
        events = []
        for node_id, new in nodes.items():
            old = self.known.get(node_id) or NodeState()
            if ORDER[new.status] < ORDER[old.status]:
                continue  # an older view than we already reported
            if ORDER[old.status] == 0 and ORDER[new.status] >= 2 and new.status != "skipped":
                events.append(self._node(node_id, _copy(new), status="running", attempt=1))
            if new.status == "running" and new.attempt > max(old.attempt, 1) and new.error:
                events.append(self._node(node_id, new, status="retrying", will_retry=True))
            if new.status != old.status:
                events.append(self._node(node_id, new))
            self.known[node_id] = _copy(new)
        return events

    def _node(self, node_id: str, state: NodeState, **override: Any) -> dict[str, Any]:
        body = {"node_id": node_id, **_public(state), **override}
        if body["status"] in ("succeeded", "failed") and state.started_at and state.finished_at:
            started, finished = map(datetime.fromisoformat, (state.started_at, state.finished_at))
            body["duration_ms"] = round((finished - started).total_seconds() * 1000, 1)
        return self._event("node", **body)

    def _event(self, kind: str, **body: Any) -> dict[str, Any]:
        self.seq += 1
        return {"seq": self.seq, "type": kind, "at": datetime.now(UTC).isoformat(), **body}


def _copy(state: NodeState) -> NodeState:
    return NodeState(**vars(state))


def _public(state: NodeState) -> dict[str, Any]:
    preview = None
    if state.output is not None:
        text = json.dumps(state.output, default=str)
        preview = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
    return {
        "status": state.status,
        "attempt": state.attempt,
        "started_at": state.started_at,
        "finished_at": state.finished_at,
        "error": state.error,
        "output_preview": preview,
    }
