"""The audit log: who did what to which object, when, from where."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from ._time import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: uuid.UUID | None = Field(default=None, index=True)
    workspace_id: uuid.UUID | None = Field(default=None, index=True)
    action: str = Field(max_length=64, index=True)
    object_type: str | None = Field(default=None, max_length=64)
    object_id: str | None = Field(default=None, max_length=100)
    ip: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    user_id: uuid.UUID | None
    workspace_id: uuid.UUID | None
    action: str
    object_type: str | None
    object_id: str | None
    ip: str | None
    detail: dict[str, Any]


class AuditEventsPublic(BaseModel):
    data: list[AuditEventPublic]
    count: int
