"""Utility activity nodes: `util.noop`, for benchmarks and tests."""

from typing import Any

from interpreter import NodeTask, NodeType

from ._runtime import node_activity

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


def build(deps: object) -> list[object]:
    return [UtilActivities().noop]


class UtilActivities:
    """Activities with no peer."""

    @node_activity("util.noop")
    async def noop(self, task: NodeTask) -> Any:
        return task.config.get("value", {})
