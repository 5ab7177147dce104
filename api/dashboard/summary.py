"""Dashboard figures, aggregated in SQL from runs and per-node execution records.

The same queries run on PostgreSQL and SQLite; only the day of a timestamp and percentiles
differ. PostgreSQL computes percentiles with `percentile_cont`; SQLite has no such aggregate,
so its durations are read sorted and `percentile` interpolates the same way in Python.
"""

import itertools
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Executable, case, cast, func, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from core.models import Approval, NodeExecution, Run
from core.models.dashboard import (
    DashboardPublic,
    PendingApprovals,
    RunsOnDay,
    SlowNode,
    UsageOnDay,
    WorkflowHealth,
    WorkflowUsage,
)

from ..runs.queries import workflow_names

STATUSES = ("completed", "failed", "cancelled", "terminated", "timed_out", "running")
FAILED = ("failed", "timed_out")
SLOWEST_NODES = 10
Quantiles = tuple[float | None, float | None]
WORK_MEM = "32MB"


@dataclass(frozen=True)
class Scope:
    """What a dashboard covers: one workspace, [start, end), maybe one workflow."""

    workspace_id: uuid.UUID
    start: datetime
    end: datetime
    workflow_id: uuid.UUID | None = None


def read_dashboard(
    *,
    session: Session,
    workspace_id: uuid.UUID,
    start: datetime,
    end: datetime,
    workflow_id: uuid.UUID | None = None,
) -> DashboardPublic:
    """The whole dashboard document in five queries (six on SQLite)."""
    scope = Scope(workspace_id, start, end, workflow_id)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:  # narrow ranges sort their durations: in memory rather than spilled to disk
        session.connection().execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    runs_per_day, llm_per_day = _per_day(session, scope, postgres)
    workflows, usage = _per_workflow(session, scope, postgres)
    names = workflow_names(session=session, workflow_ids={w.workflow_id for w in workflows})
    named: list[WorkflowHealth | WorkflowUsage] = [*workflows, *usage]
    for row in named:
        row.name = names.get(row.workflow_id)
    return DashboardPublic(
        from_=start,
        to=end,
        workflow_id=workflow_id,
        runs_per_day=runs_per_day,
        workflows=workflows,
        slowest_nodes=_slowest_nodes(session, scope, postgres),
        llm_per_day=llm_per_day,
        llm_per_workflow=usage,
        pending_approvals=_pending_approvals(session, scope),
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    """`percentile_cont` of sorted `values`: interpolates between the two closest ranks."""
    rank = fraction * (len(values) - 1)
    low, high = values[math.floor(rank)], values[math.ceil(rank)]
    return low + (high - low) * (rank - math.floor(rank))


def days(start: datetime, end: datetime) -> list[date]:
    """The UTC days [start, end) touches, oldest first."""
    first = start.astimezone(UTC).date()
    last = (end - timedelta(microseconds=1)).astimezone(UTC).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _rows(session: Session, statement: Executable) -> list[Any]:
    """Rows of an aggregate query, in the session's transaction."""
    return list(session.connection().execute(statement).all())


def _day(column: Any, postgres: bool) -> ColumnElement[date]:
    if postgres:  # a literal: GROUP BY must repeat the selected expression exactly
        return cast(func.timezone(literal_column("'UTC'"), column), Date)
    return func.date(column, type_=Date)  # stored as UTC text: 'YYYY-MM-DD HH:MM:SS...'


def _runs_in(scope: Scope) -> list[ColumnElement[bool]]:
    where = [
        col(Run.workspace_id) == scope.workspace_id,
        col(Run.created_at) >= scope.start,
        col(Run.created_at) < scope.end,
    ]
    return where + ([col(Run.workflow_id) == scope.workflow_id] if scope.workflow_id else [])


def _counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _per_day(
    session: Session, scope: Scope, postgres: bool
) -> tuple[list[RunsOnDay], list[UsageOnDay]]:
    day = _day(col(Run.created_at), postgres).label("day")
    query = (
        select(
            day,
            *(_counted(col(Run.status) == s).label(s) for s in STATUSES),
            func.sum(Run.input_tokens).label("input_tokens"),
            func.sum(Run.output_tokens).label("output_tokens"),
            func.sum(Run.cost).label("cost"),
        )
        .where(*_runs_in(scope))
        .group_by(day)
    )
    found = {row.day: row for row in _rows(session, query)}
    runs, usage = [], []
    for d in days(scope.start, scope.end):
        row = found.get(d)
        if row is None:
            runs.append(RunsOnDay(day=d))
            usage.append(UsageOnDay(day=d))
            continue
        runs.append(RunsOnDay(day=d, **{s: getattr(row, s) for s in STATUSES}))
        usage.append(
            UsageOnDay(
                day=d,
                input_tokens=row.input_tokens,
                output_tokens=row.output_tokens,
                cost=row.cost,
            )
        )
    return runs, usage


def _per_workflow(
    session: Session, scope: Scope, postgres: bool
) -> tuple[list[WorkflowHealth], list[WorkflowUsage]]:
    figures = [
        func.count().label("runs"),
        _counted(col(Run.status) != "running").label("finished"),
        _counted(col(Run.status).in_(FAILED)).label("failed"),
        func.sum(Run.input_tokens).label("input_tokens"),
        func.sum(Run.output_tokens).label("output_tokens"),
        func.sum(Run.cost).label("cost"),
    ]
    if postgres:  # percentile_cont skips the NULL durations of running runs
        figures += [
            func.percentile_cont(0.5).within_group(col(Run.duration_ms)).label("p50"),
            func.percentile_cont(0.95).within_group(col(Run.duration_ms)).label("p95"),
        ]
    workflow = col(Run.workflow_id)
    rows = _rows(session, select(workflow, *figures).where(*_runs_in(scope)).group_by(workflow))
    quantiles = (
        {r.workflow_id: (r.p50, r.p95) for r in rows}
        if postgres
        else _run_percentiles_in_python(session, scope)
    )
    health = [
        WorkflowHealth(
            workflow_id=r.workflow_id,
            name=None,
            runs=r.runs,
            finished=r.finished,
            failed=r.failed,
            failure_rate=r.failed / r.finished if r.finished else None,
            p50_ms=quantiles.get(r.workflow_id, (None, None))[0],
            p95_ms=quantiles.get(r.workflow_id, (None, None))[1],
        )
        for r in rows
    ]
    usage = [
        WorkflowUsage(
            workflow_id=r.workflow_id,
            name=None,
            input_tokens=r.input_tokens,
            output_tokens=r.output_tokens,
            cost=r.cost,
        )
        for r in rows
        if r.input_tokens or r.output_tokens or r.cost
    ]
    health.sort(key=lambda w: (-w.runs, str(w.workflow_id)))
    usage.sort(key=lambda w: (-w.cost, -(w.input_tokens + w.output_tokens), str(w.workflow_id)))
    return health, usage


def _run_percentiles_in_python(session: Session, scope: Scope) -> dict[uuid.UUID, Quantiles]:
    key, duration = col(Run.workflow_id), col(Run.duration_ms)
    query = (
        select(key, duration).where(*_runs_in(scope), duration.is_not(None)).order_by(key, duration)
    )
    grouped = itertools.groupby(_rows(session, query), key=lambda r: r[0])
    quantiles: dict[uuid.UUID, Quantiles] = {}
    for workflow_id, rows in grouped:
        durations = [r[1] for r in rows]
        quantiles[workflow_id] = (percentile(durations, 0.5), percentile(durations, 0.95))
    return quantiles


def _nodes_in(scope: Scope) -> list[ColumnElement[bool]]:
    where = [
        col(NodeExecution.workspace_id) == scope.workspace_id,
        col(NodeExecution.started_at) >= scope.start,
        col(NodeExecution.started_at) < scope.end,
        col(NodeExecution.duration_ms).is_not(None),
    ]
    if scope.workflow_id:
        where.append(col(NodeExecution.workflow_id) == scope.workflow_id)
    return where


def _slowest_nodes(session: Session, scope: Scope, postgres: bool) -> list[SlowNode]:
    if not postgres:
        return _slowest_nodes_in_python(session, scope)
    key, duration = _node_key(), col(NodeExecution.duration_ms)
    p95 = func.percentile_cont(0.95).within_group(duration).label("p95")
    query = (
        select(
            *key,
            func.count().label("runs"),
            func.percentile_cont(0.5).within_group(duration).label("p50"),
            p95,
            func.max(duration).label("max"),
        )
        .where(*_nodes_in(scope))
        .group_by(*key)
        .order_by(p95.desc(), *key)
        .limit(SLOWEST_NODES)
    )
    return [_slow_node(r[:3], r.runs, r.p50, r.p95, r.max) for r in _rows(session, query)]


def _slowest_nodes_in_python(session: Session, scope: Scope) -> list[SlowNode]:
    key, duration = _node_key(), col(NodeExecution.duration_ms)
    query = select(*key, duration).where(*_nodes_in(scope)).order_by(*key, duration)
    nodes = []
    for group, rows in itertools.groupby(_rows(session, query), key=lambda r: tuple(r[:3])):
        durations = [r[3] for r in rows]
        p50, p95 = percentile(durations, 0.5), percentile(durations, 0.95)
        nodes.append(_slow_node(group, len(durations), p50, p95, durations[-1]))
    nodes.sort(key=lambda n: (-n.p95_ms, str(n.workflow_id), n.node_id, n.node_type))
    return nodes[:SLOWEST_NODES]


def _node_key() -> tuple[Any, Any, Any]:
    return (
        col(NodeExecution.workflow_id),
        col(NodeExecution.node_id),
        col(NodeExecution.node_type),
    )


def _slow_node(key: Sequence[Any], runs: int, p50: float, p95: float, top: float) -> SlowNode:
    workflow_id, node_id, node_type = key
    return SlowNode(
        node_type=node_type,
        workflow_id=workflow_id,
        node_id=node_id,
        runs=runs,
        p50_ms=p50,
        p95_ms=p95,
        max_ms=top,
    )


def _pending_approvals(session: Session, scope: Scope) -> PendingApprovals:
    query = select(func.count(), func.min(col(Approval.created_at))).where(
        col(Approval.workspace_id) == scope.workspace_id, col(Approval.status) == "pending"
    )
    if scope.workflow_id:
        query = query.where(col(Approval.workflow_id) == scope.workflow_id)
    [(count, oldest)] = _rows(session, query)
    return PendingApprovals(count=count, oldest_created_at=oldest)
