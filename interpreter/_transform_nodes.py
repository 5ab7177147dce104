"""Pure data transforms that run inline in the workflow (filter, sort, aggregate, ...)."""

from ._pure_nodes_types import InlineNode

TRANSFORM_NODES: dict[str, InlineNode] = {}
"""Implementations by node type; merged into the inline registry."""
