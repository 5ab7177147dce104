"""`python -m bench.baseline_worker`: one Sluice worker that also runs the baseline workflows.

Takes the configuration of Sluice's own worker (worker.build_worker: activities, HTTP pool,
credentials, concurrency limits, sandbox) and adds bench.baseline's workflows beside
GraphWorkflow on the same task queue (TEMPORAL_ADDRESS / TEMPORAL_TASK_QUEUE, via Settings).

Talks to the bench over stdin/stdout: prints `ready` once polling; answers each `stats`
line with JSON `{"cpu": seconds, "rss": bytes, "peak_rss": bytes}`; stops when stdin closes.
"""

import asyncio
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from functools import partial

from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from core.config import get_settings
from core.temporal import connect
from interpreter import GraphWorkflow
from worker import build_worker
from worker import workflow_runner as sluice_runner

from .baseline import BASELINE_WORKFLOWS

WORKFLOWS = [GraphWorkflow, *BASELINE_WORKFLOWS]


def workflow_runner() -> SandboxedWorkflowRunner:
    """worker.workflow_runner, also passing bench.baseline through (like interpreter)."""
    restrictions = sluice_runner().restrictions.with_passthrough_modules("bench")
    return SandboxedWorkflowRunner(restrictions=restrictions)


def stats() -> dict[str, float]:
    """CPU seconds of this process (all threads, Temporal's Rust core included) and RSS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        with open("/proc/self/statm") as statm:
            rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        rss = peak
    return {"cpu": time.process_time(), "rss": rss, "peak_rss": peak}


def answer_stats(stop: Callable[[], object]) -> None:
    for line in sys.stdin:
        if line.strip() == "stats":
            print(json.dumps(stats()), flush=True)
    stop()


async def main() -> None:
    settings = get_settings()
    client = await connect(settings)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Sluice's own worker, as `python -m worker` builds it but never run, on a spare task
    # queue (a client refuses two workers on one queue); this one copies its activities,
    # limits and options, and adds the baseline workflows and their sandbox passthrough.
    template = settings.model_copy(update={"temporal_task_queue": "bench-template-unused"})
    async with build_worker(client, template) as sluice:
        config = sluice.config()
        config["task_queue"] = settings.temporal_task_queue
        config["workflows"] = [*config["workflows"], *BASELINE_WORKFLOWS]
        config["workflow_runner"] = workflow_runner()
        async with Worker(**config):
            print("ready", flush=True)
            stop = partial(loop.call_soon_threadsafe, stopped.set)
            threading.Thread(target=answer_stats, args=(stop,), daemon=True).start()
            await stopped.wait()


if __name__ == "__main__":
    asyncio.run(main())
