"""Sluice for the comparison: its own dev server, a fresh PostgreSQL database, the API
(`python -m api`) and worker(s) (`python -m worker`) as they run in production."""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from worker.dev_server import free_port, start_dev_server, stop_dev_server, wait_for_port

from .workflows import NAMES, sluice_graph

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
VARIANTS = ("respond", "ack")
PASSWORD = "correct horse 42"


@dataclass
class Sluice:
    """A running stack: the API's base URL, the hook URL per (workflow, variant), pids."""

    url: str
    temporal_address: str
    processes: dict[str, subprocess.Popen[bytes]]
    hooks: dict[tuple[str, str], str] = field(default_factory=dict)

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes.values()]


@contextmanager
def _database() -> Iterator[str]:
    name = f"sluice_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+psycopg://"
        )
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(temporal: str, database_url: str, api_port: int, peer_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "ENVIRONMENT": "test",  # the default secret key is fine on loopback
        "DATABASE_URL": database_url,
        "TEMPORAL_ADDRESS": temporal,
        "TEMPORAL_TASK_QUEUE": "sluice-bench",
        "API_PORT": str(api_port),
        "PUBLIC_URL": f"http://127.0.0.1:{api_port}",
        "API_METRICS_PORT": "0",  # other processes on this host may hold the defaults
        "WORKER_METRICS_PORT": "0",
        "WORKER_SDK_METRICS_PORT": "0",
        "LOG_LEVEL": "WARNING",
        "BCRYPT_ROUNDS": "4",
        # the bench is one workspace sending hundreds of deliveries a second
        "WEBHOOK_RATE_LIMIT": "10000000/minute",
        "RUN_START_RATE_LIMIT": "10000000/minute",
        "LOGIN_RATE_LIMIT": "10000/minute",
        # the HTTP peer only, by exact host:port
        "OUTBOUND_ALLOWED_NETWORKS": peer_url.removeprefix("http://"),
        "BLOB_DIR": str(ROOT / ".data" / "bench-blobs"),
    }


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(
    peer_url: str, workers: int = 1, extra_env: dict[str, str] | None = None
) -> Iterator[Sluice]:
    """The stack with each bench workflow created twice (respond and ack variants). The dev
    server keeps its state in a SQLite file, as `make run`'s does: an accepted delivery
    survives a server restart (n8n keeps its executions in SQLite too)."""
    temporal_port, api_port = free_port(), free_port()
    state = Path(tempfile.mkdtemp(prefix="sluice-bench-temporal-"))
    server = start_dev_server(port=temporal_port, ui_port=None, db_file=state / "temporal.db")
    processes: dict[str, subprocess.Popen[bytes]] = {"temporal": server}
    try:
        with _database() as database_url:
            env = {**_env(f"127.0.0.1:{temporal_port}", database_url, api_port, peer_url),
                   **(extra_env or {})}  # fmt: skip
            api = subprocess.Popen([sys.executable, "-m", "api"], cwd=ROOT, env=env)
            processes["api"] = api
            wait_for_port(api_port, api, what="the API", timeout=120)
            for index in range(workers):
                processes[f"worker{index}"] = subprocess.Popen(
                    [sys.executable, "-m", "worker"], cwd=ROOT, env=env
                )
            sluice = Sluice(f"http://127.0.0.1:{api_port}", f"127.0.0.1:{temporal_port}", processes)
            try:
                _set_up(sluice, peer_url)
                yield sluice
            finally:
                for name, process in reversed(processes.items()):
                    if name != "temporal":
                        _stop(process)
    finally:
        with suppress(Exception):
            stop_dev_server(server)
        shutil.rmtree(state, ignore_errors=True)


def _set_up(sluice: Sluice, peer_url: str) -> None:
    """Sign up, create the workflows, and check one delivery of each answers."""
    with httpx.Client(base_url=sluice.url, timeout=60) as http:
        email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
        http.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD}
        ).raise_for_status()
        login = http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        login.raise_for_status()
        http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        for name in NAMES:
            for variant in VARIANTS:
                graph = sluice_graph(name, peer_url, respond=variant == "respond")
                created = http.post(
                    "/api/workflows", json={"name": f"bench-{name}-{variant}", "graph": graph}
                )
                if created.status_code != 201:
                    raise RuntimeError(f"creating {name}/{variant}: {created.text}")
                triggers = http.get(f"/api/workflows/{created.json()['id']}/triggers")
                triggers.raise_for_status()
                [trigger] = triggers.json()["data"]
                sluice.hooks[(name, variant)] = trigger["url"]
                # the first respond delivery waits (up to 30 s) for the worker to come up
                answer = http.post(trigger["url"], json={"name": "probe"})
                want = 200 if variant == "respond" else 202
                if answer.status_code != want:
                    raise RuntimeError(f"{name}/{variant}: {answer.status_code} {answer.text}")


async def drained(client, timeout: float = 300) -> float:  # type: ignore[no-untyped-def]
    """Seconds until no workflow is running on the bench's dev server (visibility)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        running = await client.count_workflows("ExecutionStatus = 'Running'")
        if running.count == 0:
            break
        await asyncio.sleep(0.2)
    return time.monotonic() - started
