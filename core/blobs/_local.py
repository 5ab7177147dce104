"""Blobs as files under one directory: `<root>/<workspace>/<blob id>` (one host, the default)."""

import asyncio
import os
import re
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, TypeVar

from ._store import (
    CHUNK_BYTES,
    BlobNotFound,
    BlobStore,
    BlobUnavailable,
    blob_id_of,
    make_ref,
    new_blob_id,
)

WORKSPACE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PARTIAL = ".part"
T = TypeVar("T")


class LocalBlobStore(BlobStore):
    """Files on a local (or shared) disk; writes land under a temporary name, then rename."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _folder(self, workspace_id: str) -> Path:
        name = workspace_id or "_unscoped"
        if not WORKSPACE.match(name):
            raise BlobNotFound(f"workspace id {workspace_id!r} cannot hold files")
        return self.root / name

    def path(self, workspace_id: str, ref: dict[str, Any]) -> Path:
        """Where a blob's bytes are (whether or not it exists)."""
        return self._folder(workspace_id) / blob_id_of(ref)

    async def put(
        self, workspace_id: str, name: str, content_type: str, chunks: AsyncIterator[bytes]
    ) -> dict[str, Any]:
        blob_id = new_blob_id()
        folder = self._folder(workspace_id)
        partial = folder / f"{blob_id}{PARTIAL}"
        size = 0
        try:
            await _disk(name, folder.mkdir, parents=True, exist_ok=True)
            target = await _disk(name, partial.open, "wb")
            try:
                async for chunk in chunks:  # the source's own errors pass through unchanged
                    await _disk(name, target.write, chunk)
                    size += len(chunk)
            finally:
                await asyncio.to_thread(target.close)
            await _disk(name, os.replace, partial, folder / blob_id)
        finally:
            partial.unlink(missing_ok=True)
        return make_ref(blob_id, name, size, content_type)

    async def open(self, workspace_id: str, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        path = self.path(workspace_id, ref)
        try:
            source = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError:
            raise BlobNotFound(
                f"file {ref.get('name')!r} ({ref['$blob']}) is not in this workspace's blob "
                "store: it was deleted by retention, or belongs to another workspace"
            ) from None
        except OSError as exc:
            # strerror, not str(exc): the store's folder is none of the user's business.
            raise BlobUnavailable(
                f"could not read file {ref.get('name')!r}: {exc.strerror or exc}"
            ) from exc
        return _read(source, ref)

    async def delete_older_than(self, days: float) -> int:
        return await asyncio.to_thread(self._delete_older_than, days)

    def _delete_older_than(self, days: float) -> int:
        cutoff = time.time() - days * 86400
        deleted = 0
        for path in self.root.glob("*/*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    deleted += 1
            except FileNotFoundError:
                continue  # another cleaner got there first
        return deleted


async def _disk(name: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return await asyncio.to_thread(func, *args, **kwargs)
    except OSError as exc:
        raise BlobUnavailable(
            f"could not write file {name!r} to the blob store: {exc.strerror or exc}"
        ) from exc


async def _read(source: Any, ref: dict[str, Any]) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(source.read, CHUNK_BYTES):
            yield chunk
    except OSError as exc:
        raise BlobUnavailable(f"could not read file {ref.get('name')!r}: {exc.strerror}") from exc
    finally:
        source.close()
