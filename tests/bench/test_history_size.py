"""History per run against the same work written by hand (bench/history_events.py): at most
two events more and 1.2x the bytes, for each bench graph. Bytes and events, not time."""

import argparse
import uuid

from bench import history_events
from bench.harness import Context, connect_when_healthy, dev_server, http_peer, start_workers


async def test_each_bench_graph_stays_within_its_history_budget() -> None:
    with dev_server() as (address, pid), http_peer() as url:
        client = await connect_when_healthy(address)
        queue = f"history-{uuid.uuid4().hex[:8]}"
        workers = await start_workers(address, queue, 1)
        try:
            args = argparse.Namespace(event_runs=2, nodes=10)
            rows = await history_events.measure(
                Context(client, address, pid, queue, url, workers, args)
            )
        finally:
            for worker in workers:
                worker.stop()
    judged = [row for row in rows if row.met is not None]
    sizes = [row for row in judged if row.figure.startswith("history size/run")]
    assert len(sizes) == 4 and len(judged) == 8, [row.figure for row in rows]
    missed = [row.cells() for row in judged if not row.met(row.sluice, row.baseline)]
    assert not missed, missed
