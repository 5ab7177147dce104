"""Per-activity logging context and metrics, as a Temporal activity interceptor."""

import time
from typing import Any

import structlog
from temporalio import activity
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

from core.metrics import NODE_DURATION, NODE_RETRIES, observe_llm


class Observability(Interceptor):
    """Binds run_id, workflow_id, node_id, attempt to every log line of an activity, and
    records its duration, retries and LLM usage."""

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _Observed(next)


class _Observed(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        node_type = info.activity_type
        structlog.contextvars.bind_contextvars(
            run_id=info.workflow_id,
            workflow_id=info.workflow_id.rsplit("-", 5)[0] if info.workflow_id else None,
            node_id=info.activity_id,
            node_type=node_type,
            attempt=info.attempt,
        )
        if info.attempt > 1:
            NODE_RETRIES.labels(node_type).inc()
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await super().execute_activity(input)
            outcome = "succeeded"
            observe_llm(node_type, getattr(result, "output", None))
            return result
        finally:
            NODE_DURATION.labels(node_type, outcome).observe(time.perf_counter() - started)
            structlog.contextvars.clear_contextvars()
