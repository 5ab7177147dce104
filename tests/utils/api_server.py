"""The real API served by uvicorn on a free port in a background thread."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from api.main import create_app
from core.config import Settings
from worker.dev_server import free_port, wait_for_port


@contextmanager
def served_api(settings: Settings) -> Iterator[str]:
    """Serve `create_app(settings)` on 127.0.0.1 until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(port, what="the API")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
