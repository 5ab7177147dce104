"""A scriptable HTTP peer on loopback: each path answers from a script and every call is recorded.

Runs the stdlib `ThreadingHTTPServer` in a thread, so the test's event loop (and the in-process
Temporal worker on it) keeps running while a request is held or slowed down.
"""

import asyncio
import json
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass(frozen=True)
class Reply:
    """One scripted answer; the waits (delay, hold, barrier) stop early if the client hangs up."""

    status: int = 200
    json: Any = None
    """JSON body; sets Content-Type: application/json."""
    text: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (a slow peer)."""
    hold: bool = False
    """Wait until `release()` or the client disconnects (at most `hold_limit` seconds)."""
    hold_limit: float = 30.0
    barrier: int = 0
    """Wait until this many requests are in flight at once (proves concurrency); 504 if not."""
    echo: bool = False
    """Answer with the recorded request as JSON."""
    content: bytes | None = None
    """Raw body bytes (e.g. gzip), sent as they are; overrides `text`."""


@dataclass
class Request:
    """One call the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    client_port: int
    started: float
    finished: float | None = None
    disconnected: bool = False
    """The client hung up before the answer (cancelled, timed out or killed)."""

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode())

    def describe(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body.decode(errors="replace"),
        }


class ScriptedServer:
    """Answers each path from its script: replies are used in order, the last one repeats."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._scripts: dict[str, list[Reply]] = {}
        self._requests: list[Request] = []
        self._in_flight = 0
        self.max_in_flight = 0
        """Highest number of requests being answered at the same moment."""
        self._changed = threading.Condition()
        self._released: set[str] = set()
        self._http = ThreadingHTTPServer((host, 0), _handler_for(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def script(self, path: str, *replies: Reply) -> str:
        """Set how `path` answers; returns its URL."""
        self._scripts[path] = list(replies)
        return self.url(path)

    def release(self, path: str) -> None:
        """Let held requests to `path` answer."""
        with self._changed:
            self._released.add(path)
            self._changed.notify_all()

    def requests(self, path: str | None = None) -> list[Request]:
        with self._changed:
            return [r for r in self._requests if path is None or r.path == path]

    async def wait_for(
        self, path: str, count: int = 1, *, timeout: float = 15.0, disconnected: bool = False
    ) -> Request:
        """The `count`-th call to `path` (optionally once its client hung up), without
        blocking the event loop."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.requests(path)
            if len(calls) >= count and (calls[count - 1].disconnected or not disconnected):
                return calls[count - 1]
            await asyncio.sleep(0.02)
        raise AssertionError(f"{path}: call {count} not seen within {timeout}s: {calls}")

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._released.update(self._scripts)
            self._changed.notify_all()
        self._http.shutdown()
        self._http.server_close()

    def _next_reply(self, path: str) -> Reply:
        with self._changed:
            script = self._scripts.get(path)
            if not script:
                return Reply(404, json={"error": f"{path} is not scripted"})
            return script.pop(0) if len(script) > 1 else script[0]

    def _begin(self, request: Request) -> None:
        with self._changed:
            self._requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self._changed.notify_all()

    def _end(self, request: Request, *, disconnected: bool) -> None:
        with self._changed:
            self._in_flight -= 1
            request.finished = time.monotonic()
            request.disconnected = disconnected  # last: waiters then see `finished` set too
            self._changed.notify_all()

    def _wait(self, connection: socket.socket, until: Callable[[], bool], limit: float) -> bool:
        """Wait until `until()` or `limit` seconds; False if the client hung up meanwhile."""
        deadline = time.monotonic() + limit
        while not until() and time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.02)
            if readable and _hung_up(connection):
                return False
            with self._changed:
                self._changed.wait(0.01)
        return True

    def _barrier_reached(self, count: int) -> bool:
        # The peak, not the current count: the first to pass may finish before the last looks.
        with self._changed:
            return self.max_in_flight >= count

    def _is_released(self, path: str) -> bool:
        with self._changed:
            return path in self._released


def _hung_up(connection: socket.socket) -> bool:
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - stdlib naming
            self._answer()

        do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET  # noqa: N815

        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
                client_port=self.client_address[1],
                started=time.monotonic(),
            )
            server._begin(request)
            answered = False
            try:
                reply = server._next_reply(parts.path)
                if self._wait_for(reply, parts.path):
                    self._send(reply, request)
                    answered = True
                else:
                    self.close_connection = True
            finally:
                server._end(request, disconnected=not answered)

        def _wait_for(self, reply: Reply, path: str) -> bool:
            conn = self.connection
            if reply.delay and not server._wait(conn, lambda: False, reply.delay):
                return False
            if reply.hold and not server._wait(
                conn, lambda: server._is_released(path), reply.hold_limit
            ):
                return False
            if reply.barrier:
                return server._wait(conn, lambda: server._barrier_reached(reply.barrier), 10)
            return True

        def _send(self, reply: Reply, request: Request) -> None:
            status, headers = reply.status, dict(reply.headers)
            if reply.barrier and not server._barrier_reached(reply.barrier):
                status, payload = 504, b'{"error": "barrier not reached"}'
                headers["Content-Type"] = "application/json"
            elif reply.echo or reply.json is not None:
                payload = json.dumps(request.describe() if reply.echo else reply.json).encode()
                headers["Content-Type"] = "application/json"
            elif reply.content is not None:
                payload = reply.content
            else:
                payload = reply.text.encode()
                headers.setdefault("Content-Type", "text/plain; charset=utf-8")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def http_server() -> Iterator[ScriptedServer]:
    """A fresh scripted HTTP peer for one test."""
    with ScriptedServer() as server:
        yield server
