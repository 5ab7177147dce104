"""One chaos stack on loopback: a dev server on a DB file, the API, N workers, SMTP and HTTP
peers, a fresh PostgreSQL database; with SIGKILL and restart for each process."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import httpx
import psycopg
from aiosmtpd.controller import Controller

from bench.harness import http_peer
from worker.dev_server import free_port, start_dev_server, stop_dev_server, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse 42"


class Deadline:
    """A scenario's time budget: `check()` raises naming the step once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self, step: str) -> None:
        if self.left() <= 0:
            raise TimeoutError(f"deadline of {self.seconds:.0f} s passed while {step}")


def say(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


class SmtpPeer:
    """An aiosmtpd server (own thread) counting accepted messages by Message-ID and subject."""

    def __init__(self) -> None:
        self.by_message_id: Counter[str] = Counter()
        self.by_subject: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        message = message_from_bytes(envelope.original_content or b"", policy=policy.default)  # type: ignore[attr-defined]
        with self._lock:
            self.by_message_id[str(message["Message-ID"])] += 1
            self.by_subject[str(message["Subject"])] += 1
        return "250 Message accepted"

    def duplicates(self) -> int:
        """Copies beyond the first, over all Message-IDs."""
        with self._lock:
            return sum(n - 1 for n in self.by_message_id.values())

    def __enter__(self) -> "SmtpPeer":
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()


@dataclass
class Worker:
    """One `python -m worker` subprocess; stdout and stderr go to `log`."""

    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    kills: int = 0
    exits: int = 0
    """Times the process was found dead without having been killed (a crash of its own)."""

    def start(self) -> "Worker":
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "worker"], cwd=ROOT, env=self.env, stdout=out, stderr=out
            )
        self._mark = self.log.stat().st_size
        return self

    def polling(self) -> bool:
        """Whether it said 'worker polling' since it was last started."""
        with open(self.log, "rb") as log:
            log.seek(self._mark)
            return self.alive() and b"worker polling" in log.read()

    def ready(self, timeout: float = 60) -> None:
        """Wait for a new 'worker polling' line in the log."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.polling():
                return
            assert self.process is not None
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{tail}")
            time.sleep(0.1)
        raise RuntimeError(f"worker did not start within {timeout:.0f} s; see {self.log}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to Temporal."""
        if self.process is not None and self.process.poll() is not None:
            self.exits += 1
        if self.alive():
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.kills += 1

    def stop(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Stack:
    """The running processes and how to reach them."""

    folder: Path
    env: dict[str, str]
    temporal_port: int
    api_port: int
    http_url: str
    smtp: SmtpPeer
    temporal: subprocess.Popen[bytes] | None = None
    api: subprocess.Popen[bytes] | None = None
    workers: list[Worker] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def temporal_address(self) -> str:
        return f"127.0.0.1:{self.temporal_port}"

    def start_temporal(self) -> None:
        """Start (again) on the same port and the same DB file."""
        self.temporal = start_dev_server(
            port=self.temporal_port,
            ui_port=None,
            db_file=self.folder / "temporal.db",
            log=self.folder / "temporal.log",
        )

    def kill_temporal(self) -> None:
        if self.temporal is not None:
            stop_dev_server(self.temporal, kill=True)
            self.temporal = None

    def start_api(self) -> None:
        with open(self.folder / "api.log", "ab") as out:
            self.api = subprocess.Popen(
                [sys.executable, "-m", "api"], cwd=ROOT, env=self.env, stdout=out, stderr=out
            )
        wait_for_port(self.api_port, self.api, what="the API", timeout=120)  # type: ignore[arg-type]

    def kill_api(self) -> None:
        if self.api is not None and self.api.poll() is None:
            self.api.send_signal(signal.SIGKILL)
            self.api.wait(timeout=10)
        self.api = None

    def add_workers(self, count: int) -> None:
        start = len(self.workers)
        new = [
            Worker(self.env, self.folder / f"worker{start + i}.log").start() for i in range(count)
        ]
        for worker in new:
            worker.ready()
        self.workers += new

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        if self.api is not None and self.api.poll() is None:
            self.api.terminate()
            try:
                self.api.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.api.kill()
                self.api.wait()
        if self.temporal is not None:
            with contextlib.suppress(Exception):
                stop_dev_server(self.temporal)


@contextmanager
def _database() -> Iterator[str]:
    name = f"sluice_chaos_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+psycopg://"
        )
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(folder: Path, temporal_port: int, api_port: int, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "ENVIRONMENT": "test",  # the default secret key is fine on loopback
        "DATABASE_URL": database_url,
        "TEMPORAL_ADDRESS": f"127.0.0.1:{temporal_port}",
        "TEMPORAL_TASK_QUEUE": "sluice-chaos",
        "API_PORT": str(api_port),
        "PUBLIC_URL": f"http://127.0.0.1:{api_port}",
        "API_METRICS_PORT": "0",
        "WORKER_METRICS_PORT": "0",
        "WORKER_SDK_METRICS_PORT": "0",
        "LOG_LEVEL": "WARNING",
        "BCRYPT_ROUNDS": "4",
        "WEBHOOK_RATE_LIMIT": "10000000/minute",
        "RUN_START_RATE_LIMIT": "10000000/minute",
        "LOGIN_RATE_LIMIT": "10000/minute",
        # the local SMTP and HTTP peers; nodes reach nothing else
        "OUTBOUND_ALLOWED_NETWORKS": "127.0.0.1/32",
        "BLOB_DIR": str(folder / "blobs"),
    }


@contextmanager
def stack(workers: int) -> Iterator[Stack]:
    """Everything started; stopped (and the database dropped) when the block ends."""
    with (
        tempfile.TemporaryDirectory(prefix="sluice-chaos-") as tmp,
        http_peer() as http_url,
        SmtpPeer() as smtp,
        _database() as database_url,
    ):
        folder = Path(tmp)
        temporal_port, api_port = free_port(), free_port()
        env = _env(folder, temporal_port, api_port, database_url)
        running = Stack(folder, env, temporal_port, api_port, http_url, smtp)
        try:
            say(f"starting the stack in {folder} ...")
            running.start_temporal()
            running.start_api()
            running.add_workers(workers)
            say(f"stack up: Temporal :{temporal_port}, API :{api_port}, {workers} worker(s)")
            yield running
        finally:
            running.stop()


async def signed_in(api_url: str) -> httpx.AsyncClient:
    """An API client of a fresh account (the caller closes it)."""
    http = httpx.AsyncClient(base_url=api_url, timeout=30)
    email = f"chaos-{uuid.uuid4().hex[:8]}@example.com"
    created = await http.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    created.raise_for_status()
    login = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    return http
