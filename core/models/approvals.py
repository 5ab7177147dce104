"""Approvals: one row per human.approval node reached, for listing and audit.

Temporal stays the source of truth: decisions go to the run as an update.
"""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._time import utcnow

ApprovalStatus = Literal["pending", "approved", "rejected", "timeout", "closed"]


class Approval(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("temporal_workflow_id", "node_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(index=True)
    workflow_id: uuid.UUID | None = Field(default=None, index=True)
    temporal_workflow_id: str = Field(index=True, max_length=200)
    node_id: str = Field(max_length=64)
    title: str = Field(max_length=300)
    instructions: str = ""
    approver_role: str = Field(default="operator", max_length=20)
    approver_emails: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    form_schema: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    status: str = Field(default="pending", index=True, max_length=20)
    decided_by: str | None = None
    decided_at: datetime | None = None
    comment: str | None = None
    form: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    expires_at: datetime | None = None


class ApprovalPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    workflow_id: uuid.UUID | None
    run_id: uuid.UUID | None
    node_id: str
    title: str
    instructions: str
    approver_role: str
    approver_emails: list[str]
    form_schema: dict[str, Any] | None
    status: ApprovalStatus
    decided_by: str | None
    decided_at: datetime | None
    comment: str | None
    form: dict[str, Any] | None
    created_at: datetime
    expires_at: datetime | None
    url: str
    """The approval's page in the editor."""


class ApprovalsPublic(BaseModel):
    data: list[ApprovalPublic]
    count: int


class DecisionCreate(BaseModel):
    decision: Literal["approved", "rejected"]
    comment: str = Field(default="", max_length=5000)
    form: dict[str, Any] = {}
