"""The graph interpreter: model, validation, planning, expressions and GraphWorkflow.

Pure and deterministic; imports no I/O library.
"""

from ._binding import REJECTED as BINDING_REJECTED
from ._binding import canonical_json, child_claim, plan_digest, run_claim, use_signing_key
from ._binding import mismatch as binding_mismatch
from ._budget import measure, using_limits
from ._contracts import (
    RUN_TOTALS,
    EdgePlan,
    ExpressionLimits,
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
from ._node_options import EXECUTION_MODES, NODE_OPTIONS_SCHEMA
from ._offload import OFFLOAD_ACTIVITY, claimed_fields
from ._patches import LEGACY_WORKFLOW_TYPE, WORKFLOW_TYPE
from ._plan import build_plan
from ._pure_nodes import INLINE_NODES
from ._transform_aggregate import Groups as AggregateGroups
from ._trigger_nodes import RESPOND_TYPE
from ._validation import validate_graph
from ._validation_config import GraphError
from ._workflow import GRAPH_WORKFLOWS, NODE_FAILED, GraphWorkflow, LegacyGraphWorkflow

__all__ = [
    "EXECUTION_MODES",
    "NODE_OPTIONS_SCHEMA",
    "BINDING_REJECTED",
    "RESPOND_TYPE",
    "binding_mismatch",
    "INLINE_NODES",
    "AggregateGroups",
    "NODE_FAILED",
    "OFFLOAD_ACTIVITY",
    "EdgePlan",
    "ExpressionError",
    "ExpressionLimits",
    "GraphError",
    "GRAPH_WORKFLOWS",
    "GraphWorkflow",
    "LEGACY_WORKFLOW_TYPE",
    "LegacyGraphWorkflow",
    "WORKFLOW_TYPE",
    "NodeKind",
    "NodeOutcome",
    "NodePlan",
    "NodeState",
    "NodeStatus",
    "NodeTask",
    "NodeType",
    "RUN_TOTALS",
    "RetrySpec",
    "RunInput",
    "RunPlan",
    "RunResult",
    "build_plan",
    "canonical_json",
    "child_claim",
    "claimed_fields",
    "measure",
    "use_signing_key",
    "plan_digest",
    "run_claim",
    "render",
    "using_limits",
    "validate_graph",
]
