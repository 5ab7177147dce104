"""Transform nodes: filter, sort, aggregate, dedupe, join, template, and the inline-run activity.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import NODE_TYPES

__all__ = ["NODE_TYPES"]
