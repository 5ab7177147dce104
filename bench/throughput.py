"""Completed runs per second: bursts of concurrent 3-node runs, 1 and 2 worker processes."""

import asyncio
import time
from typing import Any

from interpreter import GraphWorkflow

from .baseline import BaselineSequential
from .graphs import linear, run_input
from .harness import Context, start_workers
from .report import Progress, Row, ratio_at_least

NODES = 3


async def burst(client: Any, task_queue: str, side: str, count: int, tag: str = "tp") -> float:
    """Start `count` runs at once, wait for all results; answers the seconds it took."""
    plan = run_input(linear(NODES))
    stamp = f"{tag}-{side}-{time.monotonic_ns()}"

    def start(i: int) -> Any:
        options = {"id": f"bench-{stamp}-{i}", "task_queue": task_queue}
        if side == "sluice":
            return client.start_workflow(GraphWorkflow.run, plan, **options)
        return client.start_workflow(BaselineSequential.run, NODES, **options)

    began = time.perf_counter()
    handles = await asyncio.gather(*(start(i) for i in range(count)))
    await asyncio.gather(*(h.result() for h in handles))
    return time.perf_counter() - began


async def _rates(ctx: Context, workers: int) -> list[Row]:
    count, rounds = ctx.args.burst, ctx.args.rounds
    # Alternate sides, mirrored (S B B S …) so a drift in the machine's speed cancels out.
    order = [("sluice", "baseline")[(r + r // 2) % 2] for r in range(2 * rounds)]
    seconds = {"sluice": 0.0, "baseline": 0.0}
    cpu = {"sluice": 0.0, "baseline": 0.0}
    server = {"sluice": 0.0, "baseline": 0.0}
    label = f"{count} concurrent {NODES}-node runs, {workers} worker{'s' if workers > 1 else ''}"
    for side in ("sluice", "baseline"):  # warm the worker caches and connections
        await burst(ctx.client, ctx.task_queue, side, max(10, count // 10), "warm")
    progress = Progress("throughput", label, len(order))
    for done, side in enumerate(order, 1):
        before, server_before = ctx.cpu(), ctx.server_cpu()
        seconds[side] += await burst(ctx.client, ctx.task_queue, side, count)
        cpu[side] += ctx.cpu() - before
        server[side] += ctx.server_cpu() - server_before
        progress.step(done)
    rate = {side: rounds * count / seconds[side] for side in seconds}
    per_node = {side: 1e6 * cpu[side] / (rounds * count * NODES) for side in cpu}
    server_per_run = {side: 1e3 * server[side] / (rounds * count) for side in server}
    rss = sum(w.stats()["rss"] for w in ctx.workers) / 2**20
    return [
        Row(
            f"completed runs/s, {label}",
            rate["sluice"],
            rate["baseline"],
            "/s",
            ">= 0.90x",
            ratio_at_least(0.90),
        ),
        Row(
            f"worker CPU per activity node, {label}",
            per_node["sluice"],
            per_node["baseline"],
            "µs",
        ),
        Row(
            f"Temporal server CPU per run, {label}",
            server_per_run["sluice"],
            server_per_run["baseline"],
            "ms",
        ),
        Row(f"worker RSS after these bursts (sum of {workers})", rss, None, "MiB"),
    ]


async def measure(ctx: Context) -> list[Row]:
    rows = await _rates(ctx, 1)
    ctx.workers += await start_workers(ctx.address, ctx.task_queue, 1)
    rows += await _rates(ctx, 2)
    return rows
