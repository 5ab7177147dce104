"""Reading an HTTP response body within a byte budget, counted on the wire and decoded."""

import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from .._runtime import NodeError

DECODED_CHUNK = 64 * 1024
"""Decompression yields at most this much at a time, so a bomb stops at the limit."""
ACCEPT_ENCODING = "gzip, deflate"
"""What we ask for: the encodings decoded here with a bounded output."""


@dataclass
class HttpAnswer:
    """A response read within limits: the decoded bytes, or a blob reference when stored."""

    status_code: int
    reason_phrase: str
    headers: httpx.Headers
    url: str
    content: bytes = b""
    blob: dict[str, Any] | None = None
    wire_bytes: int = 0
    truncated: bool = False
    history: list[str] = field(default_factory=list)
    """The URLs redirected through before this answer."""

    @property
    def is_redirect(self) -> bool:
        return self.status_code in (301, 302, 303, 307, 308) and "location" in self.headers

    @property
    def text(self) -> str:
        plain = httpx.Response(200, headers=self._plain_headers(), content=self.content)
        return plain.text

    def json(self) -> Any:
        return httpx.Response(200, headers=self._plain_headers(), content=self.content).json()

    def _plain_headers(self) -> dict[str, str]:
        return {"content-type": self.headers.get("content-type", "text/plain")}


class TooLarge(Exception):
    """The body passed the limit; `counted` says how (as sent or decompressed)."""

    def __init__(self, counted: str) -> None:
        super().__init__(counted)
        self.counted = counted


class _Decoder:
    """gzip / deflate / identity with a bounded output per step."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self.inflater: Any = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self.inflater = zlib.decompressobj(zlib.MAX_WBITS)
            self.first = True
        elif encoding in ("", "identity"):
            self.inflater = None
        else:
            raise NodeError(
                f"the response uses Content-Encoding {encoding!r}; only gzip and deflate are "
                "decoded (the request asked for those)",
                retryable=False,
            )

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            yield data
            return
        pending = data
        while pending and not self.inflater.eof:
            try:
                out = self.inflater.decompress(pending, DECODED_CHUNK)
            except zlib.error:
                if self.encoding != "deflate" or not getattr(self, "first", False):
                    raise
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no header
                self.first = False
                continue
            self.first = False
            pending = self.inflater.unconsumed_tail
            if out:
                yield out

    def flush(self) -> bytes:
        return self.inflater.flush() if self.inflater is not None else b""


async def decoded_chunks(
    response: httpx.Response, limit: int, counts: dict[str, int]
) -> AsyncIterator[bytes]:
    """The decoded body a chunk at a time; TooLarge once more than `limit` bytes arrived
    on the wire or came out of decompression. `counts` tracks both."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    decoder = _Decoder(encoding)
    try:
        async for raw in response.aiter_raw():
            counts["wire"] += len(raw)
            if counts["wire"] > limit:
                raise TooLarge("as sent (compressed)")
            for out in decoder.feed(raw):
                counts["decoded"] += len(out)
                if counts["decoded"] > limit:
                    raise TooLarge("after decompression")
                yield out
        tail = decoder.flush()
    except zlib.error as exc:
        raise NodeError(
            f"the response's {encoding} body is corrupt: {exc}", retryable=False
        ) from exc
    counts["decoded"] += len(tail)
    if counts["decoded"] > limit:
        raise TooLarge("after decompression")
    if tail:
        yield tail
