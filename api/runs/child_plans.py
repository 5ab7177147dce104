"""Plans of the workflows that flow.subworkflow / flow.for_each nodes run, pinned at start."""

import uuid
from dataclasses import asdict
from typing import Any

from sqlmodel import Session

from core.config import Settings
from interpreter import GraphError, RunPlan

from ..workflows.store import read_version, read_workflow
from .plans import plan_for

CHILD_TYPES = ("flow.subworkflow", "flow.for_each")
MAX_DEPTH = 5


class ChildPlanError(ValueError):
    """A referenced workflow is missing, or workflows call each other in a loop."""


def embed_child_plans(
    session: Session, settings: Settings, plan: RunPlan, workspace_id: uuid.UUID, depth: int = 0
) -> RunPlan:
    """Put each referenced workflow's plan into its node's config as `_plan`."""
    for node in plan.nodes:
        if node.type not in CHILD_TYPES:
            continue
        if depth >= MAX_DEPTH:
            raise ChildPlanError(
                f"workflows nest more than {MAX_DEPTH} deep (a loop?) at {node.id}"
            )
        child = _child_plan(session, settings, node.config, workspace_id, node.id)
        node.config = {
            **node.config,
            "_plan": asdict(embed_child_plans(session, settings, child, workspace_id, depth + 1)),
        }
    return plan


def _child_plan(
    session: Session,
    settings: Settings,
    config: dict[str, Any],
    workspace_id: uuid.UUID,
    node_id: str,
) -> RunPlan:
    workflow_id = _uuid(config.get("workflow_id"))
    workflow = workflow_id and read_workflow(
        session=session, workspace_id=workspace_id, workflow_id=workflow_id
    )
    if not workflow:
        raise ChildPlanError(f"node {node_id}: workflow {config.get('workflow_id')} not found")
    number = config.get("version") or workflow.latest_version
    version = read_version(session=session, workflow_id=workflow.id, version=int(number))
    if version is None:
        raise ChildPlanError(f"node {node_id}: version {number} of {workflow.id} not found")
    return plan_for(settings, workflow, version)


def check_child_references(
    *, session: Session, workspace_id: uuid.UUID, graph: dict[str, Any]
) -> list[GraphError]:
    """At save time: every referenced workflow exists in this workspace."""
    errors = []
    for node in graph["nodes"]:
        if node["type"] not in CHILD_TYPES:
            continue
        config = (node.get("data") or {}).get("config", {})
        workflow_id = _uuid(config.get("workflow_id"))
        found = workflow_id and read_workflow(
            session=session, workspace_id=workspace_id, workflow_id=workflow_id
        )
        if not found:
            errors.append(
                GraphError(
                    node["id"],
                    "config.workflow_id",
                    f"workflow {config.get('workflow_id')} does not exist in this workspace",
                )
            )
    return errors


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
