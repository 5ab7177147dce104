"""The graph interpreter: model, validation, planning, expressions and GraphWorkflow.

Pure and deterministic; imports no I/O library.
"""

from ._contracts import (
    EdgePlan,
    NodeKind,
    NodeOutcome,
    NodePlan,
    NodeState,
    NodeStatus,
    NodeTask,
    NodeType,
    RetrySpec,
    RunInput,
    RunPlan,
    RunResult,
)
from ._expressions import ExpressionError, render
from ._plan import build_plan
from ._validation import GraphError, validate_graph
from ._workflow import NODE_FAILED, GraphWorkflow

__all__ = [
    "NODE_FAILED",
    "EdgePlan",
    "ExpressionError",
    "GraphError",
    "GraphWorkflow",
    "NodeKind",
    "NodeOutcome",
    "NodePlan",
    "NodeState",
    "NodeStatus",
    "NodeTask",
    "NodeType",
    "RetrySpec",
    "RunInput",
    "RunPlan",
    "RunResult",
    "build_plan",
    "render",
    "validate_graph",
]
