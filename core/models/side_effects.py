"""The side-effect ledger: what a node with an outside effect already did, per idempotency key."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from ._time import utcnow


class SideEffect(SQLModel, table=True):
    """One row per key whose effect happened (an email accepted, an SMS queued)."""

    __tablename__ = "side_effect"

    key: str = Field(primary_key=True, max_length=400)
    """`NodeTask.idempotency_key`: the same in every retry of a run (interpreter/_keys.py)."""
    node_type: str = Field(max_length=64)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """What the node returned the first time; a retry answers it again."""
    created_at: datetime = Field(default_factory=utcnow, index=True)


class LlmUsage(SQLModel, table=True):
    """One provider answer (billed) of an LLM node attempt, whether or not the node succeeded."""

    __tablename__ = "llm_usage"

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(max_length=400, index=True)
    """The Temporal workflow id of the run (a child run: its own id, prefixed by its parent's)."""
    node_id: str = Field(max_length=64)
    attempt: int = 1
    model: str = Field(max_length=200)
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    created_at: datetime = Field(default_factory=utcnow, index=True)
    """Retention deletes rows older than LLM_USAGE_RETENTION_DAYS by this."""
