"""Dependencies routes declare: settings, DB session, Temporal client, user and access."""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from temporalio.client import Client

from core.config import Settings
from core.models import Role, User

from .accounts.login_backoff import LoginBackoff
from .accounts.rate_limit import RateLimiter
from .accounts.security import read_access_token
from .accounts.workspaces import membership, memberships


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_temporal(request: Request) -> Client:
    return request.app.state.temporal  # type: ignore[no-any-return]


def get_rate_limiter(request: Request) -> RateLimiter:
    return request.app.state.rate_limiter  # type: ignore[no-any-return]


def get_login_backoff(request: Request) -> LoginBackoff:
    settings: Settings = request.app.state.settings
    return LoginBackoff(
        request.app.state.rate_limiter.counter,
        after_failures=settings.login_backoff_after_failures,
        base_seconds=settings.login_backoff_base_seconds,
        max_seconds=settings.login_backoff_max_seconds,
    )


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
TemporalClientDep = Annotated[Client, Depends(get_temporal)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
LoginBackoffDep = Annotated[LoginBackoff, Depends(get_login_backoff)]

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/auth/login")


def _user(session: Session, settings: Settings, token: str | None) -> User:
    user_id = token and read_access_token(token, secret=settings.secret_key)
    user = session.get(User, user_id) if user_id else None
    if user is None or not user.is_active:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing, invalid or expired access token; log in at POST /api/auth/login",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The user of a valid access token; 401 otherwise."""
    return _user(session, settings, credentials.credentials if credentials else None)


CODEC_COOKIE = "sluice_codec"
CODEC_PATH = "/api/codec"


def get_codec_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """An administrator; the Temporal UI may send the login cookie instead of a bearer.

    Administrators only: a payload does not say which workspace it belongs to."""
    token = credentials.credentials if credentials else request.cookies.get(CODEC_COOKIE)
    user = _user(session, settings, token)
    if not user.is_admin:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "decoding Temporal payloads needs an administrator"
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
CodecUser = Annotated[User, Depends(get_codec_user)]


@dataclass(frozen=True)
class Access:
    """The workspace a request acts in, and the caller's role there."""

    user: User
    workspace_id: uuid.UUID
    role: Role


def get_access(
    user: CurrentUser,
    session: SessionDep,
    x_workspace_id: Annotated[
        uuid.UUID | None, Header(description="Needed with several workspaces")
    ] = None,
) -> Access:
    if x_workspace_id is not None:
        member = membership(session=session, user_id=user.id, workspace_id=x_workspace_id)
        if member is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"you are not a member of workspace {x_workspace_id}"
            )
        return Access(user, x_workspace_id, Role(member.role))
    rows = memberships(session=session, user_id=user.id)
    if len(rows) != 1:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "you belong to several workspaces; pick one with the X-Workspace-Id header"
            if rows
            else "you belong to no workspace; ask an owner to add you",
        )
    member, _ = rows[0]
    return Access(user, member.workspace_id, Role(member.role))


def require(role: Role) -> Callable[[Access], Access]:
    """A dependency that answers 403 unless the caller's role is at least `role`."""

    def check(access: Annotated[Access, Depends(get_access)]) -> Access:
        if access.role.rank < role.rank:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs the {role.value} role in the workspace; you are {access.role.value}",
            )
        return access

    return check


ViewerAccess = Annotated[Access, Depends(require(Role.viewer))]
OperatorAccess = Annotated[Access, Depends(require(Role.operator))]
EditorAccess = Annotated[Access, Depends(require(Role.editor))]
OwnerAccess = Annotated[Access, Depends(require(Role.owner))]


def get_admin(user: CurrentUser) -> User:
    if not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this needs an administrator")
    return user


AdminUser = Annotated[User, Depends(get_admin)]
