"""Password changes and administrator-issued one-time password resets."""

import uuid
from datetime import datetime

from pydantic import BaseModel, field_validator
from sqlmodel import Field, SQLModel

from ._time import utcnow
from .accounts import strong_password


class PasswordReset(SQLModel, table=True):
    """A one-time token an administrator issued so a user can set a new password."""

    __tablename__ = "password_reset"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64)
    created_by: uuid.UUID = Field(foreign_key="user.id")
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(max_length=200)

    @field_validator("new_password")
    @classmethod
    def _strong(cls, password: str) -> str:
        return strong_password(password)


class PasswordResetPublic(BaseModel):
    """Hand `token` to the user; it works once, before `expires_at`."""

    user_id: uuid.UUID
    token: str
    expires_at: datetime
    detail: str


class PasswordResetUse(BaseModel):
    token: str = Field(min_length=10, max_length=200)
    new_password: str = Field(max_length=200)

    @field_validator("new_password")
    @classmethod
    def _strong(cls, password: str) -> str:
        return strong_password(password)
