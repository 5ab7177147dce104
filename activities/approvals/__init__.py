"""Approval nodes: wait for a person"s decision.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import APPROVAL, NODE_TYPES

__all__ = ["APPROVAL", "NODE_TYPES"]
