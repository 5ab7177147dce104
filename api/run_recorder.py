"""Keeps the app DB's run list current without anyone reading the runs.

Every few seconds, asks Temporal's visibility for GraphWorkflow runs that closed since the
last look, and records each one (status, per-node records, closed approvals). Writes are
idempotent, so several API replicas may do it at once.
"""

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio.client import Client

from .models import Run
from .run_control import fetch_state
from .run_records import record_outcome

LOOKBACK = timedelta(minutes=5)


class RunRecorder:
    def __init__(self, client: Client, engine: Engine, interval_seconds: float) -> None:
        self.client = client
        self.engine = engine
        self.interval = interval_seconds
        self._since = datetime.now(UTC) - LOOKBACK

    async def run_forever(self) -> None:
        while True:
            with contextlib.suppress(Exception):  # Temporal or the DB away: try again later
                await self.sweep()
            await asyncio.sleep(self.interval)

    async def sweep(self) -> int:
        """Record runs that closed since the last sweep; answers how many were new."""
        started = datetime.now(UTC)
        query = (
            "WorkflowType = 'GraphWorkflow' AND ExecutionStatus != 'Running' "
            f"AND CloseTime > '{self._since.isoformat()}'"
        )
        ids = [execution.id async for execution in self.client.list_workflows(query)]
        recorded = 0
        for temporal_id in ids:
            with Session(self.engine, expire_on_commit=False) as session:
                run = session.exec(
                    select(Run).where(Run.temporal_workflow_id == temporal_id)
                ).first()
                if run is None or run.status != "running":
                    continue
                recorded += record_outcome(session, run, await fetch_state(self.client, run))
        # Visibility may lag a little behind the close; overlap the windows.
        self._since = started - timedelta(seconds=max(10.0, self.interval * 2))
        return recorded
