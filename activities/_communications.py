"""The communication audit: a row per email/SMS send attempt, written from the worker."""

import asyncio
import logging
import uuid
from typing import Any, Literal

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from temporalio import activity

from core.models import Communication
from interpreter import NodeTask

from ._runtime import NodeError

logger = logging.getLogger(__name__)


class CommunicationLog:
    """Writes audit rows and finds a send an earlier attempt of the same node completed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def previous_send(self, task: NodeTask) -> dict[str, Any] | None:
        """The output of this node's earlier successful send in this run, if any.

        A worker can die after the peer accepted a message but before Temporal heard of
        it; the retry then answers from the audit row instead of sending again."""
        try:
            return await asyncio.to_thread(self._previous_send, task.run_id, task.node_id)
        except SQLAlchemyError as exc:
            raise NodeError(
                f"the app database is unavailable ({type(exc).__name__}); nothing was sent",
                retryable=True,
            ) from exc

    async def record(
        self,
        task: NodeTask,
        *,
        channel: Literal["email", "sms"],
        recipients: list[str],
        status: Literal["sent", "failed"],
        provider_id: str | None = None,
        error: str | None = None,
        output: dict[str, Any] | None = None,
    ) -> None:
        """Add one row. A failed write is logged, never raised: the send already happened
        (or failed) and a retry to repair the audit would send twice."""
        row = Communication(
            workspace_id=uuid.UUID(task.workspace_id) if task.workspace_id else None,
            run_id=task.run_id,
            node_id=task.node_id,
            attempt=_attempt(),
            channel=channel,
            recipients=recipients,
            status=status,
            provider_id=provider_id,
            error=error[:2000] if error else None,
            output=output or {},
        )
        try:
            await asyncio.to_thread(self._insert, row)
        except SQLAlchemyError as exc:
            logger.error(
                "could not record the %s %s of run %s node %s: %s",
                channel,
                status,
                task.run_id,
                task.node_id,
                type(exc).__name__,
            )

    def _previous_send(self, run_id: str, node_id: str) -> dict[str, Any] | None:
        query = (
            select(Communication.output)
            .where(Communication.run_id == run_id)
            .where(Communication.node_id == node_id)
            .where(Communication.status == "sent")
            .limit(1)
        )
        with Session(self.engine) as session:
            return session.execute(query).scalar_one_or_none()

    def _insert(self, row: Communication) -> None:
        with Session(self.engine) as session:
            session.add(row)
            session.commit()


def _attempt() -> int:
    return activity.info().attempt if activity.in_activity() else 1
