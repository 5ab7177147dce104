"""Users, sessions (refresh tokens), invitations."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Update, func, update
from sqlmodel import Session, col, select

from core.models import Invitation, Membership, RefreshToken, Role, User, Workspace, utcnow

from .security import hash_password, new_opaque_token, same_hash, token_hash


def read_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.lower())).first()


def count_users(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def create_user(
    *, session: Session, email: str, password: str, is_admin: bool, rounds: int = 12
) -> User:
    """The user and their personal workspace, which they own."""
    user = User(
        email=email.lower(), password_hash=hash_password(password, rounds=rounds), is_admin=is_admin
    )
    workspace = Workspace(name=f"{email.split('@')[0]}'s workspace", personal=True)
    session.add(user)
    session.add(workspace)
    session.flush()
    session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.owner))
    if is_admin:
        # Workflows saved before accounts existed sit in a workspace nobody belongs to yet.
        orphans = select(Workspace.id).where(
            Workspace.id != workspace.id,
            ~select(Membership.id).where(Membership.workspace_id == Workspace.id).exists(),
        )
        for orphan in session.exec(orphans).all():
            session.add(Membership(workspace_id=orphan, user_id=user.id, role=Role.owner))
    session.commit()
    session.refresh(user)
    return user


def issue_refresh_token(
    *, session: Session, user: User, days: int, family_id: uuid.UUID | None = None
) -> str:
    """A new refresh token; a login starts a family, a rotation continues its family."""
    record = RefreshToken(
        user_id=user.id,
        token_hash="",
        family_id=uuid.uuid4(),
        expires_at=utcnow() + timedelta(days=days),
    )
    record.family_id = family_id or record.id
    token, digest = new_opaque_token(record.id)
    record.token_hash = digest
    session.add(record)
    session.commit()
    return token


@dataclass(frozen=True)
class Rotation:
    """What presenting a refresh token did."""

    user: User | None = None
    """Set when the token rotated: the new pair is for this user."""
    token: str | None = None
    """The new refresh token, same family."""
    reused_by: uuid.UUID | None = None
    """Set when an already rotated or revoked token came back: whose family was revoked."""


def rotate_refresh_token(
    *, session: Session, record_id: uuid.UUID, secret: str, days: int
) -> Rotation:
    """Revoke a valid refresh token and issue its successor in one transaction.

    The conditional UPDATE lets exactly one of several concurrent rotations win (PostgreSQL
    re-checks the row after the winner commits; SQLite serialises writers). Anyone else
    presenting the token holds a copy of it: the whole family is revoked."""
    record = session.get(RefreshToken, record_id)
    if record is None or not same_hash(record.token_hash, token_hash(secret)):
        return Rotation()
    family_id, user_id = record.family_id, record.user_id
    if record.revoked_at is None:
        if expired(record.expires_at):
            return Rotation()
        won = updated(
            session,
            update(RefreshToken)
            .where(col(RefreshToken.id) == record_id, col(RefreshToken.revoked_at).is_(None))
            .values(revoked_at=utcnow()),
        )
        if won == 1:
            user = session.get(User, user_id)
            if user is None or not user.is_active:
                session.commit()
                return Rotation()
            token = issue_refresh_token(session=session, user=user, days=days, family_id=family_id)
            return Rotation(user=user, token=token)
        session.rollback()
    _revoke(session, col(RefreshToken.family_id) == family_id)
    return Rotation(reused_by=user_id)


def revoke_refresh_token(*, session: Session, record_id: uuid.UUID, user: User) -> bool:
    record = session.get(RefreshToken, record_id)
    if record is None or record.user_id != user.id or record.revoked_at is not None:
        return False
    return _revoke(session, col(RefreshToken.id) == record_id) == 1


def revoke_user_sessions(*, session: Session, user_id: uuid.UUID) -> int:
    """Revoke every live refresh token of a user; answers how many."""
    return _revoke(session, col(RefreshToken.user_id) == user_id)


def _revoke(session: Session, which: ColumnElement[bool]) -> int:
    count = updated(
        session,
        update(RefreshToken)
        .where(which, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=utcnow()),
    )
    session.commit()
    return count


def updated(session: Session, statement: Update) -> int:
    """Run an UPDATE in the session's transaction; answers how many rows it changed."""
    result = cast(CursorResult[Any], session.execute(statement))
    return int(result.rowcount)


def create_invitation(*, session: Session, email: str, admin: User) -> tuple[Invitation, str]:
    invitation = Invitation(
        email=email.lower(),
        token_hash="",
        invited_by=admin.id,
        expires_at=utcnow() + timedelta(days=7),
    )
    token, digest = new_opaque_token(invitation.id)
    invitation.token_hash = digest
    session.add(invitation)
    session.commit()
    session.refresh(invitation)
    return invitation, token


def claim_invitation(*, session: Session, record_id: uuid.UUID, secret: str, email: str) -> bool:
    invitation = session.get(Invitation, record_id)
    if invitation is None or invitation.used_at is not None or expired(invitation.expires_at):
        return False
    if invitation.email != email.lower() or not same_hash(
        invitation.token_hash, token_hash(secret)
    ):
        return False
    invitation.used_at = utcnow()
    session.add(invitation)
    return True


def expired(moment: datetime) -> bool:
    # SQLite hands back naive datetimes; they were written as UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware <= utcnow()
