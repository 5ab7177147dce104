"""Communications: one row per email or SMS send attempt, for audit and retry dedupe."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from ._time import utcnow

Channel = Literal["email", "sms"]
CommunicationStatus = Literal["sent", "failed"]


class Communication(SQLModel, table=True):
    __tablename__ = "communication"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    workspace_id: uuid.UUID | None = Field(default=None, index=True)
    """None for runs started outside the API (tests, benchmarks)."""
    run_id: str = Field(max_length=200, index=True)
    """The Temporal workflow id of the run."""
    node_id: str = Field(max_length=64)
    attempt: int = 1
    channel: str = Field(max_length=16)
    recipients: list[str] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=16)
    provider_id: str | None = Field(default=None, max_length=300)
    """SMTP Message-ID or Twilio message SID."""
    error: str | None = Field(default=None, max_length=2000)
    output: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """What the node returned, so a retry after a lost completion answers the same."""


class CommunicationPublic(BaseModel):
    id: int
    created_at: datetime
    workspace_id: uuid.UUID | None
    run_id: str
    node_id: str
    attempt: int
    channel: Channel
    recipients: list[str]
    status: CommunicationStatus
    provider_id: str | None
    error: str | None


class CommunicationsPublic(BaseModel):
    data: list[CommunicationPublic]
    count: int
