"""What the HTTP-speaking node classes hold: the worker's pool, credentials, blobs, limits."""

from typing import Self

import httpx

from core.blobs import BlobStore

from .._deps import NodeDependencies
from ..credential_store import CredentialStore


class HttpNodes:
    """Base of the activity classes that speak HTTP over the worker's shared pool."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        credentials: CredentialStore,
        blobs: BlobStore,
        *,
        max_output_bytes: int,
        max_response_bytes: int,
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.blobs = blobs
        self.max_output_bytes = max_output_bytes
        self.max_response_bytes = max_response_bytes

    @classmethod
    def from_deps(cls, deps: NodeDependencies) -> Self:
        """One instance over the worker's shared resources and settings."""
        return cls(
            deps.http,
            deps.credentials,
            deps.blobs,
            max_output_bytes=deps.settings.max_inline_payload_bytes,
            max_response_bytes=deps.settings.http_max_response_bytes,
        )
