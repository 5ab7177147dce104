"""End-to-end latency (client start → result) and worker CPU per node, Sluice vs by hand."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from .harness import Context, p50, p95
from .report import Progress, Row, below, ratio_at_most
from .workloads import SIDES, Workload, alternate, workloads

Met = Callable[[float, float | None], bool]
RATIO: tuple[str, Met | None] = ("<= 1.10x", ratio_at_most(1.10))
NONE: tuple[str, Met | None] = ("", None)
TARGETS: dict[str, tuple[tuple[str, Met | None], tuple[str, Met | None]]] = {
    "chain": (RATIO, RATIO),
    "parallel": (RATIO, RATIO),
    "typical": (("< 120 ms", below(120.0)), NONE),
    "typical-local": (("< 80 ms", below(80.0)), NONE),
}
"""Per workload: the target of its p50, then of its p95."""


@dataclass
class Sample:
    ms: dict[str, list[float]]
    cpu: dict[str, list[float]]
    """Worker CPU seconds per run."""


async def sample(ctx: Context, load: Workload) -> Sample:
    """Warm-up, then runs alternating Sluice and baseline (order flipped every round)."""
    warmup, runs = ctx.args.warmup, ctx.args.runs
    result = Sample({s: [] for s in SIDES}, {s: [] for s in SIDES})
    progress = Progress("latency", load.name, warmup + runs)
    for i in range(warmup + runs):
        for side in alternate(i):
            cpu = ctx.cpu()
            start = time.perf_counter()
            await (await load.start(side)).result()
            elapsed = time.perf_counter() - start
            if i >= warmup:
                result.ms[side].append(elapsed * 1000)
                result.cpu[side].append(ctx.cpu() - cpu)
        progress.step(i + 1)
    return result


def _rows(load: Workload, s: Sample) -> list[Row]:
    (p50_target, p50_met), (p95_target, p95_met) = TARGETS[load.key]
    sluice, baseline = s.ms["sluice"], s.ms["baseline"]
    per_node = {k: 1e6 * sum(v) / (len(v) * load.activity_nodes) for k, v in s.cpu.items()}
    return [
        Row(f"p50 latency, {load.name}", p50(sluice), p50(baseline), "ms", p50_target, p50_met),
        Row(f"p95 latency, {load.name}", p95(sluice), p95(baseline), "ms", p95_target, p95_met),
        Row(
            f"worker CPU per activity node, {load.name}",
            per_node["sluice"],
            per_node["baseline"],
            "µs",
        ),
    ]


async def measure(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for load in workloads(ctx):
        rows += _rows(load, await sample(ctx, load))
    return rows
