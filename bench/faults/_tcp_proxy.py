"""A TCP proxy on loopback (own thread and event loop) that can be taken down and brought back:
down, it refuses new connections and cuts the open ones, as a database outage does."""

import asyncio
import contextlib
import threading

from worker.dev_server import free_port

CHUNK = 64 * 1024


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target_host`:`target_port` while up."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self.connections = 0
        """Connections accepted since the proxy was made."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    def __enter__(self) -> "TcpProxy":
        self._thread.start()
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    @property
    def up(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        """Listen again on the same port."""
        self._call(self._start())

    def stop(self) -> int:
        """Refuse new connections and cut the open ones; answers how many were cut."""
        return self._call(self._stop())

    def _call(self, coroutine):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._serve, "127.0.0.1", self.port, reuse_address=True
            )

    async def _stop(self) -> int:
        if self._server is not None:
            self._server.close()
            self._server = None
        cut = len(self._open) // 2
        for writer in list(self._open):
            writer.transport.abort()  # an RST, not a polite FIN: the peer sees a broken link
        self._open.clear()
        return cut

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        if self._server is None:  # taken down while this one was connecting
            writer.transport.abort()
            up_writer.transport.abort()
            return
        self.connections += 1
        self._open |= {writer, up_writer}
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        self._open -= {writer, up_writer}


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy until EOF or a cut; then close the other side too."""
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError, RuntimeError):
        writer.close()
