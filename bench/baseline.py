"""Hand-written workflows that do what the bench graphs do: the baseline Sluice is held to.

They call the same node activities by name, with the same `NodeTask` argument and the same
activity options `GraphWorkflow` derives from the catalog (checked by `check_options`), so
the only difference measured is the interpreter.
"""

import asyncio
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from interpreter import NodeOutcome, NodeTask

# Catalog defaults of the node types used here: (timeout, heartbeat, attempts, initial, max).
OPTIONS: dict[str, tuple[float, float | None, int, float, float]] = {
    "util.noop": (30.0, 10.0, 3, 1.0, 60.0),
    "http.request": (330.0, 10.0, 5, 1.0, 60.0),
}


def check_options(catalog: Any) -> None:
    """Fail loudly if the catalog's defaults drifted from the baseline's activity options."""
    for name, (timeout, heartbeat, attempts, initial, maximum) in OPTIONS.items():
        t = catalog[name]
        found = (t.timeout_seconds, t.heartbeat_seconds, t.retry.max_attempts)
        found += (t.retry.initial_interval_seconds, t.retry.maximum_interval_seconds)
        if found != (timeout, heartbeat, attempts, initial, maximum):
            raise RuntimeError(f"bench/baseline.py OPTIONS[{name!r}] is stale: catalog has {found}")


async def call(node_id: str, node_type: str, config: dict[str, Any], local: bool = False) -> Any:
    """One node activity, exactly as GraphWorkflow schedules it; answers its output."""
    run_id = workflow.info().workflow_id
    task = NodeTask(run_id, node_id, node_type, config, f"{run_id}:{node_id}")
    timeout, heartbeat, attempts, initial, maximum = OPTIONS[node_type]
    retry = RetryPolicy(
        initial_interval=timedelta(seconds=initial),
        backoff_coefficient=2.0,
        maximum_interval=timedelta(seconds=maximum),
        maximum_attempts=attempts,
    )
    if local:
        outcome = await workflow.execute_local_activity(
            node_type,
            task,
            result_type=NodeOutcome,
            activity_id=node_id,
            start_to_close_timeout=timedelta(seconds=timeout),
            retry_policy=retry,
            summary=node_id,
        )
    else:
        outcome = await workflow.execute_activity(
            node_type,
            task,
            result_type=NodeOutcome,
            activity_id=node_id,
            start_to_close_timeout=timedelta(seconds=timeout),
            heartbeat_timeout=timedelta(seconds=heartbeat) if heartbeat else None,
            retry_policy=retry,
            summary=node_id,
        )
    return outcome.output


@workflow.defn(name="BaselineSequential")
class BaselineSequential:
    """`n` util.noop activities one after another."""

    @workflow.run
    async def run(self, n: int) -> dict[str, Any]:
        output: Any = None
        for i in range(n):
            output = await call(f"n{i}", "util.noop", {})
        return {f"n{n - 1}": output}


@workflow.defn(name="BaselineParallel")
class BaselineParallel:
    """`n` util.noop activities at once."""

    @workflow.run
    async def run(self, n: int) -> dict[str, Any]:
        outputs = await asyncio.gather(*(call(f"n{i}", "util.noop", {}) for i in range(n)))
        return {f"n{i}": out for i, out in enumerate(outputs)}


@workflow.defn(name="BaselineTypical")
class BaselineTypical:
    """bench.graphs.typical() by hand: one HTTP call, then two at once, then a condition."""

    @workflow.run
    async def run(self, base_url: str, local: bool, customer: str) -> dict[str, Any]:
        query = {"customer": customer, "limit": 3}
        orders = await call(
            "fetch_orders", "http.request", _get(f"{base_url}/orders", query), local
        )
        order_id = orders["body"]["orders"][0]["id"]
        who, stock = await asyncio.gather(
            call("fetch_customer", "http.request", _get(f"{base_url}/customers/{customer}"), local),
            call("fetch_stock", "http.request", _get(f"{base_url}/stock/{order_id}"), local),
        )
        if who["status"] == 200 and stock["status"] == 200:
            return {"summary": {"customer": who["body"]["name"], "in_stock": stock["body"]}}
        return {"alert": {"error": "an upstream call failed"}}


def _get(url: str, query: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"method": "GET", "url": url, **({"query": query} if query else {})}


BASELINE_WORKFLOWS = [BaselineSequential, BaselineParallel, BaselineTypical]
