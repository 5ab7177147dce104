"""What node activities may depend on, handed to every family's `build`."""

from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine

from api.core.config import Settings

from .blobs import BlobConfig, BlobStore, LocalBlobStore
from .credential_store import CredentialStore


@dataclass(frozen=True)
class NodeDependencies:
    """Shared, long-lived resources of one worker process."""

    settings: Settings
    http: httpx.AsyncClient
    """One connection pool for every HTTP-speaking node."""
    credentials: CredentialStore
    engine: Engine
    """The app DB (credentials, audit and communication records)."""
    blobs: BlobStore = field(
        default_factory=lambda: LocalBlobStore(BlobConfig.from_env().directory)
    )
    """Files and large outputs (claim check): `put` a stream, `open` a reference."""
