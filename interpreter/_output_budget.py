"""How much of a run's outputs stays inline: past the budget, activity outputs go by reference.

The run result carries node states without their outputs (the API reads those with the
`node_states` query), and the context the workflow keeps is bounded by the run's
`inline_output_bytes`: each activity is told how much of it is left for its output, and
once it is spent, to store any output above `SMALL_OUTPUT_BYTES` in the blob store.
"""

from typing import Any

from ._contracts import NodeState

SMALL_OUTPUT_BYTES = 16 * 1024
"""Outputs below this stay inline even past the budget: many tiny blobs cost more."""


class OutputBudget:
    """Counts the JSON bytes of the outputs a run keeps inline (deterministically).

    Activities in flight at once each reserve a share (at most an eighth of the budget),
    so a fan-out cannot overshoot it: inline outputs stay under budget + n x 16 KiB.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._reserved: dict[str, int] = {}

    def reserve(self, node_id: str) -> int | None:
        """The `NodeTask.inline_limit` of an activity starting now; None: no budget."""
        if self.budget <= 0:
            return None
        free = self.budget - self.used - sum(self._reserved.values())
        limit = max(min(free, self.budget // 8), SMALL_OUTPUT_BYTES)
        self._reserved[node_id] = limit
        return limit

    def add(self, node_id: str, size: int) -> None:
        """A node's output of `size` JSON bytes joined the run's context: its reservation
        turns into its size."""
        self._reserved.pop(node_id, None)
        if self.budget > 0:
            self.used += size


def without_outputs(states: dict[str, NodeState]) -> dict[str, dict[str, Any]]:
    """Node states as the run result reports them: everything but the output."""
    return {
        node_id: {k: v for k, v in vars(state).items() if k != "output"}
        for node_id, state in states.items()
    }
