"""`python -m bench [--quick] [--runs N]`: measure the interpreter against hand-written code.

One Temporal dev server (headless, in memory, Sluice's tuning), one local HTTP peer and
`python -m bench.baseline_worker` processes that run both GraphWorkflow and the baseline
workflows on one task queue. Workflows are started from this process with a plain client
(no eager start: in Sluice the API starts runs and workers are other processes).
"""

import argparse
import asyncio
import time
import uuid

from activities import NODE_TYPES

from . import history_events, latency, memory, throughput, workflow_cpu
from .baseline import check_options
from .harness import Context, connect_when_healthy, dev_server, http_peer, start_workers
from .report import Row, print_table, section


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke mode: few runs (< 60 s)")
    parser.add_argument("--runs", type=int, help="measured runs per latency figure (default 50)")
    parser.add_argument("--warmup", type=int, help="unmeasured runs first (default 5)")
    parser.add_argument("--nodes", type=int, default=10, help="noop nodes of the events graphs")
    parser.add_argument("--event-runs", type=int, help="runs per side for history events")
    parser.add_argument("--replays", type=int, help="replays per side for workflow-code CPU")
    parser.add_argument("--burst", type=int, help="concurrent runs per burst (default 300)")
    parser.add_argument("--rounds", type=int, help="bursts per side and worker count (default 2)")
    args = parser.parse_args()
    quick = {"runs": 8, "warmup": 2, "burst": 40, "rounds": 1, "event_runs": 2, "replays": 5}
    full = {"runs": 50, "warmup": 5, "burst": 300, "rounds": 2, "event_runs": 10, "replays": 30}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


async def run(args: argparse.Namespace, server: tuple[str, int], base_url: str) -> list[Row]:
    address, server_pid = server
    client = await connect_when_healthy(address)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    section("setup", "starting a worker process")
    workers = await start_workers(address, queue, 1)
    ctx = Context(client, address, server_pid, queue, base_url, workers, args)
    try:
        rows = await history_events.measure(ctx)
        rows += await latency.measure(ctx)
        rows += await workflow_cpu.measure(ctx)
        rows += await throughput.measure(ctx)
    finally:
        for worker in ctx.workers:
            worker.stop()
    return rows + await memory.measure(ctx)


def main() -> None:
    args = parse_args()
    check_options(NODE_TYPES)
    began = time.perf_counter()
    mode = "quick" if args.quick else "full"
    print(
        f"Sluice bench ({mode}): {args.runs} runs after {args.warmup} warm-up per latency figure, "
        f"bursts of {args.burst} x {args.rounds}; Sluice and baseline alternate",
        flush=True,
    )
    section("setup", "starting the Temporal dev server and the HTTP peer")
    with dev_server() as server, http_peer() as base_url:
        rows = asyncio.run(run(args, server, base_url))
    print_table(
        rows, f"Sluice vs hand-written workflows ({mode}, {time.perf_counter() - began:.0f}s)"
    )


if __name__ == "__main__":
    main()
