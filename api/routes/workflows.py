"""Workflows: create, read, save new versions, delete, list versions, start runs."""

import uuid

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy.exc import IntegrityError

from activities import NODE_TYPES
from interpreter import validate_graph

from ..crud import workflows as crud
from ..deps import SessionDep, SettingsDep, TemporalClientDep
from ..errors import graph_invalid, not_found
from ..graph_schema import Graph
from ..models import (
    RunCreate,
    RunSummary,
    VersionPublic,
    VersionsPublic,
    Workflow,
    WorkflowCreate,
    WorkflowPublic,
    WorkflowsPublic,
    WorkflowSummary,
    WorkflowUpdate,
    WorkflowVersion,
)
from ..run_control import start_run, summary

router = APIRouter(prefix="/workflows", tags=["workflows"])


def _check(graph: Graph, settings: SettingsDep) -> None:
    stored = graph.as_stored()
    errors = validate_graph(stored, NODE_TYPES, max_nodes=settings.max_nodes_per_graph)
    if errors:
        graph_invalid(errors, stored)


def _public(workflow: Workflow, version: WorkflowVersion) -> WorkflowPublic:
    return WorkflowPublic(
        **workflow.model_dump(exclude={"latest_version", "deleted_at"}),
        version=version.version,
        graph=version.graph,
    )


def _get(session: SessionDep, workflow_id: uuid.UUID) -> Workflow:
    workflow = crud.read_workflow(session=session, workflow_id=workflow_id)
    if workflow is None:
        not_found("workflow", workflow_id)
    return workflow


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="workflows-create_workflow")
def create_workflow(
    data: WorkflowCreate, session: SessionDep, settings: SettingsDep
) -> WorkflowPublic:
    """Validate the graph and save it as version 1; nothing is saved when it is invalid."""
    _check(data.graph, settings)
    workflow, version = crud.create_workflow(session=session, data=data)
    return _public(workflow, version)


@router.get("", operation_id="workflows-read_workflows")
def read_workflows(
    session: SessionDep, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=500)
) -> WorkflowsPublic:
    rows, count = crud.read_workflows(session=session, offset=offset, limit=limit)
    data = [
        WorkflowSummary(**w.model_dump(exclude={"latest_version"}), version=w.latest_version)
        for w in rows
    ]
    return WorkflowsPublic(data=data, count=count)


@router.get("/{workflow_id}", operation_id="workflows-read_workflow")
def read_workflow(workflow_id: uuid.UUID, session: SessionDep) -> WorkflowPublic:
    """The workflow with its latest version's graph."""
    workflow = _get(session, workflow_id)
    version = crud.read_version(
        session=session, workflow_id=workflow.id, version=workflow.latest_version
    )
    assert version is not None
    return _public(workflow, version)


@router.put("/{workflow_id}", operation_id="workflows-update_workflow")
def update_workflow(
    workflow_id: uuid.UUID, data: WorkflowUpdate, session: SessionDep, settings: SettingsDep
) -> WorkflowPublic:
    """Save a new immutable version; runs already started keep the version they pinned."""
    workflow = _get(session, workflow_id)
    _check(data.graph, settings)
    try:
        workflow, version = crud.update_workflow(session=session, workflow=workflow, data=data)
    except IntegrityError as exc:
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            "the workflow was saved by someone else at the same time; reload it and save again",
        ) from exc
    return _public(workflow, version)


@router.delete(
    "/{workflow_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="workflows-delete_workflow",
)
def delete_workflow(workflow_id: uuid.UUID, session: SessionDep) -> None:
    crud.delete_workflow(session=session, workflow=_get(session, workflow_id))


@router.get("/{workflow_id}/versions", operation_id="workflows-read_versions")
def read_versions(workflow_id: uuid.UUID, session: SessionDep) -> VersionsPublic:
    """Every saved version, newest first."""
    _get(session, workflow_id)
    versions = crud.read_versions(session=session, workflow_id=workflow_id)
    data = [
        VersionPublic(version=v.version, created_at=v.created_at, graph=v.graph) for v in versions
    ]
    return VersionsPublic(data=data, count=len(data))


@router.post(
    "/{workflow_id}/runs", status_code=status.HTTP_201_CREATED, operation_id="workflows-start_run"
)
async def start_workflow_run(
    workflow_id: uuid.UUID,
    data: RunCreate,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
) -> RunSummary:
    """Start a run of the latest version (or `version`); answers with the Temporal UI link."""
    workflow = _get(session, workflow_id)
    number = data.version or workflow.latest_version
    version = crud.read_version(session=session, workflow_id=workflow.id, version=number)
    if version is None:
        not_found(f"version {number} of workflow", workflow_id)
    run = await start_run(
        session=session,
        client=client,
        settings=settings,
        workflow=workflow,
        version=version,
        inputs=data.inputs,
    )
    return summary(settings, run)
