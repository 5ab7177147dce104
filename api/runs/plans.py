"""The one place the API turns a (workflow, version) into the RunPlan GraphWorkflow runs."""

from dataclasses import replace

from activities import NODE_TYPES
from core.config import Settings
from core.models import Workflow, WorkflowVersion
from interpreter import RunPlan, build_plan

from ..platform.limits import expression_limits


def plan_for(settings: Settings, workflow: Workflow, version: WorkflowVersion) -> RunPlan:
    """The plan of `version` of `workflow`, with this deployment's parallelism and limits."""
    plan = build_plan(
        version.graph,
        NODE_TYPES,
        workflow_id=str(workflow.id),
        workflow_name=workflow.name,
        version=version.version,
        max_parallel=settings.max_parallel_nodes,
        limits=expression_limits(settings),
        workspace_id=str(workflow.workspace_id),
    )
    return replace(plan, inline_output_bytes=settings.run_inline_output_bytes)
