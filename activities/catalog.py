"""The node-type catalog: every node type Sluice knows, as the API and editor read it.

A node family is a module of this package with a `NODE_TYPES` list and, if it has
activities, `build(deps) -> list` returning them bound to their dependencies. Families are
found by name, so adding one needs no edit here.
"""

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

from interpreter import NodeType

_NOT_FAMILIES = {"catalog", "credential_store", "credential_types"}


def _families() -> list[ModuleType]:
    package = importlib.import_module(__package__ or "activities")
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if not m.name.startswith("_") and m.name not in _NOT_FAMILIES
    )
    modules = [importlib.import_module(f"{package.__name__}.{name}") for name in names]
    return [m for m in modules if hasattr(m, "NODE_TYPES")]


FAMILIES = _families()
NODE_TYPES: dict[str, NodeType] = {t.type: t for m in FAMILIES for t in m.NODE_TYPES}


def builders() -> list[Callable[..., list[Any]]]:
    """Each family's `build(deps)`, for the worker to call once."""
    return [m.build for m in FAMILIES if hasattr(m, "build")]


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
        "ports_from": node_type.ports_from,
        "defaults": {
            "retry": vars(node_type.retry).copy(),
            "timeout_seconds": node_type.timeout_seconds,
            "heartbeat_seconds": node_type.heartbeat_seconds,
        },
    }
