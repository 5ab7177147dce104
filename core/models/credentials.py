"""Credentials: typed secrets, encrypted at rest; the API never returns secret fields."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Boolean, Column, LargeBinary, false
from sqlmodel import Field, SQLModel

from ._time import utcnow


class Credential(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    name: str = Field(max_length=200)
    type: str = Field(max_length=50)
    key_id: str = Field(max_length=64)
    """Which encryption key sealed `ciphertext`; lets keys rotate."""
    ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    fields_set: list[str] = Field(sa_column=Column(JSON, nullable=False))
    needs_setup: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    """Created empty (by an import): nodes using it fail until its fields are filled in."""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CredentialCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=50)
    data: dict[str, Any]


class CredentialUpdate(BaseModel):
    """Omitted data fields keep their stored values, so secrets need not be re-entered."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    data: dict[str, Any] | None = None


class CredentialPublic(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    name: str
    type: str
    fields_set: list[str]
    needs_setup: bool = False
    """Created empty by an import: fill in its fields before nodes can use it."""
    public: dict[str, Any]
    """The non-secret fields (host, username, base URL...)."""
    created_at: datetime
    updated_at: datetime


class CredentialsPublic(BaseModel):
    data: list[CredentialPublic]
    count: int
