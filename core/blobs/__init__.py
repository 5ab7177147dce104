"""The claim-check blob store: files and large node outputs, passed between nodes by reference.

A reference is `{"$blob": id, "name": ..., "size": ..., "content_type": ...}`; the bytes
stay in a local directory (BLOB_BACKEND=local, the default, under BLOB_DIR) or in the app
database (BLOB_BACKEND=database, for workers on several hosts).
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from core.config import Settings

from ._database import DatabaseBlobStore
from ._local import LocalBlobStore
from ._store import (
    CHUNK_BYTES,
    BlobNotFound,
    BlobStore,
    BlobUnavailable,
    file_name,
    guess_content_type,
    is_blob_ref,
    require_ref,
)

__all__ = [
    "CHUNK_BYTES",
    "BlobConfig",
    "BlobNotFound",
    "BlobStore",
    "BlobUnavailable",
    "DatabaseBlobStore",
    "LocalBlobStore",
    "blob_store",
    "file_name",
    "guess_content_type",
    "is_blob_ref",
    "require_ref",
]


@dataclass(frozen=True)
class BlobConfig:
    """Blob settings (BLOB_BACKEND, BLOB_DIR, BLOB_RETENTION_DAYS in `Settings`)."""

    backend: str = "local"
    """`local` (files under `directory`) or `database` (the app DB)."""
    directory: Path = Path(".data/blobs")
    retention_days: float = 30.0
    """`python -m core.blobs cleanup` deletes blobs older than this."""

    @classmethod
    def from_env(cls) -> "BlobConfig":
        return cls.from_settings(Settings())

    @classmethod
    def from_settings(cls, settings: Settings) -> "BlobConfig":
        config = cls(
            backend=settings.blob_backend.strip().lower(),
            directory=settings.blob_dir,
            retention_days=settings.blob_retention_days,
        )
        if config.backend not in ("local", "database"):
            raise ValueError(f"BLOB_BACKEND must be 'local' or 'database', not {config.backend!r}")
        if config.retention_days <= 0:
            raise ValueError("BLOB_RETENTION_DAYS must be a positive number of days")
        return config


def blob_store(engine: Engine, config: BlobConfig | None = None) -> BlobStore:
    """The configured store; `engine` is the app DB (used by the database backend)."""
    config = config or BlobConfig.from_env()
    if config.backend == "database":
        return DatabaseBlobStore(engine)
    return LocalBlobStore(config.directory)
