"""Trigger nodes: webhooks, schedules, and the webhook's answer.

Publishing a workflow version activates its triggers (api/triggers/activation.py): a webhook gets a
URL, a schedule becomes a Temporal Schedule. A scheduled run's trigger node records the run
in the app DB, so runs that no API request started still show in the run list.
"""

import asyncio
import re
import uuid
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from temporalio import activity

from core.models import Run
from core.run_rows import add_run
from interpreter import NodeTask, NodeType, RetrySpec

from ._deps import NodeDependencies
from ._runtime import node_activity

SCHEDULE_RUN_KEY = "_schedule_run"
"""Config key the API adds to the firing schedule node's plan: {schedule_id, workflow_id,
workspace_id, version}. The graph schema forbids it, so only a schedule's plan has it."""
OVERLAP_POLICIES = ("skip", "buffer_one", "buffer_all", "cancel_other", "terminate_other",
                    "allow_all")  # fmt: skip

WEBHOOK = NodeType(
    type="trigger.webhook",
    category="Triggers",
    label="Webhook",
    description="Starts a run for each HTTP request (GET or POST) to the workflow's URL "
    "`/hooks/{token}` (see GET /api/workflows/{id}/triggers). Its output is the request.",
    kind="inline",
    input_ports=(),
    credential_type="http_auth",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "credential_id": {
                "type": "string",
                "description": "An `http_header` credential: deliveries must be signed "
                "(HMAC-SHA256 with its `value` as the secret, in the header its `name` says, "
                'e.g. X-Sluice-Signature: t=<unix time>,v1=<hex of HMAC("<t>.<body>")>). '
                "Without it, anyone who knows the URL can start runs.",
            },
            "respond": {
                "enum": ["immediately", "on_node"],
                "default": "immediately",
                "description": "`immediately`: 202 with the run id; `on_node`: wait until a "
                "webhook.respond node ran and answer with its status, headers and body.",
            },
            "idempotency_body_field": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "description": "JMESPath into the JSON body naming a delivery id (e.g. `id`): "
                "a delivery with an id already seen starts no second run. The "
                "Idempotency-Key header does the same and wins.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "method": {"type": "string"},
            "headers": {"type": "object", "description": "Lower-case names; no credentials."},
            "query": {"type": "object"},
            "body": {
                "description": "JSON parsed, a form as an object, text, or a file "
                "reference for binary or large bodies."
            },  # fmt: skip
            "received_at": {"type": "string", "format": "date-time"},
        },
    },
)

SCHEDULE = NodeType(
    type="trigger.schedule",
    category="Triggers",
    label="Schedule",
    description="Starts runs on a cron schedule or at a fixed interval, as a Temporal "
    "Schedule (visible in the Temporal UI); pause, resume and run it now from the API.",
    kind="activity",
    input_ports=(),
    retry=RetrySpec(max_attempts=10, maximum_interval_seconds=30.0),
    timeout_seconds=30.0,
    heartbeat_seconds=None,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "cron": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string"}, "minItems": 1},
                ],
                "description": "Cron expression(s): `minute hour day-of-month month "
                "day-of-week` (e.g. `0 9 * * MON-FRI`), or @hourly, @daily, @weekly, @monthly.",
            },
            "timezone": {
                "type": "string",
                "default": "UTC",
                "description": "IANA time zone the cron expressions are read in.",
            },
            "interval_seconds": {
                "type": "number",
                "minimum": 1,
                "description": "Instead of cron: run every this many seconds.",
            },
            "overlap": {
                "enum": list(OVERLAP_POLICIES),
                "default": "skip",
                "description": "When a run is due while the last one still runs: skip it, "
                "buffer one (or all), cancel or terminate the running one, or allow all.",
            },
            "catchup_window_seconds": {
                "type": "number",
                "minimum": 10,
                "default": 300,
                "description": "Runs missed (e.g. Temporal was down) by less than this "
                "still start; older ones are dropped.",
            },
            "pause_on_failure": {"type": "boolean", "default": False},
            "inputs": {"type": "object", "description": "The run inputs of scheduled runs."},
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "scheduled_at": {"type": ["string", "null"], "format": "date-time"},
            "schedule_id": {"type": ["string", "null"]},
            "inputs": {"type": "object"},
        },
    },
)

RESPOND = NodeType(
    type="webhook.respond",
    category="Triggers",
    label="Respond to webhook",
    description="The HTTP answer to the delivery that started the run, when its webhook "
    "trigger is set to `respond: on_node`. The run goes on after it.",
    kind="inline",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "status": {"type": "integer", "minimum": 100, "maximum": 599, "default": 200},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "body": {"description": "Any JSON value (sent as JSON) or text (template)."},
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "status": {"type": "integer"},
            "headers": {"type": "object"},
            "body": {},
        },
    },
)

NODE_TYPES = [WEBHOOK, SCHEDULE, RESPOND]


def build(deps: NodeDependencies) -> list[object]:
    return [ScheduledRuns(deps.engine).tick]


# Temporal appends the nominal time to the workflow id of a scheduled start.
_NOMINAL_TIME = re.compile(r"-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$")


class ScheduledRuns:
    """The trigger.schedule activity: records the scheduled run, outputs when it was due."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @node_activity("trigger.schedule")
    async def tick(self, task: NodeTask) -> dict[str, Any]:
        info = activity.info()
        temporal_id, temporal_run_id = info.workflow_id or "", info.workflow_run_id or ""
        record = task.config.get(SCHEDULE_RUN_KEY)
        if isinstance(record, dict):
            await asyncio.to_thread(self._record, record, temporal_id, temporal_run_id)
        due = _NOMINAL_TIME.search(temporal_id)
        return {
            "scheduled_at": due.group(1) if due else None,
            "schedule_id": record.get("schedule_id") if isinstance(record, dict) else None,
            "inputs": task.config.get("inputs") or {},
        }

    def _record(self, record: dict[str, Any], temporal_id: str, temporal_run_id: str) -> None:
        with Session(self.engine) as session:
            if session.exec(select(Run.id).where(Run.temporal_workflow_id == temporal_id)).first():
                return
            add_run(
                session,
                # The same id on every attempt: a retried activity writes the same row.
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"sluice:{temporal_id}"),
                workspace_id=uuid.UUID(record["workspace_id"]),
                workflow_id=uuid.UUID(record["workflow_id"]),
                version=int(record["version"]),
                temporal_workflow_id=temporal_id,
                temporal_run_id=temporal_run_id,
            )
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # recorded meanwhile by another attempt
