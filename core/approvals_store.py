"""The one writer of approval rows: the approval activity, the decide route, run records."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from .models import Approval


def apply_event(session: Session, event: dict[str, Any]) -> None:
    """Open or close the approval an `approval.record` event names; idempotent, uncommitted."""
    run = event["run"]
    row = session.exec(
        select(Approval).where(
            Approval.temporal_workflow_id == run["temporal_workflow_id"],
            Approval.node_id == event["node_id"],
        )
    ).first()
    if event["event"] == "opened" and row is None:
        session.add(_opened(event, run))
    elif event["event"] == "closed" and row is not None:
        record_decision(session, row, event["decision"])


def record_decision(session: Session, row: Approval, decision: dict[str, Any]) -> None:
    """Write the decision GraphWorkflow accepted onto its approval row (uncommitted)."""
    row.status = decision["decision"]
    row.decided_by = decision.get("decided_by")
    row.decided_at = datetime.fromisoformat(decision["decided_at"])
    row.comment = decision.get("comment")
    row.form = decision.get("form")
    session.add(row)


def close_pending(session: Session, temporal_workflow_id: str) -> None:
    """Close the approvals a run left pending when it ended (uncommitted)."""
    pending = select(Approval).where(
        Approval.temporal_workflow_id == temporal_workflow_id, Approval.status == "pending"
    )
    for approval in session.exec(pending).all():
        approval.status = "closed"
        session.add(approval)


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
