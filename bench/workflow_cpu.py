"""Workflow-code CPU per run: replaying recorded histories, with no server and no activities.

Isolates what the interpreter itself costs a worker (sandbox, payload conversion, graph
bookkeeping, expressions) from activity work and from the machine's scheduling noise.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from statistics import median
from typing import Any

from temporalio.worker import Replayer

from .baseline_worker import WORKFLOWS, workflow_runner
from .harness import Context
from .report import Progress, Row
from .workloads import SIDES, alternate, workloads


async def measure(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    replays = ctx.args.replays
    with ThreadPoolExecutor(1) as executor:
        replayer = Replayer(
            workflows=WORKFLOWS,
            workflow_runner=workflow_runner(),
            workflow_task_executor=executor,
            data_converter=ctx.client.data_converter,  # Sluice's, so encrypted payloads open
        )
        for load in workloads(ctx):
            histories: dict[str, Any] = {}
            for side in SIDES:
                handle = await load.start(side)
                await handle.result()
                histories[side] = await handle.fetch_history()
                await replayer.replay_workflow(histories[side])  # warm
            cpu: dict[str, list[float]] = {side: [] for side in SIDES}
            progress = Progress("replay", load.name, replays)
            for i in range(replays):
                for side in alternate(i):
                    before = time.process_time()
                    await replayer.replay_workflow(histories[side])
                    cpu[side].append((time.process_time() - before) * 1000)
                progress.step(i + 1)
            rows.append(
                Row(
                    f"workflow-code CPU/run (replay, median), {load.name}",
                    median(cpu["sluice"]),
                    median(cpu["baseline"]),
                    "ms",
                )
            )
    return rows
