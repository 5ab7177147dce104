"""Workflows and their immutable versions."""

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.models import Workflow, WorkflowVersion, utcnow

from .graph_schema import WorkflowCreate, WorkflowUpdate


def create_workflow(
    *, session: Session, workspace_id: uuid.UUID, data: WorkflowCreate
) -> tuple[Workflow, WorkflowVersion]:
    workflow = Workflow(
        workspace_id=workspace_id, name=data.name, description=data.description, latest_version=1
    )
    version = WorkflowVersion(workflow_id=workflow.id, version=1, graph=data.graph.as_stored())
    session.add(workflow)
    session.add(version)
    session.commit()
    session.refresh(workflow)
    session.refresh(version)
    return workflow, version


def update_workflow(
    *, session: Session, workflow: Workflow, data: WorkflowUpdate
) -> tuple[Workflow, WorkflowVersion]:
    """Save a new version; earlier versions (and runs pinned to them) stay as they were."""
    workflow.name = data.name
    workflow.description = data.description
    workflow.latest_version += 1
    workflow.updated_at = utcnow()
    version = WorkflowVersion(
        workflow_id=workflow.id, version=workflow.latest_version, graph=data.graph.as_stored()
    )
    session.add(workflow)
    session.add(version)
    session.commit()
    session.refresh(workflow)
    session.refresh(version)
    return workflow, version


def read_workflow(
    *, session: Session, workspace_id: uuid.UUID, workflow_id: uuid.UUID
) -> Workflow | None:
    """The workflow, if it exists in this workspace and was not deleted."""
    workflow = session.get(Workflow, workflow_id)
    if workflow is None or workflow.deleted_at is not None:
        return None
    return workflow if workflow.workspace_id == workspace_id else None


def read_workflows(
    *, session: Session, workspace_id: uuid.UUID, offset: int, limit: int
) -> tuple[list[Workflow], int]:
    live = col(Workflow.deleted_at).is_(None) & (col(Workflow.workspace_id) == workspace_id)
    count = session.exec(select(func.count()).select_from(Workflow).where(live)).one()
    rows = session.exec(
        select(Workflow)
        .where(live)
        .order_by(col(Workflow.updated_at).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return list(rows), count


def delete_workflow(*, session: Session, workflow: Workflow) -> None:
    """Hide the workflow; versions stay, so past runs still show their graph."""
    workflow.deleted_at = utcnow()
    session.add(workflow)
    session.commit()


def read_version(
    *, session: Session, workflow_id: uuid.UUID, version: int
) -> WorkflowVersion | None:
    return session.exec(
        select(WorkflowVersion).where(
            WorkflowVersion.workflow_id == workflow_id, WorkflowVersion.version == version
        )
    ).first()


def read_versions(*, session: Session, workflow_id: uuid.UUID) -> list[WorkflowVersion]:
    return list(
        session.exec(
            select(WorkflowVersion)
            .where(WorkflowVersion.workflow_id == workflow_id)
            .order_by(col(WorkflowVersion.version).desc())
        ).all()
    )
