"""Utility nodes: `util.noop`.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import NODE_TYPES, NOOP

__all__ = ["NODE_TYPES", "NOOP"]
