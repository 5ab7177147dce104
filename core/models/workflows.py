"""Workflows and their immutable versions: tables and public schema ladder.

The request models that carry a graph (`WorkflowCreate`, `WorkflowUpdate`) live in
api/workflows/graph_schema.py: their option bounds are the interpreter's declaration.
"""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._time import utcnow


class WorkflowBase(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)


class WorkflowRename(SQLModel):
    """Name and description only: no new version."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)


class Workflow(WorkflowBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
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
    workspace_id: uuid.UUID
    version: int
    graph: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class WorkflowSummary(WorkflowBase):
    id: uuid.UUID
    workspace_id: uuid.UUID
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
