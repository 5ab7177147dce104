"""A workflow's triggers: list them, enable or disable one, rotate a webhook's URL, read a
webhook's deliveries."""

import uuid

from fastapi import APIRouter, HTTPException, Query, Request, status
from sqlalchemy import func
from sqlmodel import col, select

from core.keys import credential_keyring
from core.models import (
    Role,
    Trigger,
    TriggerPublic,
    TriggersPublic,
    WebhookEvent,
    WebhookEventPublic,
    WebhookEventsPublic,
    Workflow,
    utcnow,
)

from ..audit.trail import record_by
from ..deps import OperatorAccess, SessionDep, SettingsDep, TemporalClientDep, ViewerAccess
from ..platform.errors import SIGNED_IN, not_found
from ..workflows import store
from .activation import read_triggers, set_enabled, triggers_public
from .tokens import issue_token

router = APIRouter(prefix="/workflows", tags=["triggers"], responses=SIGNED_IN)


def _workflow(session: SessionDep, access: ViewerAccess, workflow_id: uuid.UUID) -> Workflow:
    workflow = store.read_workflow(
        session=session, workspace_id=access.workspace_id, workflow_id=workflow_id
    )
    if workflow is None:
        not_found("workflow", workflow_id)
    return workflow


def _trigger(session: SessionDep, workflow: Workflow, node_id: str) -> Trigger:
    found = [
        t for t in read_triggers(session=session, workflow_id=workflow.id) if t.node_id == node_id
    ]
    if not found:
        not_found(f"trigger of workflow {workflow.id} at node", node_id)
    return found[0]


def _graph(session: SessionDep, workflow: Workflow) -> dict:
    version = store.read_version(
        session=session, workflow_id=workflow.id, version=workflow.latest_version
    )
    return version.graph if version else {"nodes": []}


@router.get("/{workflow_id}/triggers", operation_id="triggers-read_triggers")
async def read_workflow_triggers(
    workflow_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: ViewerAccess,
) -> TriggersPublic:
    """Webhooks and schedules (with their next run) of the published version; webhook URLs
    for operators and up only (a viewer sees the trigger without its URL)."""
    workflow = _workflow(session, access, workflow_id)
    rows = read_triggers(session=session, workflow_id=workflow.id)
    data = await triggers_public(
        client=client,
        settings=settings,
        rows=rows,
        graph=_graph(session, workflow),
        show_urls=access.role.rank >= Role.operator.rank,
    )
    return TriggersPublic(data=data, count=len(data))


async def _switch(
    enabled: bool,
    workflow_id: uuid.UUID,
    node_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> TriggerPublic:
    workflow = _workflow(session, access, workflow_id)
    trigger = _trigger(session, workflow, node_id)
    verb = "enable" if enabled else "disable"
    await set_enabled(
        session=session,
        client=client,
        trigger=trigger,
        enabled=enabled,
        note=f"{verb}d by {access.user.email}",
    )
    record_by(
        session,
        request,
        access,
        f"trigger.{verb}",
        object_type="workflow",
        object_id=workflow.id,
        detail={"node_id": node_id},
    )
    [public] = await triggers_public(
        client=client,
        settings=settings,
        rows=[trigger],
        graph=_graph(session, workflow),
        show_urls=True,
    )
    return public


@router.post("/{workflow_id}/triggers/{node_id}/enable", operation_id="triggers-enable_trigger")
async def enable_trigger(
    workflow_id: uuid.UUID,
    node_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> TriggerPublic:
    """Accept deliveries again (webhook) or resume the schedule."""
    return await _switch(True, workflow_id, node_id, request, session, settings, client, access)


@router.post("/{workflow_id}/triggers/{node_id}/disable", operation_id="triggers-disable_trigger")
async def disable_trigger(
    workflow_id: uuid.UUID,
    node_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> TriggerPublic:
    """Refuse deliveries with 404 (webhook) or pause the schedule; publishing keeps it so."""
    return await _switch(False, workflow_id, node_id, request, session, settings, client, access)


@router.post("/{workflow_id}/triggers/{node_id}/rotate", operation_id="triggers-rotate_webhook_url")
async def rotate_webhook_url(
    workflow_id: uuid.UUID,
    node_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    access: OperatorAccess,
) -> TriggerPublic:
    """Give the webhook a new URL, answered here; the old URL answers 404 from now on."""
    workflow = _workflow(session, access, workflow_id)
    trigger = _trigger(session, workflow, node_id)
    if trigger.type != "webhook":
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"node_id {node_id!r} is a {trigger.type} trigger; only webhooks have a URL to rotate",
        )
    issue_token(trigger, credential_keyring(settings))
    trigger.updated_at = utcnow()
    session.add(trigger)
    session.commit()
    record_by(
        session,
        request,
        access,
        "trigger.rotate_url",
        object_type="workflow",
        object_id=workflow.id,
        detail={"node_id": node_id},
    )
    [public] = await triggers_public(
        client=client,
        settings=settings,
        rows=[trigger],
        graph=_graph(session, workflow),
        show_urls=True,
    )
    return public


@router.get("/{workflow_id}/triggers/{node_id}/events", operation_id="triggers-read_webhook_events")
def read_webhook_events(
    workflow_id: uuid.UUID,
    node_id: str,
    session: SessionDep,
    access: ViewerAccess,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> WebhookEventsPublic:
    """A webhook's deliveries, newest first: verified, run started, status answered."""
    workflow = _workflow(session, access, workflow_id)
    trigger = _trigger(session, workflow, node_id)
    query = select(WebhookEvent).where(WebhookEvent.trigger_id == trigger.id)
    count = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(WebhookEvent.id).desc()).offset(offset).limit(limit)
    ).all()
    data = [
        WebhookEventPublic(node_id=node_id, **r.model_dump(exclude={"trigger_id"})) for r in rows
    ]
    return WebhookEventsPublic(data=data, count=count)
