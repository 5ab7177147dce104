"""Recording a finished run in the app DB: its status, per-node records, closed approvals."""

import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from core.approvals_store import close_pending
from core.metrics import RUNS_FINISHED
from core.models import TERMINAL_STATUSES, NodeExecution, Run, Workflow, WorkflowVersion
from core.run_rows import set_status
from interpreter import NodeState

if TYPE_CHECKING:
    from .control import RunState


def record_outcome(session: Session, run: Run, state: "RunState") -> bool:
    """Write what changed; answers whether the run was newly recorded as finished."""
    if run.status == state.status or run.status in TERMINAL_STATUSES:
        return False
    set_status(
        session,
        run,
        status=state.status,
        error=state.error,
        closed_at=state.closed_at,
        totals=state.totals,
    )
    if state.status in TERMINAL_STATUSES:
        types = _node_types(session, run)
        _node_records(session, run, state.nodes, state.output_bytes, types)
        if APPROVAL in types.values():
            close_pending(session, run.temporal_workflow_id)
        workflow = session.get(Workflow, run.workflow_id)
        RUNS_FINISHED.labels(workflow.name if workflow else "?", state.status).inc()
    session.commit()
    session.refresh(run)
    return state.status in TERMINAL_STATUSES


APPROVAL = "human.approval"
_TYPES: dict[tuple[uuid.UUID, int], dict[str, str]] = {}
"""Node types by node id of each (workflow, version) recorded: a version never changes."""
_TYPES_KEPT = 4096


def _node_types(session: Session, run: Run) -> dict[str, str]:
    key = (run.workflow_id, run.version)
    if key not in _TYPES:
        version = session.exec(
            select(WorkflowVersion).where(
                WorkflowVersion.workflow_id == run.workflow_id,
                WorkflowVersion.version == run.version,
            )
        ).first()
        if version is None:
            return {}
        if len(_TYPES) >= _TYPES_KEPT:
            _TYPES.clear()
        _TYPES[key] = {n["id"]: n["type"] for n in version.graph["nodes"]}
    return _TYPES[key]


def _node_records(
    session: Session,
    run: Run,
    nodes: dict[str, NodeState],
    sizes: dict[str, int] | None,
    types: dict[str, str],
) -> None:
    done = set(session.exec(select(NodeExecution.node_id).where(NodeExecution.run_id == run.id)))
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
                output_bytes=_output_bytes(node_id, state, sizes),
            )
        )


def _output_bytes(node_id: str, state: NodeState, sizes: dict[str, int] | None) -> int:
    if sizes is not None:
        return int(sizes.get(node_id, 0))
    return len(json.dumps(state.output, default=str)) if state.output is not None else 0


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None
