"""The dashboard document: runs by day and status, workflow health, slow nodes, LLM usage.

Days are UTC calendar days. Percentiles interpolate linearly between the closest ranks, like
PostgreSQL's `percentile_cont` (SQLite computes the same figures in Python).
"""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class RunsOnDay(BaseModel):
    """Runs created on `day`, by their current status."""

    day: date
    completed: int = 0
    failed: int = 0
    cancelled: int = 0
    terminated: int = 0
    timed_out: int = 0
    running: int = 0


class WorkflowHealth(BaseModel):
    workflow_id: uuid.UUID
    name: str | None
    runs: int
    """Runs created in the range, finished or not."""
    finished: int
    failed: int
    """Finished runs that failed or timed out (cancelled and terminated ones were stopped)."""
    failure_rate: float | None
    """`failed / finished`; null while no run has finished."""
    p50_ms: float | None
    """Median duration of the finished runs (any outcome)."""
    p95_ms: float | None


class SlowNode(BaseModel):
    """One node of one workflow, over its executions that started in the range."""

    node_type: str
    workflow_id: uuid.UUID
    node_id: str
    runs: int
    """Executions with a duration (skipped nodes have none)."""
    p50_ms: float
    p95_ms: float
    max_ms: float


class UsageOnDay(BaseModel):
    """LLM tokens and cost of the runs created on `day` (recorded when they finish)."""

    day: date
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0


class WorkflowUsage(BaseModel):
    workflow_id: uuid.UUID
    name: str | None
    input_tokens: int
    output_tokens: int
    cost: float


class PendingApprovals(BaseModel):
    """Approvals waiting for a decision now, whenever they were opened."""

    count: int
    oldest_created_at: datetime | None


class DashboardPublic(BaseModel):
    """Everything the dashboard page draws, for runs created in [`from`, `to`)."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    from_: datetime = Field(alias="from")
    to: datetime
    workflow_id: uuid.UUID | None
    runs_per_day: list[RunsOnDay]
    """Every day of the range, oldest first; days without runs are zeros."""
    workflows: list[WorkflowHealth]
    """Workflows with runs in the range, most runs first."""
    slowest_nodes: list[SlowNode]
    """The ten nodes with the highest p95 duration."""
    llm_per_day: list[UsageOnDay]
    """Every day of the range, oldest first."""
    llm_per_workflow: list[WorkflowUsage]
    """Workflows that used an LLM in the range, highest cost first."""
    pending_approvals: PendingApprovals
