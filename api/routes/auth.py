"""Registration, login, token refresh, logout, and who am I."""

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy.exc import IntegrityError

from ..audit import client_ip, record
from ..core.security import create_access_token, split_opaque_token, verify_password
from ..crud import accounts as crud
from ..crud.workspaces import memberships
from ..deps import CODEC_COOKIE, AdminUser, CurrentUser, RateLimiterDep, SessionDep, SettingsDep
from ..errors import PUBLIC
from ..models import (
    Credentials,
    InvitationCreate,
    InvitationPublic,
    MembershipPublic,
    RefreshRequest,
    Registration,
    Role,
    TokenPair,
    User,
    UserPublic,
)

router = APIRouter(prefix="/auth", tags=["auth"], responses=PUBLIC)
LOGIN_FAILED = "wrong email or password"


def _tokens(session: SessionDep, settings: SettingsDep, user: User) -> TokenPair:
    return TokenPair(
        access_token=create_access_token(
            user.id, secret=settings.secret_key, minutes=settings.access_token_minutes
        ),
        refresh_token=crud.issue_refresh_token(
            session=session, user=user, days=settings.refresh_token_days
        ),
        expires_in=settings.access_token_minutes * 60,
    )


@router.post("/register", status_code=status.HTTP_201_CREATED, operation_id="auth-register")
async def register(
    data: Registration,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> UserPublic:
    """Create an account with a personal workspace; the very first user becomes admin."""
    await limiter.check("registration", f"ip:{client_ip(request)}", settings.login_rate_limit)
    first = crud.count_users(session=session) == 0
    if not first and not settings.registration_open:
        invited = False
        if data.invitation and (parts := split_opaque_token(data.invitation)):
            invited = crud.claim_invitation(
                session=session, record_id=parts[0], secret=parts[1], email=data.email
            )
        if not invited:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "registration is closed; ask an administrator for an invitation",
            )
    if crud.read_user_by_email(session=session, email=data.email) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "an account with this email already exists")
    try:
        user = crud.create_user(
            session=session,
            email=data.email,
            password=data.password,
            is_admin=first,
            rounds=settings.bcrypt_rounds,
        )
    except IntegrityError as exc:
        session.rollback()
        raise HTTPException(
            status.HTTP_409_CONFLICT, "an account with this email already exists"
        ) from exc
    record(
        session, request, "user.register", user_id=user.id, object_type="user", object_id=user.id
    )
    return _me(session, user)


@router.post("/login", operation_id="auth-login")
async def login(
    data: Credentials,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> TokenPair:
    """Exchange email and password for an access token and a refresh token."""
    await limiter.check("login", f"ip:{client_ip(request)}", settings.login_rate_limit)
    await limiter.check("login", f"account:{data.email.lower()}", settings.login_rate_limit)
    user = crud.read_user_by_email(session=session, email=data.email)
    valid = verify_password(
        data.password, user.password_hash if user else None, rounds=settings.bcrypt_rounds
    )
    if user is None or not valid or not user.is_active:
        record(
            session,
            request,
            "auth.login_failed",
            user_id=user.id if user else None,
            detail={"email": data.email.lower()},
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, LOGIN_FAILED)
    record(session, request, "auth.login", user_id=user.id)
    tokens = _tokens(session, settings, user)
    # Lets the Temporal UI's codec calls (same site, other port) prove who is asking.
    response.set_cookie(
        CODEC_COOKIE,
        tokens.access_token,
        max_age=tokens.expires_in,
        path="/api/codec",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return tokens


@router.post("/refresh", operation_id="auth-refresh")
def refresh(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Trade a refresh token for a new pair; the old refresh token stops working."""
    parts = split_opaque_token(data.refresh_token)
    user = parts and crud.use_refresh_token(session=session, record_id=parts[0], secret=parts[1])
    if not user:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "refresh token is invalid, expired or revoked; log in again",
        )
    return _tokens(session, settings, user)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="auth-logout")
def logout(data: RefreshRequest, request: Request, session: SessionDep, user: CurrentUser) -> None:
    """Revoke the refresh token of this session."""
    parts = split_opaque_token(data.refresh_token)
    if not parts or not crud.revoke_refresh_token(session=session, record_id=parts[0], user=user):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such active session for this user")
    record(session, request, "auth.logout", user_id=user.id)


@router.get("/me", operation_id="auth-me")
def me(session: SessionDep, user: CurrentUser) -> UserPublic:
    """The caller, with their workspaces and roles."""
    return _me(session, user)


@router.post(
    "/invitations", status_code=status.HTTP_201_CREATED, operation_id="auth-create_invitation"
)
def create_invitation(
    data: InvitationCreate, request: Request, session: SessionDep, admin: AdminUser
) -> InvitationPublic:
    """An invitation token that lets `email` register while registration is closed."""
    invitation, token = crud.create_invitation(session=session, email=data.email, admin=admin)
    record(
        session,
        request,
        "user.invite",
        user_id=admin.id,
        object_type="invitation",
        object_id=invitation.id,
        detail={"email": invitation.email},
    )
    return InvitationPublic(email=invitation.email, token=token, expires_at=invitation.expires_at)


def _me(session: SessionDep, user: User) -> UserPublic:
    return UserPublic(
        id=user.id,
        email=user.email,
        is_admin=user.is_admin,
        created_at=user.created_at,
        workspaces=[
            MembershipPublic(
                workspace_id=w.id, workspace_name=w.name, role=Role(m.role), personal=w.personal
            )
            for m, w in memberships(session=session, user_id=user.id)
        ],
    )
