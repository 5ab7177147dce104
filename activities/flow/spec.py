"""The flow node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType, RetrySpec

from ..transform.spec import inline_node, object_schema

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

CORE_TYPES = [MANUAL_TRIGGER, SET_FIELDS, CONDITION, MERGE, DELAY]


_WORKFLOW = {
    "workflow_id": {
        "type": "string",
        "format": "uuid",
        "description": "A saved workflow of this workspace.",
    },
    "version": {
        "type": "integer",
        "minimum": 1,
        "description": "Pinned version; unset: its latest version when the run starts.",
    },
}

SUBWORKFLOW = NodeType(
    type="flow.subworkflow",
    category="Flow",
    label="Run workflow",
    description="Runs another saved workflow (pinned version) as a child workflow and outputs "
    "its result (outputs of its last nodes, by node id).",
    kind="child",
    retry=RetrySpec(max_attempts=1),
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["workflow_id"],
        "properties": {
            **_WORKFLOW,
            "inputs": {"type": "object", "description": "Run inputs of the child (templates)."},
        },
    },
    output_schema={"type": "object", "description": "The child run's output."},
)

FOR_EACH = NodeType(
    type="flow.for_each",
    category="Flow",
    label="For each",
    description="Runs another saved workflow once per item (inputs `item` and `index`), at "
    "most `concurrency` at a time; lists over 500 items go to batch child workflows so no "
    "history grows past Temporal's limits.",
    kind="child",
    retry=RetrySpec(max_attempts=1),
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["workflow_id", "items"],
        "properties": {
            **_WORKFLOW,
            "items": {
                "type": "array",
                "description": "The list, usually an expression.",
                "examples": ["{{ nodes.parse.output.rows }}"],
            },
            "concurrency": {"type": "integer", "minimum": 1, "maximum": 100, "default": 5},
        },
    },
    output_schema={
        "type": "object",
        "properties": {"results": {"type": "array"}, "count": {"type": "integer"}},
    },
)

FLOW_TYPES = [SUBWORKFLOW, FOR_EACH]


SWITCH = inline_node(
    type="logic.switch",
    category="Logic",
    label="Switch",
    description="Routes to the port of the first rule whose condition holds, else to "
    "`default`; the nodes on the other ports are skipped.",
    output_ports=("default",),
    ports_from="rules[*].port",
    config_schema=object_schema(
        ["rules"],
        rules={
            "type": "array",
            "minItems": 1,
            "description": "Checked in order; the first match wins. Each port is an output.",
            "items": object_schema(
                ["port", "expression"],
                port={
                    "type": "string",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_-]{0,63}$",
                    "not": {"enum": ["default", "error"]},
                    "description": "Output port taken when the expression holds; a literal "
                    "name, not `default` or `error`.",
                    "examples": ["urgent", "eu"],
                },
                expression={
                    "type": "string",
                    "minLength": 1,
                    "description": "JMESPath condition over the run context (with or without "
                    "{{ }}), as in logic.condition.",
                    "examples": ["nodes.ticket.output.priority == 'high'"],
                },
            ),
        },
    ),
    output_schema={
        "type": "object",
        "properties": {
            "port": {"type": "string", "description": "The port taken."},
            "rule": {
                "type": ["integer", "null"],
                "description": "Index of the matching rule; null for default.",
            },
        },
    },
)

FAIL = inline_node(
    type="flow.fail",
    category="Flow",
    label="Fail",
    description="Stops the run as failed with a message: the run's error reads "
    "\"node '<id>' (flow.fail) failed: <message>\". With continue on error, the run goes "
    "on through the node's `error` port instead.",
    output_ports=(),
    config_schema=object_schema(
        ["message"],
        message={
            "type": "string",
            "minLength": 1,
            "description": "Why the run stops; may contain {{ expressions }}.",
            "examples": ["Order {{ inputs.order_id }} has no customer"],
        },
    ),
    output_schema={"description": "None: the node always fails."},
)

CONTROL_TYPES = [SWITCH, FAIL]

NODE_TYPES = CORE_TYPES + FLOW_TYPES + CONTROL_TYPES
