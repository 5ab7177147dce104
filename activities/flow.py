"""Flow nodes that run other saved workflows as Temporal child workflows."""

from interpreter import NodeType, RetrySpec

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

NODE_TYPES = [SUBWORKFLOW, FOR_EACH]
