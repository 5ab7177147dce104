"""Blobs kept in the app database (BLOB_BACKEND=database): one row per file, bytes in chunks."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, LargeBinary, String
from sqlmodel import Field, SQLModel

from ._time import utcnow


class Blob(SQLModel, table=True):
    """A stored file; its bytes are the `BlobChunk` rows in `seq` order."""

    id: str = Field(primary_key=True, max_length=32)
    workspace_id: str = Field(max_length=64, index=True)
    """The run's workspace ("" for runs started outside the API); a blob is read only there."""
    name: str = Field(max_length=255)
    content_type: str = Field(max_length=255)
    size: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    """Retention deletes blobs older than BLOB_RETENTION_DAYS by this."""


class BlobChunk(SQLModel, table=True):
    __tablename__ = "blob_chunk"

    blob_id: str = Field(
        sa_column=Column(String(32), ForeignKey("blob.id", ondelete="CASCADE"), primary_key=True)
    )
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
