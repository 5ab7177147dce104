"""Changing a password, and administrator-issued one-time resets."""

import secrets
import uuid
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col

from core.models import PasswordReset, User, utcnow

from .security import hash_password, new_opaque_token, same_hash, token_hash
from .users import expired, revoke_user_sessions, updated

RESET_HOURS = 24
"""How long a reset token works."""


def set_password(*, session: Session, user: User, password: str, rounds: int) -> None:
    """Store a new password and end every session (refresh token) of the user."""
    user.password_hash = hash_password(password, rounds=rounds)
    session.add(user)
    session.commit()
    revoke_user_sessions(session=session, user_id=user.id)


def issue_reset(
    *, session: Session, user: User, admin: User, rounds: int
) -> tuple[PasswordReset, str]:
    """A one-time reset token for `user`; their old password and sessions stop working now,
    and earlier unused reset tokens too."""
    session.execute(
        update(PasswordReset)
        .where(col(PasswordReset.user_id) == user.id, col(PasswordReset.used_at).is_(None))
        .values(used_at=utcnow())
    )
    reset = PasswordReset(
        user_id=user.id,
        token_hash="",
        created_by=admin.id,
        expires_at=utcnow() + timedelta(hours=RESET_HOURS),
    )
    token, reset.token_hash = new_opaque_token(reset.id)
    session.add(reset)
    set_password(session=session, user=user, password=secrets.token_urlsafe(32), rounds=rounds)
    session.refresh(reset)
    return reset, token


def use_reset(
    *, session: Session, record_id: uuid.UUID, secret: str, password: str, rounds: int
) -> User | None:
    """Set `password` with a valid reset token (once); None if the token does not work."""
    reset = session.get(PasswordReset, record_id)
    if reset is None or reset.used_at is not None or expired(reset.expires_at):
        return None
    if not same_hash(reset.token_hash, token_hash(secret)):
        return None
    claimed = updated(
        session,
        update(PasswordReset)
        .where(col(PasswordReset.id) == record_id, col(PasswordReset.used_at).is_(None))
        .values(used_at=utcnow()),
    )
    user = session.get(User, reset.user_id)
    if claimed != 1 or user is None or not user.is_active:
        session.rollback()
        return None
    set_password(session=session, user=user, password=password, rounds=rounds)
    return user
