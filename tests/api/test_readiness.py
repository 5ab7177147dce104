"""Readiness flips when PostgreSQL or Temporal stops, and flips back when they return."""

import asyncio
import contextlib
import socket
import threading
import uuid
from collections.abc import AsyncIterator

from api.main import create_app
from tests.utils.accounts import sign_up
from tests.utils.api import create_workflow, simple_graph
from tests.utils.asgi import serve
from worker.dev_server import free_port, start_dev_server, stop_dev_server


class TcpProxy:
    """A loopback TCP proxy in threads, which we stop and start: PostgreSQL 'goes away' for
    the app only. Threads, because the app's database calls block its event loop."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []

    async def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    async def stop(self) -> None:
        assert self.listener is not None
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.close()


async def ready(http) -> tuple[int, dict]:
    response = await http.get("/api/ready")
    return response.status_code, response.json()


async def until(http, status: int, timeout: float = 30) -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        code, body = await ready(http)
        if code == status:
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"readiness stayed {code}: {body}")
        await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def proxied_database(settings) -> AsyncIterator[tuple[TcpProxy, str]]:
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    await proxy.start()
    try:
        yield (
            proxy,
            url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
        )
    finally:
        with contextlib.suppress(Exception):
            await proxy.stop()


def assert_names_no_address(text: str, port: int, address: str) -> None:
    """A 503 answer says what is down, never where it lives."""
    for secret in (str(port), address, "127.0.0.1", "localhost", "postgresql"):
        assert secret not in text, f"{secret!r} in {text!r}"


async def test_readiness_follows_postgresql(settings):
    async with proxied_database(settings) as (proxy, url):
        variant = settings.model_copy(
            update={"database_url": url, "run_recorder_interval_seconds": 0}
        )
        async with serve(create_app(variant)) as http:
            assert (await until(http, 200))["database"] == "ok"
            signed_in = await sign_up(http)
            await proxy.stop()
            body = await until(http, 503)
            assert body["database"].startswith("unreachable") and body["temporal"] == "ok"
            assert_names_no_address(str(body), proxy.port, url)
            answer = await http.get("/api/workflows", headers=signed_in)
            assert answer.status_code == 503, answer.text
            assert "database did not answer" in answer.json()["detail"]
            assert_names_no_address(answer.text, proxy.port, url)
            await proxy.start()
            assert (await until(http, 200))["database"] == "ok"


async def test_readiness_follows_temporal(settings, tmp_path):
    port = free_port()
    server = start_dev_server(port=port, ui_port=None, db_file=tmp_path / "t.db")
    variant = settings.model_copy(
        update={
            "temporal_address": f"127.0.0.1:{port}",
            "run_recorder_interval_seconds": 0,
            "temporal_task_queue": f"ready-{uuid.uuid4().hex[:6]}",
        }
    )
    try:
        async with serve(create_app(variant)) as http:
            assert (await until(http, 200))["temporal"] == "ok"
            http.headers.update(await sign_up(http))
            workflow = await create_workflow(http, simple_graph())
            stop_dev_server(server)
            body = await until(http, 503)
            assert body["temporal"].startswith("unreachable") and body["database"] == "ok"
            assert_names_no_address(str(body), port, variant.temporal_address)
            answer = await http.post(f"/api/workflows/{workflow['id']}/runs", json={"inputs": {}})
            assert answer.status_code == 503, answer.text
            assert "Temporal did not answer" in answer.json()["detail"]
            assert_names_no_address(answer.text, port, variant.temporal_address)
            server = start_dev_server(port=port, ui_port=None, db_file=tmp_path / "t.db")
            assert (await until(http, 200, timeout=60))["temporal"] == "ok"
    finally:
        stop_dev_server(server)


async def test_redis_down_answers_503_without_its_address(settings):
    port = free_port()  # nothing listens there
    variant = settings.model_copy(
        update={"redis_url": f"redis://127.0.0.1:{port}/0", "run_recorder_interval_seconds": 0}
    )
    async with serve(create_app(variant)) as http:
        code, body = await ready(http)
        assert code == 503 and body["redis"].startswith("unreachable")
        assert_names_no_address(str(body), port, variant.redis_url or "")
        answer = await http.post(
            "/api/auth/login", json={"email": "a@example.com", "password": "x"}
        )
        assert answer.status_code == 503, answer.text
        assert "Redis did not answer" in answer.json()["detail"]
        assert_names_no_address(answer.text, port, variant.redis_url or "")
