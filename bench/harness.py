"""What every section shares: the dev server, the HTTP peer, worker processes, statistics."""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from temporalio.client import Client

from core.config import Settings
from core.temporal import connect
from worker.dev_server import free_port, start_dev_server, stop_dev_server

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def dev_server() -> Iterator[tuple[str, int]]:
    """A headless, in-memory Temporal dev server (Sluice's tuning); yields (address, pid)."""
    port = free_port()
    process = start_dev_server(port=port, ui_port=None, db_file=None)
    try:
        yield f"127.0.0.1:{port}", process.pid
    finally:
        stop_dev_server(process)


async def connect_when_healthy(address: str, timeout: float = 30.0) -> Client:
    """A client, retrying while the freshly started server answers "not healthy yet"."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await connect(Settings(temporal_address=address))
        except RuntimeError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


def process_cpu(pid: int) -> float:
    """CPU seconds used so far by process `pid` (Linux /proc; 0.0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Peer(BaseHTTPRequestHandler):
    """Small JSON answers for the typical graph's three GET calls."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else the body waits ~40 ms for a delayed ACK

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        path = self.path.split("?")[0].strip("/").split("/")
        if path[0] == "orders":
            body: dict = {"orders": [{"id": f"o-{i}", "total": 10.5 * i} for i in range(1, 4)]}
        elif path[0] == "customers":
            body = {"id": path[-1], "name": "Ada Lovelace", "tier": "gold"}
        else:
            body = {"order": path[-1], "available": True, "warehouse": "north"}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def http_peer() -> Iterator[str]:
    """A local HTTP server (stdlib, in a thread) answering small JSON; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Peer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class WorkerProcess:
    """A `python -m bench.baseline_worker` subprocess polling `task_queue`."""

    def __init__(self, address: str, task_queue: str) -> None:
        env = {
            **os.environ,
            "TEMPORAL_ADDRESS": address,
            "TEMPORAL_TASK_QUEUE": task_queue,
            # the loopback HTTP peer of the typical graph; Temporal stays refused
            "OUTBOUND_ALLOWED_NETWORKS": "127.0.0.1/32",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.baseline_worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    async def ready(self) -> "WorkerProcess":
        line = await asyncio.to_thread(self._line)
        if line != "ready":
            raise RuntimeError(f"bench worker did not start (said {line!r}); see its stderr")
        return self

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def stats(self) -> dict[str, float]:
        """{"cpu": CPU seconds so far, "rss": bytes now, "peak_rss": bytes at most}."""
        assert self.process.stdin is not None
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        return json.loads(self._line())

    def cpu(self) -> float:
        return self.stats()["cpu"]

    def stop(self) -> None:
        """Close stdin (the worker shuts down gracefully), then wait or kill."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def start_workers(address: str, task_queue: str, count: int) -> list[WorkerProcess]:
    workers = [WorkerProcess(address, task_queue) for _ in range(count)]
    return list(await asyncio.gather(*(w.ready() for w in workers)))


def run_id(kind: str) -> str:
    return f"bench-{kind}-{uuid.uuid4().hex[:12]}"


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


@dataclass
class Context:
    """One bench run: the client, the server, the task queue its workers poll, the peer."""

    client: Client
    address: str
    server_pid: int
    task_queue: str
    base_url: str
    workers: list[WorkerProcess]
    args: argparse.Namespace

    def cpu(self) -> float:
        """CPU seconds used so far by all worker processes together."""
        return sum(w.cpu() for w in self.workers)

    def server_cpu(self) -> float:
        """CPU seconds used so far by the Temporal dev server."""
        return process_cpu(self.server_pid)
