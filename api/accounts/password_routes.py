"""Password change, and the administrator's one-time reset for a user who lost theirs."""

import uuid

from fastapi import APIRouter, HTTPException, Request, status

from core.models import PasswordChange, PasswordResetPublic, PasswordResetUse, TokenPair, User

from ..audit.trail import client_ip, record
from ..deps import AdminUser, CurrentUser, LoginBackoffDep, RateLimiterDep, SessionDep, SettingsDep
from ..platform.errors import PUBLIC
from . import passwords
from .auth_routes import tokens_for
from .security import split_opaque_token, verify_password

router = APIRouter(responses=PUBLIC)


def _invalid(field: str, message: str) -> HTTPException:
    detail = [{"loc": ["body", field], "msg": message, "type": "value_error"}]
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


@router.post("/auth/password", tags=["auth"], operation_id="auth-change_password")
async def change_password(
    data: PasswordChange,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    backoff: LoginBackoffDep,
    user: CurrentUser,
) -> TokenPair:
    """Set a new password; every session ends, and this one continues with the new pair."""
    await backoff.check(user.email)
    if not verify_password(
        data.current_password, user.password_hash, rounds=settings.bcrypt_rounds
    ):
        await backoff.failed(user.email)
        record(session, request, "auth.password_change_failed", user_id=user.id)
        raise _invalid("current_password", "is not your current password")
    if data.new_password == data.current_password:
        raise _invalid("new_password", "must differ from the current password")
    passwords.set_password(
        session=session, user=user, password=data.new_password, rounds=settings.bcrypt_rounds
    )
    await backoff.succeeded(user.email)
    record(session, request, "auth.password_change", user_id=user.id)
    return tokens_for(session, settings, user)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["auth"],
    operation_id="auth-reset_password",
)
async def reset_password(
    data: PasswordResetUse,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    backoff: LoginBackoffDep,
) -> None:
    """Set a new password with an administrator's one-time reset token, then log in."""
    await limiter.check("password reset", f"ip:{client_ip(request)}", settings.login_rate_limit)
    parts = split_opaque_token(data.token)
    user = parts and passwords.use_reset(
        session=session,
        record_id=parts[0],
        secret=parts[1],
        password=data.new_password,
        rounds=settings.bcrypt_rounds,
    )
    if not user:
        raise _invalid("token", "is invalid, expired or used; ask an administrator for a new one")
    await backoff.succeeded(user.email)
    record(session, request, "auth.password_reset", user_id=user.id)


@router.post(
    "/admin/users/{user_id}/password-reset",
    status_code=status.HTTP_201_CREATED,
    tags=["admin"],
    operation_id="admin-issue_password_reset",
)
def issue_password_reset(
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    admin: AdminUser,
) -> PasswordResetPublic:
    """A one-time token for the user to set a new password (POST /api/auth/password-reset).

    Their current password and sessions stop working at once."""
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"user {user_id} not found")
    reset, token = passwords.issue_reset(
        session=session, user=user, admin=admin, rounds=settings.bcrypt_rounds
    )
    record(
        session,
        request,
        "admin.password_reset",
        user_id=admin.id,
        object_type="user",
        object_id=user.id,
    )
    return PasswordResetPublic(
        user_id=user.id,
        token=token,
        expires_at=reset.expires_at,
        detail="give this token to the user; it works once, at POST /api/auth/password-reset",
    )
