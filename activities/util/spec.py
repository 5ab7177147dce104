"""The util node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType

NOOP = NodeType(
    type="util.noop",
    category="Utility",
    label="No-op",
    description="An activity that returns its `value` (or {}); measures the engine's own cost.",
    kind="activity",
    timeout_seconds=30.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {"value": {"description": "Returned as the output."}},
    },
    output_schema={"description": "The configured value."},
)

NODE_TYPES = [NOOP]
