"""Trigger nodes: webhooks, schedules, and the webhook's answer.

Publishing a workflow version activates its triggers (api/triggers/activation.py): a webhook gets a
URL, a schedule becomes a Temporal Schedule. A scheduled run's trigger node records the run
in the app DB, so runs that no API request started still show in the run list.
"""

import asyncio
import re
import uuid
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from core.run_rows import add_run_once
from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import node_activity
from .spec import SCHEDULE_RUN_KEY


def build(deps: NodeDependencies) -> list[object]:
    return [ScheduledRuns(deps.engine).tick]


# Temporal appends the nominal time to the workflow id of a scheduled start.
_NOMINAL_TIME = re.compile(r"-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$")


class ScheduledRuns:
    """The trigger.schedule activity: records the scheduled run, outputs when it was due."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @node_activity("trigger.schedule")
    async def tick(self, task: NodeTask) -> dict[str, Any]:
        info = activity.info()
        temporal_id, temporal_run_id = info.workflow_id or "", info.workflow_run_id or ""
        record = task.config.get(SCHEDULE_RUN_KEY)
        if isinstance(record, dict):
            await asyncio.to_thread(self._record, record, temporal_id, temporal_run_id)
        due = _NOMINAL_TIME.search(temporal_id)
        return {
            "scheduled_at": due.group(1) if due else None,
            "schedule_id": record.get("schedule_id") if isinstance(record, dict) else None,
            "inputs": task.config.get("inputs") or {},
        }

    def _record(self, record: dict[str, Any], temporal_id: str, temporal_run_id: str) -> None:
        with Session(self.engine) as session:
            add_run_once(
                session,
                # The same id on every attempt: a retried activity writes the same row once.
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"sluice:{temporal_id}"),
                workspace_id=uuid.UUID(record["workspace_id"]),
                workflow_id=uuid.UUID(record["workflow_id"]),
                version=int(record["version"]),
                temporal_workflow_id=temporal_id,
                temporal_run_id=temporal_run_id,
            )
            session.commit()
