"""Human approval: the node type, and the activity that keeps the app DB's approval rows."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity

from core.models import Approval
from interpreter import NodeType

from ._deps import NodeDependencies

APPROVAL = NodeType(
    type="human.approval",
    category="Human",
    label="Approval",
    description="Pauses the run until a person approves or rejects it (or the timeout passes); "
    "costs nothing while it waits and survives restarts. Routes to `approved`, `rejected` "
    "or `timeout`.",
    kind="approval",
    output_ports=("approved", "rejected", "timeout"),
    heartbeat_seconds=None,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "title": {
                "type": "string",
                "minLength": 1,
                "maxLength": 300,
                "description": "Shown in the approvals inbox.",
                "examples": ["Refund {{ inputs.amount }} EUR?"],
            },
            "instructions": {
                "type": "string",
                "maxLength": 20000,
                "description": "What the approver should check (template).",
            },
            "approver_role": {
                "enum": ["operator", "editor", "owner"],
                "default": "operator",
                "description": "Lowest workspace role that may decide.",
            },
            "approver_emails": {
                "type": "array",
                "items": {"type": "string"},
                "description": "If set, only these people may decide.",
            },
            "form_schema": {
                "type": "object",
                "x-widget": "json",
                "description": "JSON Schema of a form the approver fills in.",
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 366 * 86400,
                "description": "Give up after this long (up to a year).",
            },
            "on_timeout": {
                "enum": ["route", "fail"],
                "default": "route",
                "description": "`route` to the timeout port, or fail the node.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "decision": {"enum": ["approved", "rejected", "timeout"]},
            "decided_by": {"type": ["string", "null"]},
            "decided_at": {"type": "string"},
            "comment": {"type": "string"},
            "form": {"type": "object"},
        },
    },
)

NODE_TYPES = [APPROVAL]


def build(deps: NodeDependencies) -> list[object]:
    return [ApprovalRecords(deps.engine).record]


class ApprovalRecords:
    """Writes approval rows; idempotent, since Temporal may retry it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @activity.defn(name="approval.record")
    async def record(self, event: dict[str, Any]) -> None:
        await asyncio.to_thread(self._write, event)

    def _write(self, event: dict[str, Any]) -> None:
        run = event["run"]
        with Session(self.engine) as session:
            row = session.exec(
                select(Approval).where(
                    Approval.temporal_workflow_id == run["temporal_workflow_id"],
                    Approval.node_id == event["node_id"],
                )
            ).first()
            if event["event"] == "opened" and row is None:
                session.add(_opened(event, run))
            elif event["event"] == "closed" and row is not None:
                decision = event["decision"]
                row.status = decision["decision"]
                row.decided_by = decision.get("decided_by")
                row.decided_at = datetime.fromisoformat(decision["decided_at"])
                row.comment = decision.get("comment")
                row.form = decision.get("form")
                session.add(row)
            session.commit()


def _opened(event: dict[str, Any], run: dict[str, Any]) -> Approval:
    config = event["config"]
    timeout = config.get("timeout_seconds")
    return Approval(
        # Runs started outside the API (tests, tools) belong to no workspace.
        workspace_id=_uuid(run.get("workspace_id")) or uuid.UUID(int=0),
        workflow_id=_uuid(run.get("workflow_id")),
        temporal_workflow_id=run["temporal_workflow_id"],
        node_id=event["node_id"],
        title=str(config.get("title", "Approval")),
        instructions=str(config.get("instructions", "")),
        approver_role=config.get("approver_role", "operator"),
        approver_emails=[e.lower() for e in config.get("approver_emails") or []],
        form_schema=config.get("form_schema"),
        expires_at=datetime.now(UTC) + timedelta(seconds=float(timeout)) if timeout else None,
    )


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
