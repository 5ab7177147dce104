"""Utility activity nodes: `util.noop`, for benchmarks and tests."""

from typing import Any

from interpreter import NodeTask

from .._runtime import node_activity


def build(deps: object) -> list[object]:
    return [UtilActivities().noop]


class UtilActivities:
    """Activities with no peer."""

    @node_activity("util.noop")
    async def noop(self, task: NodeTask) -> Any:
        return task.config.get("value", {})
