"""SFTP nodes: upload, download and list.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import NODE_TYPES

__all__ = ["NODE_TYPES"]
