"""The worker side of the side-effect ledger (core/side_effects.py) for sending nodes.

Guarantee: a key whose effect was recorded is never sent again, in any retry of the run.
Not covered: a worker that dies after the peer accepted but before `remember` wrote the
row; its retry sends once more (one duplicate possible per crash inside the send).
"""

import asyncio
import logging
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from core.side_effects import SideEffectLedger
from interpreter import NodeTask

from ._runtime import NodeError

logger = logging.getLogger(__name__)


class SentLedger:
    """Looks a task's idempotency key up before a send and records it right after."""

    def __init__(self, engine: Engine) -> None:
        self.ledger = SideEffectLedger(engine)

    async def already_sent(self, task: NodeTask) -> dict[str, Any] | None:
        """The recorded output with `deduplicated: true`, or None if the key never took effect."""
        try:
            result = await asyncio.to_thread(self.ledger.recorded, task.idempotency_key)
        except SQLAlchemyError as exc:
            raise NodeError(
                f"the app database is unavailable ({type(exc).__name__}); nothing was sent",
                retryable=True,
            ) from exc
        return None if result is None else {**result, "deduplicated": True}

    async def remember(self, task: NodeTask, output: dict[str, Any]) -> None:
        """Record the accepted send; a failed write is logged, never raised (it was sent)."""
        try:
            await asyncio.to_thread(
                self.ledger.record, task.idempotency_key, task.node_type, output
            )
        except SQLAlchemyError as exc:
            logger.error(
                "could not record the send of run %s node %s: %s",
                task.run_id,
                task.node_id,
                type(exc).__name__,
            )
