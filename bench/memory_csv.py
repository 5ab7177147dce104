"""`python -m bench.memory_csv [--mb 100]`: a large CSV through `file.parse_csv` and
`transform.aggregate` (which runs as an activity, since its rows are claim-checked).

Starts a headless Temporal dev server and one worker process (Sluice's worker, local blob
store in a temporary folder), stores a generated CSV as a blob, runs a graph whose one node
parses it, and reports the worker's peak RSS, the run's time and its Temporal history size.
The rows never enter history: above the inline limit they go to the blob store as JSON.
"""

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path

from activities import NODE_TYPES
from api.runs.signing import signed_input
from core.blobs import LocalBlobStore
from core.config import get_settings
from interpreter import GraphWorkflow, RunInput, build_plan

from .harness import connect_when_healthy, dev_server, start_workers
from .report import section

MIB = 2**20


def write_csv(path: Path, megabytes: int) -> int:
    """A CSV of about `megabytes` MiB (orders: id, customer, region, amount, note)."""
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("id,customer,region,amount,note\n")
        while out.tell() < megabytes * MIB:
            out.writelines(
                f"{i},customer-{i % 5000},region-{i % 7},{(i % 1000) / 10:.2f},order {i} ok\n"
                for i in range(rows, rows + 10_000)
            )
            rows += 10_000
    return rows


async def measure(address: str, megabytes: int, folder: Path) -> None:
    client = await connect_when_healthy(address)
    queue = f"bench-csv-{uuid.uuid4().hex[:8]}"
    source = folder / "orders.csv"
    section("setup", f"writing a {megabytes} MiB CSV")
    rows = write_csv(source, megabytes)
    ref = await LocalBlobStore(folder / "blobs").put_file("", "orders.csv", "text/csv", source)
    (worker,) = await start_workers(address, queue, 1)
    try:
        idle = worker.stats()["rss"] / MIB
        graph = {
            "nodes": [
                {
                    "id": "parse",
                    "type": "file.parse_csv",
                    "data": {"label": "parse", "config": {"file": ref}},
                },
                {
                    "id": "totals",
                    "type": "transform.aggregate",
                    "data": {
                        "config": {
                            "items": "{{ nodes.parse.output.rows }}",
                            "group_by": ["region"],
                            "aggregations": [
                                {"op": "count"},
                                {"op": "sum", "field": "amount", "as": "revenue"},
                            ],
                        }
                    },
                },
            ],
            "edges": [{"source": "parse", "target": "totals"}],
        }
        plan = build_plan(
            graph, NODE_TYPES, workflow_id="bench", workflow_name="csv", version=1, max_parallel=20
        )
        section("run", f"file.parse_csv → transform.aggregate over {rows:,} rows")
        began = time.perf_counter()
        handle = await client.start_workflow(
            GraphWorkflow.run,
            signed_input(get_settings(), RunInput(plan=plan)),
            id=f"bench-csv-{uuid.uuid4().hex}",
            task_queue=queue,
        )
        result = await handle.result()
        seconds = time.perf_counter() - began
        peak = worker.stats()["peak_rss"] / MIB
        result["nodes"] = await handle.query("node_states")  # outputs are not in the result
    finally:
        worker.stop()
    history = await handle.fetch_history()
    output = result["nodes"]["parse"]["output"]
    print(f"\nCSV                 {ref['size'] / MIB:8.1f} MiB, {rows:,} rows")
    print(
        f"rows (JSON blob)    {output['rows']['size'] / MIB:8.1f} MiB, "
        f"row_count {output['row_count']:,}"
    )
    groups = result["nodes"]["totals"]["output"]["items"]
    print(f"aggregate           {len(groups)} groups, {sum(g['count'] for g in groups):,} rows")
    print(f"run time            {seconds:8.1f} s")
    print(f"worker RSS idle     {idle:8.1f} MiB")
    print(f"worker RSS peak     {peak:8.1f} MiB")
    print(
        f"history             {sum(e.ByteSize() for e in history.events):8,d} bytes, "
        f"{len(history.events)} events"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory_csv")
    parser.add_argument("--mb", type=int, default=100, help="CSV size in MiB (default 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sluice-bench-csv-") as folder:
        os.environ["BLOB_DIR"] = str(Path(folder) / "blobs")  # the worker process inherits it
        os.environ["BLOB_BACKEND"] = "local"
        with dev_server() as (address, _pid):
            asyncio.run(measure(address, args.mb, Path(folder)))


if __name__ == "__main__":
    main()
