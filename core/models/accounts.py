"""Users, workspaces, memberships and refresh tokens."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, EmailStr, field_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ._time import utcnow


class Role(StrEnum):
    """Workspace roles, weakest first; each includes what the weaker ones may do."""

    viewer = "viewer"
    operator = "operator"
    editor = "editor"
    owner = "owner"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class User(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=320)
    """Stored lower-cased, so uniqueness is case-insensitive."""
    password_hash: str
    is_admin: bool = False
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Workspace(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=200)
    personal: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_token"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64)
    family_id: uuid.UUID = Field(index=True)
    """Every token rotated from the same login shares it; reuse revokes them all."""
    expires_at: datetime
    revoked_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Invitation(SQLModel, table=True):
    """An admin's invitation to register while registration is closed."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(index=True, max_length=320)
    token_hash: str = Field(max_length=64)
    invited_by: uuid.UUID = Field(foreign_key="user.id")
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class WorkspaceInvitation(SQLModel, table=True):
    """An owner's invitation of an email nobody has registered yet; applied at sign-up."""

    __tablename__ = "workspace_invitation"
    __table_args__ = (UniqueConstraint("workspace_id", "email"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    workspace_id: uuid.UUID = Field(foreign_key="workspace.id", index=True)
    email: str = Field(index=True, max_length=320)
    role: str = Field(max_length=20)
    invited_by: uuid.UUID = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


# Public shapes --------------------------------------------------------------------------


class Credentials(BaseModel):
    email: EmailStr
    password: str


class Registration(Credentials):
    invitation: str | None = None
    """Token from an admin's invitation; needed when registration is closed."""

    @field_validator("password")
    @classmethod
    def _strong(cls, password: str) -> str:
        return strong_password(password)


def strong_password(password: str) -> str:
    """`password` if it follows the rules; else a ValueError that lists what is wrong."""
    problems = password_problems(password)
    if problems:
        raise ValueError("password " + "; ".join(problems))
    return password


def password_problems(password: str) -> list[str]:
    """What is wrong with a new password, in words; empty when it is acceptable."""
    problems = []
    if len(password) < 10:
        problems.append("must have at least 10 characters")
    if len(password.encode()) > 72:
        problems.append("must be at most 72 bytes (bcrypt's limit)")
    if password.isalpha() or password.isdigit():
        problems.append("must mix letters with digits or symbols")
    if len(set(password)) < 5:
        problems.append("must use at least 5 different characters")
    return problems


class RegistrationPublic(BaseModel):
    """The same answer whether or not the email was taken, so it reveals no accounts."""

    email: str
    detail: str


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class MembershipPublic(BaseModel):
    workspace_id: uuid.UUID
    workspace_name: str
    role: Role
    personal: bool


class UserPublic(BaseModel):
    id: uuid.UUID
    email: str
    is_admin: bool
    created_at: datetime
    workspaces: list[MembershipPublic]


class InvitationCreate(BaseModel):
    email: EmailStr


class InvitationPublic(BaseModel):
    email: str
    token: str
    expires_at: datetime


class WorkspaceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class WorkspacePublic(BaseModel):
    id: uuid.UUID
    name: str
    personal: bool
    role: Role
    created_at: datetime


class WorkspacesPublic(BaseModel):
    data: list[WorkspacePublic]
    count: int


class MemberCreate(BaseModel):
    email: EmailStr
    role: Role


class MemberPublic(BaseModel):
    user_id: uuid.UUID
    """The member's user id; for an email not registered yet, its pending invitation's id
    (DELETE it the same way), replaced by the user's id once they sign up."""
    email: str
    role: Role


class MembersPublic(BaseModel):
    data: list[MemberPublic]
    count: int
