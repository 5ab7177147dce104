"""`python -m worker` as real subprocesses, for tests that kill a worker mid-run."""

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from core.config import Settings

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """One worker process polling `settings.temporal_task_queue`; stderr goes to `log`."""

    def __init__(self, settings: Settings, log: Path) -> None:
        env = {**os.environ, **_as_environment(settings)}
        self.log = log
        with open(log, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "worker"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    async def ready(self, timeout: float = 30) -> None:
        """Wait for the worker's 'polling' line."""
        assert self.process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(self.process.stdout.readline), timeout)
        if "worker polling" not in line:
            raise AssertionError(
                f"worker {self.pid} did not start: {line!r}\n{self.log.read_text()}"
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to Temporal, sockets dropped by the kernel."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop gracefully if still running, else make sure it is gone."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def owns_local_port(self, port: int) -> bool:
        """Whether one of this process's TCP sockets is bound to local `port` (Linux /proc)."""
        inodes = _socket_inodes(self.pid)
        return any(inode in inodes for inode in _inodes_with_local_port(port))


def _as_environment(settings: Settings) -> dict[str, str]:
    """Every setting as the variable pydantic-settings reads (complex values as JSON)."""
    env = {}
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            env[name.upper()] = value if isinstance(value, str) else json.dumps(value)
    return env


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _inodes_with_local_port(port: int) -> list[str]:
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    found.append(fields[9])
    return found
