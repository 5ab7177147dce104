"""Triggers (webhooks, schedules) of published workflows, and the webhook deliveries log.

Temporal keeps schedule state (paused, next runs); a trigger row keeps what Temporal does
not: the webhook token (hashed, and sealed), which workflow and node a trigger belongs to,
and `enabled`.
"""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ._time import utcnow

TriggerType = Literal["webhook", "schedule"]


class Trigger(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workflow_id", "node_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(index=True)
    workflow_id: uuid.UUID = Field(index=True)
    node_id: str = Field(max_length=64)
    type: str = Field(max_length=20)
    token_hash: str | None = Field(default=None, unique=True, max_length=64)
    """SHA-256 (hex) of the secret part of a webhook's URL (`/hooks/{token}`), which stays
    the same across versions until rotated; deliveries are matched by it."""
    token_key_id: str | None = Field(default=None, max_length=64)
    """The credential key that sealed `token_sealed`."""
    token_sealed: bytes | None = None
    """The token sealed with the credential keyring, so operators can read the URL again."""
    schedule_id: str | None = Field(default=None, max_length=200)
    """The Temporal Schedule of a schedule trigger."""
    enabled: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class WebhookEvent(SQLModel, table=True):
    """One delivery to a webhook URL, whatever became of it."""

    __tablename__ = "webhook_event"

    id: int | None = Field(default=None, primary_key=True)
    trigger_id: uuid.UUID = Field(index=True)
    workspace_id: uuid.UUID = Field(index=True)
    workflow_id: uuid.UUID
    received_at: datetime = Field(default_factory=utcnow, index=True)
    method: str = Field(max_length=10)
    verified: bool = False
    """A valid signature came with it (always false when the trigger checks none)."""
    duplicate: bool = False
    """Its idempotency key named a run that had already been started."""
    run_id: uuid.UUID | None = None
    status_code: int
    error: str | None = None


class TriggerPublic(BaseModel):
    node_id: str
    type: TriggerType
    enabled: bool
    url: str | None = None
    """Webhooks: where to send deliveries (GET or POST); shown to operators and up only."""
    signed: bool = False
    """Webhooks: deliveries must carry a valid signature."""
    schedule_id: str | None = None
    next_run_at: datetime | None = None
    """Schedules: the next time Temporal will start a run (none while paused)."""
    paused: bool | None = None


class TriggersPublic(BaseModel):
    data: list[TriggerPublic]
    count: int


class ScheduleRunPublic(BaseModel):
    scheduled_at: datetime
    started_at: datetime
    temporal_workflow_id: str


class SchedulePublic(BaseModel):
    id: str
    """The Temporal Schedule id, `sluice-{workflow_id}-{node_id}`."""
    workflow_id: uuid.UUID
    workflow_name: str
    node_id: str
    paused: bool
    note: str
    next_run_at: datetime | None
    next_runs: list[datetime]
    recent_runs: list[ScheduleRunPublic]
    version: int
    """The published version its runs execute."""
    temporal_ui_url: str


class SchedulesPublic(BaseModel):
    data: list[SchedulePublic]
    count: int


class ScheduleNote(BaseModel):
    note: str = Field(default="", max_length=500)
    """Why it was paused or resumed; shown in the Temporal UI."""


class WebhookAccepted(BaseModel):
    """The answer to a delivery when no webhook.respond node answers."""

    run_id: uuid.UUID
    duplicate: bool
    """The delivery's idempotency key named a run already started: this is that run."""


class WebhookEventPublic(BaseModel):
    id: int
    node_id: str
    received_at: datetime
    method: str
    verified: bool
    duplicate: bool
    run_id: uuid.UUID | None
    status_code: int
    error: str | None


class WebhookEventsPublic(BaseModel):
    data: list[WebhookEventPublic]
    count: int
