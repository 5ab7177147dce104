"""Registration, login, token refresh, logout, and who am I."""

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy.exc import IntegrityError

from core.models import (
    Credentials,
    InvitationCreate,
    InvitationPublic,
    MembershipPublic,
    RefreshRequest,
    Registration,
    RegistrationPublic,
    Role,
    TokenPair,
    User,
    UserPublic,
)

from ..audit.trail import client_ip, record
from ..deps import (
    CODEC_COOKIE,
    CODEC_PATH,
    AdminUser,
    CurrentUser,
    LoginBackoffDep,
    RateLimiterDep,
    SessionDep,
    SettingsDep,
)
from ..platform.errors import PUBLIC
from . import users
from .invitations import join_invited_workspaces
from .security import (
    create_access_token,
    hash_password,
    split_opaque_token,
    verify_password,
)
from .workspaces import memberships

router = APIRouter(prefix="/auth", tags=["auth"], responses=PUBLIC)
LOGIN_FAILED = "wrong email or password"


def tokens_for(session: SessionDep, settings: SettingsDep, user: User) -> TokenPair:
    """A new login's pair: its refresh token starts a family."""
    refresh_token = users.issue_refresh_token(
        session=session, user=user, days=settings.refresh_token_days
    )
    return _pair(settings, user, refresh_token)


def _pair(settings: SettingsDep, user: User, refresh_token: str) -> TokenPair:
    return TokenPair(
        access_token=create_access_token(
            user.id, secret=settings.secret_key, minutes=settings.access_token_minutes
        ),
        refresh_token=refresh_token,
        expires_in=settings.access_token_minutes * 60,
    )


REGISTERED = "if this email was free, its account now exists; sign in to use it"


@router.post("/register", status_code=status.HTTP_201_CREATED, operation_id="auth-register")
async def register(
    data: Registration,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> RegistrationPublic:
    """Create an account with a personal workspace; the very first user becomes admin.

    An email that already has an account gets the same answer and nothing changes, so the
    endpoint tells nobody which emails are registered."""
    await limiter.check("registration", f"ip:{client_ip(request)}", settings.login_rate_limit)
    first = users.count_users(session=session) == 0
    if not first and not settings.registration_open:
        invited = False
        if data.invitation and (parts := split_opaque_token(data.invitation)):
            invited = users.claim_invitation(
                session=session, record_id=parts[0], secret=parts[1], email=data.email
            )
        if not invited:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "registration is closed; ask an administrator for an invitation",
            )
    answer = RegistrationPublic(email=data.email.lower(), detail=REGISTERED)
    if users.read_user_by_email(session=session, email=data.email) is not None:
        hash_password(data.password, rounds=settings.bcrypt_rounds)  # the same work as a new one
        session.rollback()  # an invitation claimed above stays unused
        record(session, request, "user.register_taken", detail={"email": answer.email})
        return answer
    try:
        user = users.create_user(
            session=session,
            email=data.email,
            password=data.password,
            is_admin=first,
            rounds=settings.bcrypt_rounds,
        )
    except IntegrityError:
        session.rollback()  # registered at the same moment by someone else
        return answer
    join_invited_workspaces(session=session, user=user)
    record(
        session, request, "user.register", user_id=user.id, object_type="user", object_id=user.id
    )
    return answer


@router.post("/login", operation_id="auth-login")
async def login(
    data: Credentials,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
    backoff: LoginBackoffDep,
) -> TokenPair:
    """Exchange email and password for an access token and a refresh token."""
    await limiter.check("login", f"ip:{client_ip(request)}", settings.login_rate_limit)
    await limiter.check("login", f"account:{data.email.lower()}", settings.login_rate_limit)
    await backoff.check(data.email)
    user = users.read_user_by_email(session=session, email=data.email)
    valid = verify_password(
        data.password, user.password_hash if user else None, rounds=settings.bcrypt_rounds
    )
    if user is None or not valid or not user.is_active:
        wait = await backoff.failed(data.email)
        record(
            session,
            request,
            "auth.login_failed",
            user_id=user.id if user else None,
            detail={"email": data.email.lower(), "backoff_seconds": wait},
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, LOGIN_FAILED)
    await backoff.succeeded(data.email)
    record(session, request, "auth.login", user_id=user.id)
    tokens = tokens_for(session, settings, user)
    # Lets the Temporal UI's codec calls (same site, other port) prove who is asking.
    response.set_cookie(
        CODEC_COOKIE,
        tokens.access_token,
        max_age=tokens.expires_in,
        path=CODEC_PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return tokens


@router.post("/refresh", operation_id="auth-refresh")
def refresh(
    data: RefreshRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> TokenPair:
    """Trade a refresh token for a new pair; the old refresh token stops working.

    Presenting a token that was already traded revokes every token of its login."""
    parts = split_opaque_token(data.refresh_token)
    rotation = (
        users.rotate_refresh_token(
            session=session, record_id=parts[0], secret=parts[1], days=settings.refresh_token_days
        )
        if parts
        else users.Rotation()
    )
    if rotation.reused_by is not None:
        record(
            session,
            request,
            "auth.refresh_reused",
            user_id=rotation.reused_by,
            object_type="refresh_token",
            object_id=parts[0] if parts else None,
        )
    if rotation.user is None or rotation.token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "refresh token is invalid, expired or revoked; log in again",
        )
    return _pair(settings, rotation.user, rotation.token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="auth-logout")
def logout(
    data: RefreshRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    user: CurrentUser,
) -> None:
    """Revoke the refresh token of this session and drop the codec cookie."""
    response.delete_cookie(
        CODEC_COOKIE,
        path=CODEC_PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    parts = split_opaque_token(data.refresh_token)
    if not parts or not users.revoke_refresh_token(session=session, record_id=parts[0], user=user):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            "no such active session for this user",
            headers={"set-cookie": response.headers["set-cookie"]},  # dropped all the same
        )
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
    invitation, token = users.create_invitation(session=session, email=data.email, admin=admin)
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
