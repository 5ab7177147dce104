"""Node activities (one module per family) and the node-type catalog."""

from ._deps import NodeDependencies
from ._runtime import ClaimCheck
from .catalog import NODE_TYPES, builders, describe
from .credential_store import CredentialStore

__all__ = [
    "NODE_TYPES",
    "ClaimCheck",
    "CredentialStore",
    "NodeDependencies",
    "build_activities",
    "describe",
]


def build_activities(deps: NodeDependencies) -> list[object]:
    """Every node activity, bound to its dependencies, ready to register on a worker."""
    return [activity for build in builders() for activity in build(deps)]
