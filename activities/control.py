"""Schemas of the inline control nodes `logic.switch` and `flow.fail`; they run in the
workflow (interpreter/_transform_control.py)."""

from .transform import inline_node, object_schema

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

NODE_TYPES = [SWITCH, FAIL]
