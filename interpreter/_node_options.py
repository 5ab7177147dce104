"""The per-node options every node accepts beside its config, declared once.

GraphWorkflow's validation checks them with this JSON Schema; the API's request schema
(api/workflows/graph_schema.py) reads its bounds from it.
"""

from typing import Any

EXECUTION_MODES = ("activity", "local")
"""Where a node's activity runs: on the task queue, or as a local activity."""

NODE_OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "label": {"type": "string", "maxLength": 200},
        "config": {"type": "object"},
        "continue_on_error": {"type": "boolean"},
        "execution": {"enum": list(EXECUTION_MODES)},
        "timeout_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 86400},
        "retry": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_attempts": {"type": "integer", "minimum": 0, "maximum": 1000},
                "initial_interval_seconds": {"type": "number", "exclusiveMinimum": 0},
                "backoff_coefficient": {"type": "number", "minimum": 1},
                "maximum_interval_seconds": {"type": "number", "exclusiveMinimum": 0},
            },
        },
    },
}
"""Per-node options under `data`, beside `config` (overrides of the type's defaults)."""
