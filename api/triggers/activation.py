"""Activating a published version's triggers and deactivating a deleted workflow's.

A trigger row is kept per (workflow, node): a webhook keeps its URL token and a schedule its
Temporal Schedule across versions, so publishing again never changes a URL.
"""

import asyncio
import uuid
from typing import Any

from sqlmodel import Session, col, select
from temporalio.client import Client

from core.config import Settings
from core.keys import credential_keyring
from core.models import Trigger, TriggerPublic, Workflow, WorkflowVersion, utcnow

from .schedules import delete_schedule, describe_schedule, next_run_at, schedule_id, upsert_schedule
from .tokens import issue_token, reveal_token

TRIGGER_TYPES = {"trigger.webhook": "webhook", "trigger.schedule": "schedule"}


def read_triggers(*, session: Session, workflow_id: uuid.UUID) -> list[Trigger]:
    query = select(Trigger).where(Trigger.workflow_id == workflow_id)
    return list(session.exec(query.order_by(col(Trigger.node_id))).all())


def trigger_nodes(graph: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Trigger node id → node, for the node types that need activating."""
    return {n["id"]: n for n in graph["nodes"] if n["type"] in TRIGGER_TYPES}


def node_config(node: dict[str, Any]) -> dict[str, Any]:
    return (node.get("data") or {}).get("config") or {}


async def activate_triggers(
    *,
    session: Session,
    client: Client,
    settings: Settings,
    workflow: Workflow,
    version: WorkflowVersion,
) -> None:
    """Make the trigger rows and Temporal Schedules match `version`'s trigger nodes."""
    nodes = trigger_nodes(version.graph)
    gone: list[str] = []
    rows: dict[str, Trigger] = {}
    for row in read_triggers(session=session, workflow_id=workflow.id):
        node = nodes.get(row.node_id)
        if node is None or TRIGGER_TYPES[node["type"]] != row.type:
            gone += [row.schedule_id] if row.schedule_id else []
            session.delete(row)
        else:
            rows[row.node_id] = row
    for node_id, node in nodes.items():
        row = rows.get(node_id) or Trigger(
            workspace_id=workflow.workspace_id,
            workflow_id=workflow.id,
            node_id=node_id,
            type=TRIGGER_TYPES[node["type"]],
        )
        if row.type == "webhook":
            if row.token_hash is None:
                issue_token(row, credential_keyring(settings))
        else:
            row.schedule_id = schedule_id(workflow.id, node_id)
        row.updated_at = utcnow()
        session.add(row)
        rows[node_id] = row
    session.commit()
    for gone_id in gone:
        await delete_schedule(client, gone_id)
    for node_id, row in rows.items():
        if row.type == "schedule":
            await upsert_schedule(
                client=client,
                settings=settings,
                workflow=workflow,
                version=version,
                trigger=row,
                config=node_config(nodes[node_id]),
            )


async def deactivate_triggers(*, session: Session, client: Client, workflow: Workflow) -> None:
    """Delete the workflow's schedules and webhook URLs (deliveries stay in the log)."""
    for row in read_triggers(session=session, workflow_id=workflow.id):
        if row.schedule_id:
            await delete_schedule(client, row.schedule_id)
        session.delete(row)
    session.commit()


def webhook_url(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/hooks/{token}"


async def triggers_public(
    *,
    client: Client,
    settings: Settings,
    rows: list[Trigger],
    graph: dict[str, Any],
    show_urls: bool,
) -> list[TriggerPublic]:
    """Rows as the API shows them; schedules with their state from Temporal. Webhook URLs
    only with `show_urls` (operators and up): the URL is what authorises a delivery."""
    nodes = trigger_nodes(graph)
    keyring = credential_keyring(settings)
    descriptions = await asyncio.gather(
        *(describe_schedule(client, r.schedule_id) for r in rows if r.schedule_id)
    )
    by_id = dict(zip([r.schedule_id for r in rows if r.schedule_id], descriptions, strict=True))
    data = []
    for row in rows:
        if row.type == "webhook":
            config = node_config(nodes.get(row.node_id, {}))
            token = reveal_token(row, keyring) if show_urls else None
            data.append(
                TriggerPublic(
                    node_id=row.node_id,
                    type="webhook",
                    enabled=row.enabled,
                    url=webhook_url(settings, token) if token else None,
                    signed=bool(config.get("credential_id")),
                )
            )
            continue
        description = by_id.get(row.schedule_id or "")
        paused = description.schedule.state.paused if description else None
        data.append(
            TriggerPublic(
                node_id=row.node_id,
                type="schedule",
                enabled=row.enabled if paused is None else not paused,
                schedule_id=row.schedule_id,
                next_run_at=next_run_at(description),
                paused=paused,
            )
        )
    return data


async def set_enabled(
    *, session: Session, client: Client, trigger: Trigger, enabled: bool, note: str
) -> None:
    """Enable or disable a trigger; for a schedule that is resuming or pausing it."""
    if trigger.schedule_id:
        handle = client.get_schedule_handle(trigger.schedule_id)
        if enabled:
            await handle.unpause(note=note or "resumed from Sluice")
        else:
            await handle.pause(note=note or "paused from Sluice")
    trigger.enabled = enabled
    trigger.updated_at = utcnow()
    session.add(trigger)
    session.commit()
