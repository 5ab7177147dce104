"""The approvals node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType

APPROVAL = NodeType(
    type="human.approval",
    category="Human",
    label="Approval",
    description="Pauses the run until a person approves or rejects it (or the timeout passes); "
    "costs nothing while it waits and survives restarts. Routes to `approved`, `rejected` "
    "or `timeout`.",
    kind="approval",
    output_ports=("approved", "rejected", "timeout"),
    heartbeat_seconds=None,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "title": {
                "type": "string",
                "minLength": 1,
                "maxLength": 300,
                "description": "Shown in the approvals inbox.",
                "examples": ["Refund {{ inputs.amount }} EUR?"],
            },
            "instructions": {
                "type": "string",
                "maxLength": 20000,
                "description": "What the approver should check (template).",
            },
            "approver_role": {
                "enum": ["operator", "editor", "owner"],
                "default": "operator",
                "description": "Lowest workspace role that may decide.",
            },
            "approver_emails": {
                "type": "array",
                "items": {"type": "string"},
                "description": "If set, only these people may decide.",
            },
            "form_schema": {
                "type": "object",
                "x-widget": "json",
                "description": "JSON Schema of a form the approver fills in.",
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 366 * 86400,
                "description": "Give up after this long (up to a year).",
            },
            "on_timeout": {
                "enum": ["route", "fail"],
                "default": "route",
                "description": "`route` to the timeout port, or fail the node.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "decision": {"enum": ["approved", "rejected", "timeout"]},
            "decided_by": {"type": ["string", "null"]},
            "decided_at": {"type": "string"},
            "comment": {"type": "string"},
            "form": {"type": "object"},
        },
    },
)

NODE_TYPES = [APPROVAL]
