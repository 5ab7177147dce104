"""What node activities may depend on, handed to every family's `build`."""

from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine

from core.blobs import BlobConfig, BlobStore, LocalBlobStore
from core.config import Settings

from .credential_store import CredentialStore
from .egress import EgressPolicy


@dataclass(frozen=True)
class NodeDependencies:
    """Shared, long-lived resources of one worker process."""

    settings: Settings
    http: httpx.AsyncClient
    """One connection pool for every HTTP-speaking node; it only dials addresses `egress`
    allows and never follows redirects itself."""
    credentials: CredentialStore
    engine: Engine
    """The app DB (credentials, audit and communication records)."""
    blobs: BlobStore = field(
        default_factory=lambda: LocalBlobStore(BlobConfig.from_env().directory)
    )
    """Files and large outputs (claim check): `put` a stream, `open` a reference."""
    egress: EgressPolicy = field(default_factory=EgressPolicy)
    """Where nodes may connect (OUTBOUND_ALLOWED_NETWORKS...): check every address before
    dialling it (`resolve`, `resolve_sync`)."""
