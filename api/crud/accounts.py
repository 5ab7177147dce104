"""Users, sessions (refresh tokens), invitations."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ..core.security import hash_password, new_opaque_token, same_hash, token_hash
from ..models import Invitation, Membership, RefreshToken, Role, User, Workspace, utcnow


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


def issue_refresh_token(*, session: Session, user: User, days: int) -> str:
    record = RefreshToken(
        user_id=user.id, token_hash="", expires_at=utcnow() + timedelta(days=days)
    )
    token, digest = new_opaque_token(record.id)
    record.token_hash = digest
    session.add(record)
    session.commit()
    return token


def use_refresh_token(*, session: Session, record_id: uuid.UUID, secret: str) -> User | None:
    """Revoke a valid refresh token and answer its user (the caller issues a new pair)."""
    record = session.get(RefreshToken, record_id)
    if record is None or record.revoked_at is not None:
        return None
    if not same_hash(record.token_hash, token_hash(secret)) or _expired(record.expires_at):
        return None
    record.revoked_at = utcnow()
    session.add(record)
    session.commit()
    user = session.get(User, record.user_id)
    return user if user is not None and user.is_active else None


def revoke_refresh_token(*, session: Session, record_id: uuid.UUID, user: User) -> bool:
    record = session.get(RefreshToken, record_id)
    if record is None or record.user_id != user.id or record.revoked_at is not None:
        return False
    record.revoked_at = utcnow()
    session.add(record)
    session.commit()
    return True


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
    if invitation is None or invitation.used_at is not None or _expired(invitation.expires_at):
        return False
    if invitation.email != email.lower() or not same_hash(
        invitation.token_hash, token_hash(secret)
    ):
        return False
    invitation.used_at = utcnow()
    session.add(invitation)
    return True


def _expired(moment: datetime) -> bool:
    # SQLite hands back naive datetimes; they were written as UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware <= utcnow()
