"""Worker memory: a fresh worker process per side, idle and after one burst of runs."""

from .harness import Context, start_workers
from .report import Row
from .throughput import burst

MIB = 2**20


async def measure(ctx: Context) -> list[Row]:
    """Peak RSS of a fresh worker through a burst of only Sluice, or only baseline, runs."""
    idle: dict[str, float] = {}
    peak: dict[str, float] = {}
    for side in ("sluice", "baseline"):
        print(f"[memory] fresh worker, {ctx.args.burst} {side} runs at once", flush=True)
        queue = f"{ctx.task_queue}-mem-{side}"
        (worker,) = await start_workers(ctx.address, queue, 1)
        try:
            idle[side] = worker.stats()["rss"] / MIB
            await burst(ctx.client, queue, side, ctx.args.burst, "mem")
            peak[side] = worker.stats()["peak_rss"] / MIB
        finally:
            worker.stop()
    return [
        Row("worker RSS, fresh and idle", idle["sluice"], idle["baseline"], "MiB"),
        Row(
            f"worker peak RSS, fresh, {ctx.args.burst} concurrent runs",
            peak["sluice"],
            peak["baseline"],
            "MiB",
        ),
    ]
