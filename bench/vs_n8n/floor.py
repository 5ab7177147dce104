"""Temporal alone: the floor under any design that makes every delivery a Temporal run.

A hand-written workflow that answers its input, with none of Sluice's code (no API, no DB,
no codec, no graph), driven straight through the Temporal client on the bench's own dev
server: by update-with-start, as Sluice answers when done, and by an eager start on a worker
in this process, then its result, as with API_EAGER_WORKFLOWS. Its queue is its own, so
Sluice's worker takes none of its tasks. The first way's worker is a process of its own
(`bench/vs_n8n/echo.py`), as Sluice's is.
"""

import asyncio
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from functools import partial

from temporalio.client import Client, WithStartWorkflowOperation
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.worker import Worker

from bench.harness import ROOT, process_cpu

from .echo import Echo
from .load import Figures, one_by_one, side_by_side

QUEUE = "bench-floor"
WAYS = ("update-with-start", "eager start")


@dataclass
class Floor:
    """One way's figures: 1 client, `clients` clients, and the CPU of the phase's processes."""

    single: Figures
    many: Figures
    cpu: dict[str, float]


async def _one(client: Client, way: str, n: int) -> float | None:
    name = f"r{n}"
    started = time.perf_counter()
    temporal_id = f"floor-{uuid.uuid4()}"
    if way == "eager start":
        handle = await client.start_workflow(
            Echo.run, {"name": name}, id=temporal_id, task_queue=QUEUE, request_eager_start=True
        )
        answer = await handle.result()
    else:
        start = WithStartWorkflowOperation(
            Echo.run,
            {"name": name},
            id=temporal_id,
            task_queue=QUEUE,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        )
        answer = await client.execute_update_with_start_workflow(
            Echo.answer, start_workflow_operation=start
        )
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed if answer == {"value": name} else None


async def measure(
    address: str,
    server_pid: int,
    way: str,
    *,
    requests: int,
    warmup: int,
    clients: int,
    seconds: float,
) -> Floor:
    """The figures of one way; its worker runs only for the phase."""
    client = await Client.connect(address)
    process = None
    local = None
    if way == "eager start":  # eager start needs the worker on the starting client
        local = Worker(client, task_queue=QUEUE, workflows=[Echo])
        running = asyncio.create_task(local.run())
    else:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.vs_n8n.echo", address, QUEUE],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        assert process.stdout is not None
        if process.stdout.readline().strip() != b"ready":
            raise RuntimeError("the floor's worker did not start")
    try:
        attempt = partial(_one, client, way)
        single = await one_by_one(attempt, requests, warmup)
        pids = {"temporal": server_pid, "client": os.getpid()}
        if process is not None:
            pids["worker"] = process.pid
        before = {name: process_cpu(pid) for name, pid in pids.items()}
        many = await side_by_side(attempt, clients, seconds)
        cpu = {name: process_cpu(pid) - before[name] for name, pid in pids.items()}
    finally:
        if local is not None:
            await local.shutdown()
            await running
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
    return Floor(single, many, cpu)
