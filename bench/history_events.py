"""History events (and bytes) per run: each graph against the same work written by hand.

How activity completions batch into workflow tasks (3 events each) depends on timing, for
both sides alike (activities at once, a loaded machine stretching a workflow task): the
total is a mean over runs, and the target applies to the events besides workflow tasks,
which are exact (the commands and their results).
"""

from collections import Counter
from statistics import mean
from typing import Any

from .harness import Context
from .report import Row
from .workloads import SIDES, alternate, workloads

WORKFLOW_TASK = ("workflow_task_scheduled", "workflow_task_started", "workflow_task_completed")


def _kind(event: Any) -> str:
    return event.WhichOneof("attributes").removesuffix("_event_attributes")


def _within_two(s: float, b: float | None) -> bool:
    return b is not None and s <= b + 2


async def measure(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    runs = ctx.args.event_runs
    for load in workloads(ctx, ctx.args.nodes):
        print(f"[events] {load.name}: {runs} runs each", flush=True)
        total: dict[str, list[int]] = {side: [] for side in SIDES}
        other: dict[str, list[int]] = {side: [] for side in SIDES}
        size: dict[str, list[int]] = {side: [] for side in SIDES}
        kinds: dict[str, Counter[str]] = {side: Counter() for side in SIDES}
        results: dict[str, Any] = {}
        for i in range(runs):
            for side in alternate(i):
                handle = await load.start(side)
                result = await handle.result()
                results[side] = result["output"] if side == "sluice" else result
                events = [(_kind(e), e.ByteSize()) for e in (await handle.fetch_history()).events]
                total[side].append(len(events))
                other[side].append(sum(kind not in WORKFLOW_TASK for kind, _ in events))
                size[side].append(sum(n for _, n in events))
                kinds[side].update(kind for kind, _ in events)
        if results["sluice"] != results["baseline"]:
            raise RuntimeError(f"{load.name}: Sluice and baseline disagree: {results}")
        s, b = kinds["sluice"], kinds["baseline"]
        diff = {k: round((s[k] - b[k]) / runs, 2) for k in s | b if s[k] != b[k]}
        if diff:
            print(f"[events]   event types per run, Sluice - baseline: {diff}", flush=True)
        span = " vs ".join(f"{min(total[side])}-{max(total[side])}" for side in SIDES)
        name = f"history events/run, {load.name} (mean; {span})"
        rows.append(Row(name, *_means(total), compare="diff"))
        rows.append(
            Row(
                f"  of which besides workflow tasks, {load.name}",
                *_means(other),
                target="<= baseline + 2",
                met=_within_two,
                compare="diff",
            )
        )
        sluice_kib, baseline_kib = (v / 1024 for v in _means(size))
        rows.append(
            Row(
                f"history size/run, {load.name}",
                sluice_kib,
                baseline_kib,
                unit="KiB",
                target="<= 1.2x",
                met=_within_a_fifth,
            )
        )
    return rows


def _within_a_fifth(s: float, b: float | None) -> bool:
    return b is not None and s <= 1.2 * b


def _means(values: dict[str, list[int]]) -> tuple[float, float]:
    return mean(values["sluice"]), mean(values["baseline"])


def main() -> None:
    """`python -m bench.history_events [--event-runs N] [--nodes N]`: only this section."""
    import argparse
    import asyncio
    import uuid

    from .harness import connect_when_healthy, dev_server, http_peer, start_workers
    from .report import print_table

    parser = argparse.ArgumentParser(prog="python -m bench.history_events")
    parser.add_argument("--event-runs", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=10)
    args = parser.parse_args()

    async def run(address: str, pid: int, url: str) -> list[Row]:
        client = await connect_when_healthy(address)
        queue = f"bench-{uuid.uuid4().hex[:8]}"
        workers = await start_workers(address, queue, 1)
        try:
            return await measure(Context(client, address, pid, queue, url, workers, args))
        finally:
            for worker in workers:
                worker.stop()

    with dev_server() as (address, pid), http_peer() as url:
        print_table(asyncio.run(run(address, pid, url)), "History per run: Sluice vs by hand")


if __name__ == "__main__":
    main()
