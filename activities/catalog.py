"""The node-type catalog: every node type Sluice knows, as the API and editor read it."""

from typing import Any

from interpreter import NodeType

from . import core, http, util

NODE_TYPES: dict[str, NodeType] = {
    t.type: t for module in (core, http, util) for t in module.NODE_TYPES
}


def describe(node_type: NodeType) -> dict[str, Any]:
    """The public description served by `GET /api/node-types`."""
    return {
        "type": node_type.type,
        "category": node_type.category,
        "label": node_type.label,
        "description": node_type.description,
        "kind": node_type.kind,
        "config_schema": node_type.config_schema,
        "output_schema": node_type.output_schema,
        "credential_type": node_type.credential_type,
        "input_ports": list(node_type.input_ports),
        "output_ports": list(node_type.output_ports),
    }
