"""Node families (one sub-package each) and the light node-type catalog.

Importing this package loads declarations only; the worker builds the activities
through `activities.registry`.
"""

from .catalog import NODE_TYPES, describe
from .credential_types import CREDENTIAL_TYPES, CredentialType, describe_credential_type

__all__ = [
    "CREDENTIAL_TYPES",
    "NODE_TYPES",
    "CredentialType",
    "describe",
    "describe_credential_type",
]
