"""The image's entry point and health check, and the Temporal setup script, run for real."""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.temporal import SEARCH_ATTRIBUTES
from tests.deploy.files import ROOT
from worker.dev_server import free_port, temporal_binary, wait_for_port

ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
HEALTHCHECK = ROOT / "deploy" / "healthcheck.py"
TEMPORAL_SETUP = ROOT / "deploy" / "temporal" / "setup.sh"
BIN = str(Path(sys.executable).parent)


def run(*cmd: str | Path, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [str(c) for c in cmd],
        env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", **(env or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_entrypoint_runs_the_migrations(tmp_path):
    database = tmp_path / "app.db"
    done = run("sh", ENTRYPOINT, "migrate", env={"DATABASE_URL": f"sqlite:///{database}"})
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1


def test_entrypoint_explains_itself_and_runs_anything_else():
    usage = run("sh", ENTRYPOINT, "help")
    assert usage.returncode == 0
    for command in ("api", "worker", "migrate", "rotate-keys", "blobs-cleanup"):
        assert f"  {command} " in usage.stdout
    assert run("sh", ENTRYPOINT, "echo", "as given").stdout == "as given\n"


class Answer(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self.send_response(self.status if self.path == "/api/health" else 404)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def api_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_api_health_check_follows_api_health(api_port, monkeypatch):
    env = {"API_PORT": str(api_port)}
    assert run(sys.executable, HEALTHCHECK, "api", env=env).returncode == 0
    monkeypatch.setattr(Answer, "status", 503)
    failed = run(sys.executable, HEALTHCHECK, "api", env=env)
    assert failed.returncode == 1 and "503" in failed.stderr
    closed = run(sys.executable, HEALTHCHECK, "api", env={"API_PORT": str(free_port())})
    assert closed.returncode == 1 and "unreachable" in closed.stderr


def test_worker_health_check_probes_the_metrics_port():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = str(listening.getsockname()[1])
        listens = run(sys.executable, HEALTHCHECK, "worker", env={"WORKER_METRICS_PORT": port})
        assert listens.returncode == 0
    silent = run(sys.executable, HEALTHCHECK, "worker", env={"WORKER_METRICS_PORT": port})
    assert silent.returncode == 1
    off = {"WORKER_METRICS_PORT": port, "METRICS_ENABLED": "false"}
    assert run(sys.executable, HEALTHCHECK, "worker", env=off).returncode == 0
    assert run(sys.executable, HEALTHCHECK, "nonsense").returncode == 2


@pytest.fixture(scope="module")
def bare_temporal() -> Iterator[str]:
    """A dev server with no search attributes registered (unlike the suite's)."""
    port = free_port()
    server = subprocess.Popen(
        [temporal_binary(), "server", "start-dev", "--headless", "--ip", "127.0.0.1",
         "--port", str(port), "--log-level", "error"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port, server, what="Temporal dev server")
        yield f"127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def registered(address: str, namespace: str) -> dict[str, str]:
    listed = run(
        temporal_binary(), "--address", address, "operator", "search-attribute", "list",
        "--namespace", namespace,
    ).stdout  # fmt: skip
    rows = (line.split() for line in listed.splitlines())
    return {row[0]: row[1] for row in rows if len(row) == 2 and row[0] in SEARCH_ATTRIBUTES}


@pytest.mark.parametrize("namespace", ["default", "sluice-deploy-test"])
def test_temporal_setup_registers_search_attributes_once(bare_temporal, namespace):
    attributes = [f"{name}={kind}" for name, kind in SEARCH_ATTRIBUTES.items()]
    env = {"TEMPORAL_ADDRESS": bare_temporal, "TEMPORAL_NAMESPACE": namespace}
    first = run("sh", TEMPORAL_SETUP, *attributes, env=env, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    assert registered(bare_temporal, namespace) == SEARCH_ATTRIBUTES
    again = run("sh", TEMPORAL_SETUP, *attributes, env=env, timeout=120)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("already registered") == len(SEARCH_ATTRIBUTES)
    described = run(
        temporal_binary(), "--address", bare_temporal, "operator", "namespace", "describe",
        "--namespace", namespace,
    ).stdout  # fmt: skip
    assert "72h" in described
