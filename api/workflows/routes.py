"""Workflows: create, read, save new versions, delete, list versions, start runs."""

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from sqlalchemy.exc import IntegrityError

from activities import NODE_TYPES
from core.models import (
    RunCreate,
    RunSummary,
    VersionPublic,
    VersionsPublic,
    Workflow,
    WorkflowPublic,
    WorkflowRename,
    WorkflowsPublic,
    WorkflowSummary,
    WorkflowVersion,
    utcnow,
)
from interpreter import validate_graph

from ..audit.trail import record_by
from ..credentials.store import check_graph_credentials
from ..deps import (
    EditorAccess,
    OperatorAccess,
    RateLimiterDep,
    SessionDep,
    SettingsDep,
    TemporalClientDep,
    ViewerAccess,
)
from ..platform.errors import MAX_INT, SIGNED_IN, graph_invalid, not_found
from ..platform.limits import expression_limits
from ..runs.child_plans import ChildPlanError, check_child_references
from ..runs.control import summary
from ..runs.fired_trigger import NotATrigger
from ..runs.start import start_run
from ..triggers.activation import activate_triggers, deactivate_triggers
from ..triggers.config import check_triggers
from . import store
from .graph_schema import Graph, GraphCheck, WorkflowCreate, WorkflowUpdate

router = APIRouter(prefix="/workflows", tags=["workflows"], responses=SIGNED_IN)


def _check(graph: Graph, settings: SettingsDep, session: SessionDep, access: EditorAccess) -> None:
    stored = graph.as_stored()
    errors = validate_graph(
        stored,
        NODE_TYPES,
        max_nodes=settings.max_nodes_per_graph,
        limits=expression_limits(settings),
    )
    errors = errors or check_graph_credentials(
        session=session, workspace_id=access.workspace_id, graph=stored
    )
    errors = errors or check_triggers(
        session=session, workspace_id=access.workspace_id, graph=stored
    )
    errors = errors or check_child_references(
        session=session, workspace_id=access.workspace_id, graph=stored
    )
    if errors:
        graph_invalid(errors, stored)


def _public(workflow: Workflow, version: WorkflowVersion) -> WorkflowPublic:
    return WorkflowPublic(
        **workflow.model_dump(exclude={"latest_version", "deleted_at"}),
        version=version.version,
        graph=version.graph,
    )


def _get(session: SessionDep, access: ViewerAccess, workflow_id: uuid.UUID) -> Workflow:
    workflow = store.read_workflow(
        session=session, workspace_id=access.workspace_id, workflow_id=workflow_id
    )
    if workflow is None:
        not_found("workflow", workflow_id)
    return workflow


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="workflows-create_workflow")
async def create_workflow(
    data: WorkflowCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: EditorAccess,
) -> WorkflowPublic:
    """Validate the graph and save it as version 1; nothing is saved when it is invalid."""
    _check(data.graph, settings, session, access)
    workflow, version = store.create_workflow(
        session=session, workspace_id=access.workspace_id, data=data
    )
    await activate_triggers(
        session=session, client=client, settings=settings, workflow=workflow, version=version
    )
    _audit(session, request, access, "workflow.create", workflow, version.version)
    return _public(workflow, version)


@router.post("/validate", operation_id="workflows-validate_workflow")
def validate_workflow(
    data: GraphCheck, session: SessionDep, settings: SettingsDep, access: EditorAccess
) -> dict[str, Any]:
    """Check a graph exactly as saving it would, and save nothing (422 names what is wrong)."""
    _check(data.graph, settings, session, access)
    return {"valid": True, "nodes": len(data.graph.nodes), "edges": len(data.graph.edges)}


def _audit(
    session: SessionDep,
    request: Request,
    access: ViewerAccess,
    action: str,
    workflow: Workflow,
    version: int | None = None,
) -> None:
    record_by(
        session,
        request,
        access,
        action,
        object_type="workflow",
        object_id=workflow.id,
        detail={} if version is None else {"version": version},
    )


@router.get("", operation_id="workflows-read_workflows")
def read_workflows(
    session: SessionDep,
    access: ViewerAccess,
    offset: int = Query(0, ge=0, le=MAX_INT),
    limit: int = Query(100, ge=1, le=500),
) -> WorkflowsPublic:
    rows, count = store.read_workflows(
        session=session, workspace_id=access.workspace_id, offset=offset, limit=limit
    )
    data = [
        WorkflowSummary(**w.model_dump(exclude={"latest_version"}), version=w.latest_version)
        for w in rows
    ]
    return WorkflowsPublic(data=data, count=count)


@router.get("/{workflow_id}", operation_id="workflows-read_workflow")
def read_workflow(
    workflow_id: uuid.UUID, session: SessionDep, access: ViewerAccess
) -> WorkflowPublic:
    """The workflow with its latest version's graph."""
    workflow = _get(session, access, workflow_id)
    version = store.read_version(
        session=session, workflow_id=workflow.id, version=workflow.latest_version
    )
    assert version is not None
    return _public(workflow, version)


@router.put("/{workflow_id}", operation_id="workflows-update_workflow")
async def update_workflow(
    workflow_id: uuid.UUID,
    data: WorkflowUpdate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: EditorAccess,
) -> WorkflowPublic:
    """Save a new immutable version; runs already started keep the version they pinned."""
    workflow = _get(session, access, workflow_id)
    _check(data.graph, settings, session, access)
    try:
        workflow, version = store.update_workflow(session=session, workflow=workflow, data=data)
    except IntegrityError as exc:
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            "the workflow was saved by someone else at the same time; reload it and save again",
        ) from exc
    await activate_triggers(
        session=session, client=client, settings=settings, workflow=workflow, version=version
    )
    _audit(session, request, access, "workflow.update", workflow, version.version)
    return _public(workflow, version)


@router.patch("/{workflow_id}", operation_id="workflows-rename_workflow")
def rename_workflow(
    workflow_id: uuid.UUID,
    data: WorkflowRename,
    request: Request,
    session: SessionDep,
    access: EditorAccess,
) -> WorkflowPublic:
    """Change the name or description; the graph and its versions stay as they are."""
    workflow = _get(session, access, workflow_id)
    workflow.name = data.name or workflow.name
    workflow.description = workflow.description if data.description is None else data.description
    workflow.updated_at = utcnow()
    session.add(workflow)
    session.commit()
    _audit(session, request, access, "workflow.rename", workflow)
    version = store.read_version(
        session=session, workflow_id=workflow.id, version=workflow.latest_version
    )
    assert version is not None
    return _public(workflow, version)


@router.delete(
    "/{workflow_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="workflows-delete_workflow",
)
async def delete_workflow(
    workflow_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    client: TemporalClientDep,
    access: EditorAccess,
) -> None:
    workflow = _get(session, access, workflow_id)
    await deactivate_triggers(session=session, client=client, workflow=workflow)
    store.delete_workflow(session=session, workflow=workflow)
    _audit(session, request, access, "workflow.delete", workflow)


@router.get("/{workflow_id}/versions", operation_id="workflows-read_versions")
def read_versions(
    workflow_id: uuid.UUID, session: SessionDep, access: ViewerAccess
) -> VersionsPublic:
    """Every saved version, newest first."""
    _get(session, access, workflow_id)
    versions = store.read_versions(session=session, workflow_id=workflow_id)
    data = [
        VersionPublic(version=v.version, created_at=v.created_at, graph=v.graph) for v in versions
    ]
    return VersionsPublic(data=data, count=len(data))


@router.get("/{workflow_id}/versions/{version}", operation_id="workflows-read_version")
def read_version(
    workflow_id: uuid.UUID,
    version: int = Path(ge=1, le=MAX_INT),
    *,
    session: SessionDep,
    access: ViewerAccess,
) -> VersionPublic:
    """One saved version (runs pin theirs; the run page shows the graph it ran)."""
    _get(session, access, workflow_id)
    row = store.read_version(session=session, workflow_id=workflow_id, version=version)
    if row is None:
        not_found(f"version {version} of workflow", workflow_id)
    return VersionPublic(version=row.version, created_at=row.created_at, graph=row.graph)


@router.post(
    "/{workflow_id}/runs", status_code=status.HTTP_201_CREATED, operation_id="workflows-start_run"
)
async def start_workflow_run(
    workflow_id: uuid.UUID,
    data: RunCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    limiter: RateLimiterDep,
    access: OperatorAccess,
) -> RunSummary:
    """Start a run of the latest version (or `version`); answers with the Temporal UI link."""
    await limiter.check(
        "run start", f"workspace:{access.workspace_id}", settings.run_start_rate_limit
    )
    workflow = _get(session, access, workflow_id)
    number = data.version or workflow.latest_version
    version = store.read_version(session=session, workflow_id=workflow.id, version=number)
    if version is None:
        not_found(f"version {number} of workflow", workflow_id)
    try:
        run = await start_run(
            session=session,
            client=client,
            settings=settings,
            workflow=workflow,
            version=version,
            inputs=data.inputs,
            trigger=data.trigger,
        )
    except NotATrigger as exc:
        detail = [{"loc": ["body", "trigger"], "msg": str(exc), "type": "value_error"}]
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, detail) from exc
    except ChildPlanError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    record_by(
        session,
        request,
        access,
        "run.start",
        object_type="run",
        object_id=run.id,
        detail={"workflow_id": str(workflow.id), "version": run.version},
    )
    return summary(settings, run)
