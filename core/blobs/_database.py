"""Blobs in the app database as 1 MiB bytea chunks, so every worker host reads every blob."""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from core.models import utcnow
from core.models.blobs import Blob, BlobChunk

from ._store import (
    CHUNK_BYTES,
    BlobNotFound,
    BlobStore,
    BlobUnavailable,
    blob_id_of,
    make_ref,
    new_blob_id,
)

BLOBS: Table = Blob.__table__  # type: ignore[attr-defined]
CHUNKS: Table = BlobChunk.__table__  # type: ignore[attr-defined]
T = TypeVar("T")


class DatabaseBlobStore(BlobStore):
    """Chunked rows in `blob` / `blob_chunk`; a blob appears only when its last chunk commits."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def put(
        self, workspace_id: str, name: str, content_type: str, chunks: AsyncIterator[bytes]
    ) -> dict[str, Any]:
        blob_id = new_blob_id()
        row: dict[str, Any] = {"id": blob_id, "workspace_id": workspace_id, "name": name[:255]}
        row |= {"content_type": content_type[:255], "size": 0, "created_at": utcnow()}
        connection = await _db(self.engine.connect)
        try:
            await _db(connection.execute, insert(BLOBS), row)
            size, seq, pending = 0, 0, bytearray()
            async for chunk in chunks:
                pending += chunk
                size += len(chunk)
                while len(pending) >= CHUNK_BYTES:
                    await _db(_write_chunk, connection, blob_id, seq, bytes(pending[:CHUNK_BYTES]))
                    del pending[:CHUNK_BYTES]
                    seq += 1
            if pending:
                await _db(_write_chunk, connection, blob_id, seq, bytes(pending))
            resize = update(BLOBS).where(BLOBS.c.id == blob_id).values(size=size)
            await _db(connection.execute, resize)
            await _db(connection.commit)
        finally:
            await asyncio.to_thread(connection.close)  # rolls back what did not commit
        return make_ref(blob_id, name, size, content_type)

    async def open(self, workspace_id: str, ref: dict[str, Any]) -> AsyncIterator[bytes]:
        blob_id = blob_id_of(ref)
        query = select(BLOBS.c.id).where(
            BLOBS.c.id == blob_id, BLOBS.c.workspace_id == workspace_id
        )
        if await _db(self._scalar, query) is None:
            raise BlobNotFound(
                f"file {ref.get('name')!r} ({blob_id}) is not in this workspace's blob "
                "store: it was deleted by retention, or belongs to another workspace"
            )
        return self._chunks(blob_id)

    async def _chunks(self, blob_id: str) -> AsyncIterator[bytes]:
        seq = -1
        while True:
            query = (
                select(CHUNKS.c.seq, CHUNKS.c.data)
                .where(CHUNKS.c.blob_id == blob_id, CHUNKS.c.seq > seq)
                .order_by(CHUNKS.c.seq)
                .limit(1)
            )
            found = await _db(self._first, query)
            if found is None:
                return
            seq, data = found
            yield bytes(data)

    async def delete_older_than(self, days: float) -> int:
        cutoff = utcnow() - timedelta(days=days)

        def purge() -> int:
            with self.engine.begin() as connection:
                old = select(BLOBS.c.id).where(BLOBS.c.created_at < cutoff)
                # Explicit: SQLite enforces ON DELETE CASCADE only with a pragma.
                connection.execute(delete(CHUNKS).where(CHUNKS.c.blob_id.in_(old)))
                return connection.execute(delete(BLOBS).where(BLOBS.c.created_at < cutoff)).rowcount

        return await _db(purge)

    def _scalar(self, query: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def _first(self, query: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(query).first()


def _write_chunk(connection: Connection, blob_id: str, seq: int, data: bytes) -> None:
    connection.execute(insert(CHUNKS), {"blob_id": blob_id, "seq": seq, "data": data})


async def _db(func: Callable[..., T], *args: Any) -> T:
    """Run blocking DB work in a thread; a lost connection is worth a retry."""
    try:
        return await asyncio.to_thread(func, *args)
    except (OperationalError, DBAPIError) as exc:
        retry = isinstance(exc, OperationalError) or exc.connection_invalidated
        if not retry:
            raise
        raise BlobUnavailable(f"the blob database is unavailable: {exc.orig}") from exc
