"""Node activities (one module per family) and the node-type catalog."""

import httpx

from .catalog import NODE_TYPES, describe
from .credential_store import CredentialStore
from .http import HttpActivities
from .util import UtilActivities

__all__ = ["NODE_TYPES", "CredentialStore", "build_activities", "describe"]


def build_activities(
    http_client: httpx.AsyncClient, credentials: CredentialStore, *, max_output_bytes: int
) -> list[object]:
    """Every node activity, bound to its dependencies, ready to register on a worker."""
    http = HttpActivities(http_client, credentials, max_output_bytes=max_output_bytes)
    util = UtilActivities()
    return [http.http_request, util.noop]
