"""Keeps the app DB's run list current without anyone reading the runs.

Every few seconds, asks Temporal's visibility for GraphWorkflow runs that closed since the
last look, and records each one (status, per-node records, closed approvals). Writes are
idempotent, so several API replicas may do it at once. Every hour it also deletes ledger rows
past their retention (core/ledger_retention.py), idempotent too.
"""

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select
from temporalio.client import Client

from core.ledger_retention import LedgerRetention
from core.models import Run
from interpreter import LEGACY_WORKFLOW_TYPE, WORKFLOW_TYPE

from .control import RunState, closed_state
from .records import record_outcome

LOOKBACK = timedelta(minutes=5)
LEDGER_CLEANUP_EVERY = timedelta(hours=1)


class RunRecorder:
    def __init__(
        self,
        client: Client,
        engine: Engine,
        interval_seconds: float,
        retention: LedgerRetention | None = None,
    ) -> None:
        self.client = client
        self.engine = engine
        self.interval = interval_seconds
        self.retention = retention
        self._since = datetime.now(UTC) - LOOKBACK
        self._ledger_due = datetime.now(UTC)

    async def run_forever(self) -> None:
        while True:
            with contextlib.suppress(Exception):  # Temporal or the DB away: try again later
                await self.sweep()
            with contextlib.suppress(Exception):
                await self.clean_ledger()
            await asyncio.sleep(self.interval)

    async def clean_ledger(self) -> tuple[int, int] | None:
        """Delete expired ledger rows when due (hourly); answers (side_effect, llm_usage)."""
        now = datetime.now(UTC)
        if self.retention is None or now < self._ledger_due:
            return None
        deleted = await asyncio.to_thread(self.retention.delete_expired, self.engine, now)
        self._ledger_due = now + LEDGER_CLEANUP_EVERY
        return deleted

    async def sweep(self) -> int:
        """Record runs that closed since the last sweep; answers how many were new."""
        started = datetime.now(UTC)
        query = (
            f"WorkflowType IN ('{WORKFLOW_TYPE}', '{LEGACY_WORKFLOW_TYPE}') "
            "AND ExecutionStatus != 'Running' "
            f"AND CloseTime > '{self._since.isoformat()}'"
        )
        closed = {execution.id: execution async for execution in self.client.list_workflows(query)}
        recorded = 0
        if closed:
            # The DB work runs in a thread: on the event loop it would stall every request
            # the API is serving, for as long as a sweep of a busy minute takes.
            runs = await asyncio.to_thread(self._running, list(closed))
            states = [
                (run, await closed_state(self.client, run, closed[run.temporal_workflow_id]))
                for run in runs
            ]
            recorded = await asyncio.to_thread(self._record, states)
        # Only after success (a failed sweep is redone); visibility may lag the close a
        # little, so the windows overlap.
        self._since = started - timedelta(seconds=max(10.0, self.interval * 2))
        return recorded

    def _running(self, temporal_ids: list[str]) -> list[Run]:
        """The rows of these runs still listed as running (loaded, detached)."""
        with Session(self.engine, expire_on_commit=False) as session:
            running = select(Run).where(
                col(Run.temporal_workflow_id).in_(temporal_ids), Run.status == "running"
            )
            return list(session.exec(running).all())

    def _record(self, states: list[tuple[Run, RunState]]) -> int:
        with Session(self.engine, expire_on_commit=False) as session:
            recorded = 0
            for run, state in states:
                session.add(run)
                recorded += record_outcome(session, run, state)
            return recorded
