"""Tables and the public schema ladder for workflows, their versions and runs."""

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .graph_schema import Graph

RunStatus = Literal["running", "completed", "failed", "cancelled", "terminated", "timed_out"]
TERMINAL_STATUSES = ("completed", "failed", "cancelled", "terminated", "timed_out")


def utcnow() -> datetime:
    return datetime.now(UTC)


# Workflows ------------------------------------------------------------------------------


class WorkflowBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)


class WorkflowCreate(WorkflowBase):
    graph: Graph


class WorkflowUpdate(WorkflowBase):
    """A PUT saves a new immutable version; runs in flight keep theirs."""

    graph: Graph


class Workflow(WorkflowBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    latest_version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class WorkflowVersion(SQLModel, table=True):
    __tablename__ = "workflow_version"
    __table_args__ = (UniqueConstraint("workflow_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    workflow_id: uuid.UUID = Field(foreign_key="workflow.id", index=True)
    version: int
    graph: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class WorkflowPublic(WorkflowBase):
    id: uuid.UUID
    version: int
    graph: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class WorkflowSummary(WorkflowBase):
    id: uuid.UUID
    version: int
    created_at: datetime
    updated_at: datetime


class WorkflowsPublic(BaseModel):
    data: list[WorkflowSummary]
    count: int


class VersionPublic(BaseModel):
    version: int
    created_at: datetime
    graph: dict[str, Any]


class VersionsPublic(BaseModel):
    data: list[VersionPublic]
    count: int


# Runs -----------------------------------------------------------------------------------


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inputs: dict[str, Any] = {}
    version: int | None = Field(default=None, ge=1)


class Run(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workflow_id: uuid.UUID = Field(foreign_key="workflow.id", index=True)
    version: int
    temporal_workflow_id: str = Field(unique=True)
    temporal_run_id: str
    status: str = Field(default="running", index=True)
    error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None


class NodeStatePublic(BaseModel):
    status: str
    attempt: int
    started_at: str | None = None
    finished_at: str | None = None
    output: Any = None
    error: str | None = None


class RunSummary(BaseModel):
    id: uuid.UUID
    workflow_id: uuid.UUID
    version: int
    status: RunStatus
    temporal_ui_url: str
    created_at: datetime
    finished_at: datetime | None = None


class RunPublic(RunSummary):
    nodes: dict[str, NodeStatePublic] = {}
    output: Any = None
    error: str | None = None


class RunsPublic(BaseModel):
    data: list[RunSummary]
    count: int
