"""Runs: the list the API shows (Temporal stays the source of truth) and public shapes."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ._time import utcnow

RunStatus = Literal["running", "completed", "failed", "cancelled", "terminated", "timed_out"]
TERMINAL_STATUSES = ("completed", "failed", "cancelled", "terminated", "timed_out")


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inputs: dict[str, Any] = {}
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    trigger: str | None = Field(default=None, min_length=1, max_length=200)
    """Node id of the trigger to run from; the other triggers' branches are skipped."""


class Run(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    workflow_id: uuid.UUID = Field(foreign_key="workflow.id", index=True)
    version: int
    temporal_workflow_id: str = Field(unique=True)
    temporal_run_id: str
    status: str = Field(default="running", index=True)
    error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    retry_of: uuid.UUID | None = Field(default=None, foreign_key="run.id")
    """The failed run this one retries from its failed node."""
    duration_ms: float | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    """LLM usage and cost summed over the run (recorded when it finishes)."""


class NodeStatePublic(BaseModel):
    status: Literal["pending", "running", "waiting", "succeeded", "failed", "skipped"]
    attempt: int
    started_at: str | None = None
    finished_at: str | None = None
    output: Any = None
    error: str | None = None


class RunSummary(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    workflow_id: uuid.UUID
    workflow_name: str | None = None
    version: int
    status: RunStatus
    temporal_ui_url: str
    created_at: datetime
    finished_at: datetime | None = None
    retry_of: uuid.UUID | None = None


class RunPublic(RunSummary):
    nodes: dict[str, NodeStatePublic] = {}
    output: Any = None
    error: str | None = None
    totals: dict[str, float] = {}
    """LLM tokens (`input_tokens`, `output_tokens`) and `cost` summed over the run."""
    billed: dict[str, float] = {}
    """LLM tokens and `cost` of every provider answer of the run and its children, failed
    attempts included (`answers`: how many), from the worker's ledger; `totals` counts
    succeeded nodes only."""
    build_id: str | None = Field(
        default=None,
        description="Worker build id the run is pinned to (Worker Versioning): it finishes on "
        "that build even after a deploy. Null for an unversioned run, or before a worker "
        "picked it up.",
    )


class RunsPublic(BaseModel):
    data: list[RunSummary]
    count: int


class NodeExecution(SQLModel, table=True):
    """One node of one finished run, for history pages and metrics (written by RunRecorder)."""

    __tablename__ = "node_execution"
    __table_args__ = (UniqueConstraint("run_id", "node_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: uuid.UUID = Field(foreign_key="run.id", index=True)
    workspace_id: uuid.UUID = Field(index=True)
    workflow_id: uuid.UUID = Field(index=True)
    node_id: str = Field(max_length=64)
    node_type: str = Field(max_length=100, index=True)
    attempt: int = 0
    status: str = Field(max_length=20)
    started_at: datetime | None = Field(default=None, index=True)
    finished_at: datetime | None = None
    duration_ms: float | None = None
    error: str | None = None
    output_bytes: int = 0
