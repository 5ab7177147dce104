"""What every node activity shares: error classification, attempt reporting, heartbeats."""

import asyncio
import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from temporalio import activity
from temporalio.exceptions import ApplicationError

from interpreter import NodeOutcome, NodeTask

T = TypeVar("T")
HEARTBEAT_EVERY_SECONDS = 2.0


class NodeError(Exception):
    """A node failure with its retry classification; `retry_after` honours the peer."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


NodeFunction = Callable[[Any, NodeTask], Awaitable[Any]]


def node_activity(node_type: str, *, max_output_bytes: int | None = None) -> Callable[..., Any]:
    """Make a method `(self, task) -> output` the activity for `node_type`.

    Failures leave as `ApplicationError` carrying the attempt number, so the run shows it;
    `NodeError(retryable=False)` stops retries at once.
    """

    def wrap(func: NodeFunction) -> Callable[..., Awaitable[NodeOutcome]]:
        @functools.wraps(func)
        async def run(self: Any, task: NodeTask) -> NodeOutcome:
            attempt = activity.info().attempt
            try:
                output = await func(self, task)
            except NodeError as exc:
                raise ApplicationError(
                    str(exc),
                    {"attempt": attempt},
                    type=node_type,
                    non_retryable=not exc.retryable,
                    next_retry_delay=_delay(exc.retry_after),
                ) from exc
            except (ApplicationError, asyncio.CancelledError):
                raise
            except Exception as exc:
                raise ApplicationError(
                    f"{type(exc).__name__}: {exc}", {"attempt": attempt}, type=node_type
                ) from exc
            limit = max_output_bytes or getattr(self, "max_output_bytes", None)
            if limit is not None:
                size = len(json.dumps(output, default=str))
                if size > limit:
                    raise ApplicationError(
                        f"output is {size} bytes, above the {limit}-byte limit "
                        "(MAX_INLINE_PAYLOAD_BYTES); narrow what the node returns",
                        {"attempt": attempt},
                        type=node_type,
                        non_retryable=True,
                    )
            return NodeOutcome(output=output, attempt=attempt)

        return activity.defn(name=node_type)(run)

    return wrap


def _delay(seconds: float | None) -> Any:
    from datetime import timedelta

    return None if seconds is None else timedelta(seconds=max(0.0, seconds))


async def with_heartbeats(work: Awaitable[T]) -> T:
    """Await `work`, heartbeating meanwhile so a cancelled run stops this activity."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=HEARTBEAT_EVERY_SECONDS)
            if done:
                return task.result()
            activity.heartbeat()
    finally:
        if not task.done():
            task.cancel()
