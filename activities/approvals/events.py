"""Human approval: the node type, and the activity that keeps the app DB's approval rows."""

import asyncio
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity

from core.approvals_store import apply_event
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
        with Session(self.engine) as session:
            apply_event(session, event)
            session.commit()
