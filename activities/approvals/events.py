"""Human approval: the node type, and the activity that keeps the app DB's approval rows."""

import asyncio
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from core.approvals_store import apply_event

from .._deps import NodeDependencies


def build(deps: NodeDependencies) -> list[object]:
    return [ApprovalRecords(deps.engine).record]


class ApprovalRecords:
    """Writes approval rows; idempotent, since Temporal may retry it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @activity.defn(name="approval.record")
    async def record(self, event: dict[str, Any]) -> None:
        await asyncio.to_thread(self._write, event)

    def _write(self, event: dict[str, Any]) -> None:
        with Session(self.engine) as session:
            apply_event(session, event)
            session.commit()
