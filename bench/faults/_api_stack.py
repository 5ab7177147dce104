"""The chaos stack with the app database behind a TCP proxy that a scenario can take down."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.harness import http_peer
from worker.dev_server import free_port

from ._stack import SmtpPeer, Stack, _database, _env, say
from ._tcp_proxy import TcpProxy


def _through(database_url: str, proxy: TcpProxy) -> str:
    url = make_url(database_url)
    return url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


@contextmanager
def proxied_stack(
    workers: int, env: dict[str, str] | None = None
) -> Iterator[tuple[Stack, TcpProxy]]:
    """Dev server, API and workers whose DATABASE_URL goes through the proxy; `env` adds
    settings. Everything is stopped and the database dropped when the block ends."""
    with (
        tempfile.TemporaryDirectory(prefix="sluice-chaos-") as tmp,
        http_peer() as http_url,
        SmtpPeer() as smtp,
        _database() as database_url,
    ):
        target = make_url(database_url).port or 5432
        with TcpProxy(target) as proxy:
            folder = Path(tmp)
            temporal_port, api_port = free_port(), free_port()
            settings = _env(folder, temporal_port, api_port, _through(database_url, proxy))
            running = Stack(
                folder, {**settings, **(env or {})}, temporal_port, api_port, http_url, smtp
            )
            try:
                say(f"starting the stack in {folder} (app DB via proxy :{proxy.port}) ...")
                running.start_temporal()
                running.start_api()
                running.add_workers(workers)
                say(f"stack up: Temporal :{temporal_port}, API :{api_port}, {workers} worker(s)")
                yield running, proxy
            finally:
                running.stop()
