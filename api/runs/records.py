"""Recording a finished run in the app DB: its status, per-node records, closed approvals."""

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from core.metrics import RUNS_FINISHED
from core.models import TERMINAL_STATUSES, Approval, NodeExecution, Run, Workflow, WorkflowVersion
from interpreter import NodeState

if TYPE_CHECKING:
    from .control import RunState


def record_outcome(session: Session, run: Run, state: "RunState") -> bool:
    """Write what changed; answers whether the run was newly recorded as finished."""
    if run.status == state.status or run.status in TERMINAL_STATUSES:
        return False
    run.status = state.status
    run.error = state.error
    if state.status in TERMINAL_STATUSES:
        run.finished_at = state.closed_at or datetime.now().astimezone()
        created = run.created_at if run.created_at.tzinfo else run.created_at.astimezone()
        run.duration_ms = max(0.0, (run.finished_at - created).total_seconds() * 1000)
        run.input_tokens = int(state.totals.get("input_tokens", 0))
        run.output_tokens = int(state.totals.get("output_tokens", 0))
        run.cost = float(state.totals.get("cost", 0.0))
        _node_records(session, run, state.nodes)
        _close_approvals(session, run)
        workflow = session.get(Workflow, run.workflow_id)
        RUNS_FINISHED.labels(workflow.name if workflow else "?", state.status).inc()
    session.add(run)
    session.commit()
    session.refresh(run)
    return state.status in TERMINAL_STATUSES


def _node_records(session: Session, run: Run, nodes: dict[str, NodeState]) -> None:
    done = set(session.exec(select(NodeExecution.node_id).where(NodeExecution.run_id == run.id)))
    version = session.exec(
        select(WorkflowVersion).where(
            WorkflowVersion.workflow_id == run.workflow_id, WorkflowVersion.version == run.version
        )
    ).first()
    types = {n["id"]: n["type"] for n in version.graph["nodes"]} if version else {}
    for node_id, state in nodes.items():
        if node_id in done:
            continue
        started, finished = _time(state.started_at), _time(state.finished_at)
        session.add(
            NodeExecution(
                run_id=run.id,
                workspace_id=run.workspace_id,
                workflow_id=run.workflow_id,
                node_id=node_id,
                node_type=types.get(node_id, ""),
                attempt=state.attempt,
                status=state.status,
                started_at=started,
                finished_at=finished,
                duration_ms=(finished - started).total_seconds() * 1000
                if started and finished
                else None,
                error=state.error,
                output_bytes=len(json.dumps(state.output, default=str))
                if state.output is not None
                else 0,
            )
        )


def _close_approvals(session: Session, run: Run) -> None:
    # A run that ended (e.g. cancelled) while waiting leaves approvals nobody can decide.
    pending = select(Approval).where(
        Approval.temporal_workflow_id == run.temporal_workflow_id, Approval.status == "pending"
    )
    for approval in session.exec(pending).all():
        approval.status = "closed"
        session.add(approval)


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None
