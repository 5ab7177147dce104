"""Helpers for tests that run graphs on Temporal: fast retries, failures, node timings."""

from datetime import datetime
from typing import Any

import pytest
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError

from activities import NODE_TYPES
from interpreter import NODE_FAILED, NodeState

FAST_RETRY = {
    "initial_interval_seconds": 0.1,
    "backoff_coefficient": 1.0,
    "maximum_interval_seconds": 0.1,
}
"""Node `data.retry` that retries after 0.1 s, so retry tests stay fast."""

NO_RETRY = {"max_attempts": 1}

HEARTBEAT_SECONDS = NODE_TYPES["http.request"].heartbeat_seconds or 0.0
"""An activity that never heartbeats is stopped only after this; cancellation must beat it."""


async def node_failure(handle: WorkflowHandle[Any, Any]) -> ApplicationError:
    """Await a run that must fail because a node failed; answer the NodeFailed error."""
    with pytest.raises(WorkflowFailureError) as info:
        await handle.result()
    cause = info.value.cause
    assert isinstance(cause, ApplicationError), repr(cause)
    assert cause.type == NODE_FAILED, cause
    return cause


def interval(state: NodeState) -> tuple[datetime, datetime]:
    """When a node started and finished, by workflow time."""
    assert state.started_at and state.finished_at, state
    return datetime.fromisoformat(state.started_at), datetime.fromisoformat(state.finished_at)
