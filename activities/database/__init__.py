"""Database nodes: PostgreSQL query and insert.

The package loads only `spec` (declarations); the worker imports the implementation
modules through `activities.registry`.
"""

from .spec import NODE_TYPES, POSTGRES_INSERT, POSTGRES_QUERY

__all__ = ["NODE_TYPES", "POSTGRES_INSERT", "POSTGRES_QUERY"]
