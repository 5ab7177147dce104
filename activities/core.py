"""Core node types that run inside the workflow (inline) or as a durable timer."""

from interpreter import NodeType

MANUAL_TRIGGER = NodeType(
    type="trigger.manual",
    category="Triggers",
    label="Manual trigger",
    description="Starts the run from the API or the editor; its output is the run inputs.",
    kind="inline",
    input_ports=(),
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "inputs_schema": {
                "type": "object",
                "description": "JSON Schema of the run inputs, for the editor's Run form.",
                "x-widget": "json",
            }
        },
    },
    output_schema={"type": "object", "description": "The run inputs."},
)

SET_FIELDS = NodeType(
    type="transform.set",
    category="Transform",
    label="Set fields",
    description="Builds an object; each field is a literal or an expression over upstream data.",
    kind="inline",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["fields"],
        "properties": {
            "fields": {"type": "object", "description": "name → value or {{ expression }}"}
        },
    },
    output_schema={"type": "object", "description": "The fields, resolved."},
)

CONDITION = NodeType(
    type="logic.condition",
    category="Logic",
    label="Condition",
    description="Routes to `true` or `false` by a JMESPath expression, e.g. "
    "`nodes.fetch.output.status == `200``.",
    kind="inline",
    output_ports=("true", "false"),
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["expression"],
        "properties": {"expression": {"type": "string", "minLength": 1}},
    },
    output_schema={"type": "object", "properties": {"result": {"type": "boolean"}}},
)

MERGE = NodeType(
    type="logic.merge",
    category="Logic",
    label="Merge",
    description="Waits for every incoming branch that was not skipped; outputs their "
    "outputs by node id.",
    kind="inline",
    waits_for_any=True,
    config_schema={"type": "object", "additionalProperties": False, "properties": {}},
    output_schema={"type": "object", "description": "node id → output of each taken branch"},
)

DELAY = NodeType(
    type="util.delay",
    category="Utility",
    label="Delay",
    description="Waits on a durable Temporal timer; survives worker and server restarts.",
    kind="timer",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["seconds"],
        "properties": {"seconds": {"type": "number", "minimum": 0, "maximum": 31_536_000}},
    },
    output_schema={"type": "object"},
)

NODE_TYPES = [MANUAL_TRIGGER, SET_FIELDS, CONDITION, MERGE, DELAY]
