"""Workspaces: mine, create, and members (owners invite with a role)."""

import uuid

from fastapi import APIRouter, HTTPException, Request, status

from core.models import (
    MemberCreate,
    MemberPublic,
    MembersPublic,
    Role,
    WorkspaceCreate,
    WorkspacePublic,
    WorkspacesPublic,
)

from ..audit.trail import record
from ..deps import CurrentUser, SessionDep
from ..platform.errors import SIGNED_IN
from . import invitations as invitations
from . import workspaces as crud
from .users import read_user_by_email

router = APIRouter(prefix="/workspaces", tags=["workspaces"], responses=SIGNED_IN)


def _role(session: SessionDep, user: CurrentUser, workspace_id: uuid.UUID) -> Role:
    member = crud.membership(session=session, user_id=user.id, workspace_id=workspace_id)
    if member is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"workspace {workspace_id} not found")
    return Role(member.role)


def _owner(session: SessionDep, user: CurrentUser, workspace_id: uuid.UUID) -> None:
    if _role(session, user, workspace_id) != Role.owner:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only owners manage members")


@router.get("", operation_id="workspaces-read_workspaces")
def read_workspaces(session: SessionDep, user: CurrentUser) -> WorkspacesPublic:
    rows = crud.memberships(session=session, user_id=user.id)
    data = [
        WorkspacePublic(
            id=w.id, name=w.name, personal=w.personal, role=Role(m.role), created_at=w.created_at
        )
        for m, w in rows
    ]
    return WorkspacesPublic(data=data, count=len(data))


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="workspaces-create_workspace")
def create_workspace(
    data: WorkspaceCreate, request: Request, session: SessionDep, user: CurrentUser
) -> WorkspacePublic:
    """A shared workspace; the creator owns it."""
    workspace = crud.create_workspace(session=session, name=data.name, owner=user)
    record(
        session,
        request,
        "workspace.create",
        user_id=user.id,
        workspace_id=workspace.id,
        object_type="workspace",
        object_id=workspace.id,
    )
    return WorkspacePublic(
        id=workspace.id,
        name=workspace.name,
        personal=False,
        role=Role.owner,
        created_at=workspace.created_at,
    )


@router.get("/{workspace_id}/members", operation_id="workspaces-read_members")
def read_members(workspace_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> MembersPublic:
    """Members and invited emails not registered yet, in one list of the same shape."""
    _role(session, user, workspace_id)
    data = [
        MemberPublic(user_id=u.id, email=u.email, role=Role(m.role))
        for m, u in crud.members(session=session, workspace_id=workspace_id)
    ] + [
        MemberPublic(user_id=i.id, email=i.email, role=Role(i.role))
        for i in invitations.pending(session=session, workspace_id=workspace_id)
    ]
    data.sort(key=lambda m: m.email)
    return MembersPublic(data=data, count=len(data))


@router.put("/{workspace_id}/members", operation_id="workspaces-set_member")
def set_member(
    workspace_id: uuid.UUID,
    data: MemberCreate,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
) -> MemberPublic:
    """Add someone by email with a role, or change their role.

    An email nobody registered yet is kept as a pending invitation and joins when it signs
    up; the answer looks the same either way, so it reveals no accounts."""
    _owner(session, user, workspace_id)
    if data.email.lower() == user.email and data.role != Role.owner:
        raise HTTPException(status.HTTP_409_CONFLICT, "owners cannot demote themselves")
    target = read_user_by_email(session=session, email=data.email)
    if target is not None:
        crud.set_member(session=session, workspace_id=workspace_id, user=target, role=data.role)
        member_id = target.id
    else:
        member_id = invitations.invite(
            session=session, workspace_id=workspace_id, email=data.email, role=data.role, owner=user
        ).id
    record(
        session,
        request,
        "workspace.member_set",
        user_id=user.id,
        workspace_id=workspace_id,
        object_type="member",
        object_id=member_id,
        detail={"role": data.role.value, "email": data.email.lower()},
    )
    return MemberPublic(user_id=member_id, email=data.email.lower(), role=data.role)


@router.delete(
    "/{workspace_id}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="workspaces-remove_member",
)
def remove_member(
    workspace_id: uuid.UUID,
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
) -> None:
    _owner(session, user, workspace_id)
    if user_id == user.id:
        raise HTTPException(status.HTTP_409_CONFLICT, "owners cannot remove themselves")
    member = crud.membership(session=session, user_id=user_id, workspace_id=workspace_id)
    if member is not None:
        crud.remove_member(session=session, member=member)
    elif not invitations.cancel(session=session, workspace_id=workspace_id, invitation_id=user_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"user {user_id} is not a member")
    record(
        session,
        request,
        "workspace.member_remove",
        user_id=user.id,
        workspace_id=workspace_id,
        object_type="user",
        object_id=user_id,
    )
