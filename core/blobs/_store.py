"""The blob store contract, its errors and the reference shape nodes pass around."""

import abc
import asyncio
import json
import mimetypes
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from ..node_errors import NodeError

CHUNK_BYTES = 1024 * 1024
"""Reads and writes move this much at a time, so no blob is ever held whole."""

MAX_JSON_BLOB_BYTES = 256 * 1024 * 1024
"""A claim-checked JSON value is read whole to be parsed: at most this much of it."""

BLOB_ID = re.compile(r"^[0-9a-f]{32}$")


class BlobNotFound(NodeError):
    """No such blob in this workspace (never written, deleted, or another workspace's)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False)


class BlobUnavailable(NodeError):
    """The store could not be read or written just now; a retry may succeed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=True)


def is_blob_ref(value: Any) -> bool:
    """Whether `value` is a reference `{"$blob": id, "name", "size", "content_type"}`."""
    return isinstance(value, dict) and isinstance(value.get("$blob"), str)


def blob_id_of(ref: Any) -> str:
    """The id of a reference, checked: ids are never trusted to name paths or rows as-is."""
    if not is_blob_ref(ref) or not BLOB_ID.match(ref["$blob"]):
        raise BlobNotFound(f"{str(ref)[:100]} is not a valid file reference")
    return str(ref["$blob"])


def make_ref(blob_id: str, name: str, size: int, content_type: str) -> dict[str, Any]:
    return {"$blob": blob_id, "name": name, "size": size, "content_type": content_type}


def require_ref(value: Any, field: str) -> dict[str, Any]:
    """`value` as a valid reference, or a non-retryable error naming `field`."""
    if not is_blob_ref(value) or not BLOB_ID.match(value["$blob"]):
        shown = type(value).__name__ if not isinstance(value, str) else repr(value[:60])
        raise NodeError(
            f"`{field}` must be a file reference from an upstream node, e.g. "
            f"{{{{ nodes.download.output.file }}}}, not {shown}",
            retryable=False,
        )
    return value


def new_blob_id() -> str:
    return uuid.uuid4().hex


def guess_content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def file_name(name: Any, default: str) -> str:
    """A plain file name (no folders) from user input, or `default`."""
    text = Path(str(name or "")).name.strip()
    return text[:255] or default


async def iter_bytes(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), CHUNK_BYTES):
        yield data[start : start + CHUNK_BYTES]


def read_file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(CHUNK_BYTES):
            yield chunk


class BlobStore(abc.ABC):
    """Streams files in and out of one backend; every blob belongs to one workspace."""

    @abc.abstractmethod
    async def put(
        self, workspace_id: str, name: str, content_type: str, chunks: AsyncIterator[bytes]
    ) -> dict[str, Any]:
        """Store the streamed bytes; answer the reference."""

    @abc.abstractmethod
    async def open(self, workspace_id: str, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        """The blob's bytes in chunks; `BlobNotFound` at once if it is not in this workspace."""

    @abc.abstractmethod
    async def delete_older_than(self, days: float) -> int:
        """Delete blobs (and abandoned partial writes) older than `days`; answer how many."""

    async def put_bytes(
        self, workspace_id: str, name: str, content_type: str, data: bytes
    ) -> dict[str, Any]:
        return await self.put(workspace_id, name, content_type, iter_bytes(data))

    async def put_file(
        self, workspace_id: str, name: str, content_type: str, path: Path
    ) -> dict[str, Any]:
        """Store a local file, a chunk at a time."""
        chunks = read_file_chunks(path)

        async def stream() -> AsyncIterator[bytes]:
            while chunk := await asyncio.to_thread(next, chunks, b""):
                yield chunk

        return await self.put(workspace_id, name, content_type, stream())

    async def read_bytes(
        self, workspace_id: str, ref: dict[str, Any], *, max_bytes: int | None = None
    ) -> bytes:
        """The whole blob; `max_bytes` refuses (non-retryably) what is too big to hold, counted
        as it is read: the reference's `size` is user-editable, so it is never trusted."""
        _refuse_claimed(ref, max_bytes)
        parts = [chunk async for chunk in self.open_within(workspace_id, ref, max_bytes)]
        return b"".join(parts)

    async def copy_to_path(
        self, workspace_id: str, ref: dict[str, Any], path: Path, *, max_bytes: int | None = None
    ) -> None:
        """Spool a blob to a local file (for libraries that want a seekable file)."""
        _refuse_claimed(ref, max_bytes)
        with path.open("wb") as target:
            async for chunk in self.open_within(workspace_id, ref, max_bytes):
                await asyncio.to_thread(target.write, chunk)

    async def open_within(
        self, workspace_id: str, ref: dict[str, Any], max_bytes: int | None
    ) -> AsyncIterator[bytes]:
        """The blob's chunks, failing (non-retryably) once more than `max_bytes` came."""
        counted = 0
        async for chunk in await self.open(workspace_id, ref):
            counted += len(chunk)
            if max_bytes is not None and counted > max_bytes:
                raise NodeError(
                    f"file {ref.get('name')!r} is larger than {max_bytes} bytes, the most this "
                    "node reads",
                    retryable=False,
                )
            yield chunk

    async def load_json(self, workspace_id: str, value: Any) -> Any:
        """`value` itself, or the JSON a reference points to (claim-checked node outputs)."""
        if not is_blob_ref(value):
            return value
        try:
            return json.loads(
                await self.read_bytes(workspace_id, value, max_bytes=MAX_JSON_BLOB_BYTES)
            )
        except ValueError as exc:
            raise NodeError(
                f"file {value.get('name')!r} is not JSON ({exc})", retryable=False
            ) from exc


def _refuse_claimed(ref: dict[str, Any], max_bytes: int | None) -> None:
    """Fail early on a reference that itself says it is too big (a smaller claim proves
    nothing: bytes are counted as they are read)."""
    try:
        claimed = int(ref.get("size") or 0)
    except (TypeError, ValueError):
        claimed = 0
    if max_bytes is not None and claimed > max_bytes:
        raise NodeError(
            f"file {ref.get('name')!r} is {claimed} bytes; this node reads at most {max_bytes}",
            retryable=False,
        )
