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

from interpreter import NodeState

from .models import TERMINAL_STATUSES, Run
from .run_control import fetch_state

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
            yield self._event("run", status=state.status, error=state.error, output=state.output)
            return
        changes: asyncio.Queue[str] = asyncio.Queue()
        watchers = [
            asyncio.create_task(self._watch_history(changes)),
            asyncio.create_task(self._watch_retries(changes)),
        ]
        try:
            while True:
                reason = await changes.get()
                state = await fetch_state(self.client, self.run)
                for event in self._diff(state.nodes):
                    yield event
                if reason == "closed" or state.status in TERMINAL_STATUSES:
                    yield self._event(
                        "run",
                        status=state.status,
                        error=state.error,
                        output=state.output,
                        totals=state.totals,
                    )
                    return
        finally:
            for watcher in watchers:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await watcher

    async def _watch_history(self, changes: "asyncio.Queue[str]") -> None:
        handle = self.client.get_workflow_handle(self.run.temporal_workflow_id)
        async for event in handle.fetch_history_events(wait_new_event=True):
            if event.event_type in CLOSING:
                await changes.put("closed")
                return
            if event.event_type in (
                EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
                EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
                EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
            ):
                await changes.put("history")

    async def _watch_retries(self, changes: "asyncio.Queue[str]") -> None:
        # Attempts before the last one are not in history; Temporal's pending-activity info
        # has them, so look while a node runs.
        while True:
            await asyncio.sleep(RETRY_POLL_SECONDS)
            if any(s.status == "running" for s in self.known.values()):
                await changes.put("retries")

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
