"""Workspaces and their members."""

import uuid

from sqlmodel import Session, col, select

from core.models import Membership, Role, User, Workspace


def memberships(*, session: Session, user_id: uuid.UUID) -> list[tuple[Membership, Workspace]]:
    rows = session.exec(
        select(Membership, Workspace)
        .where(Membership.user_id == user_id, Membership.workspace_id == Workspace.id)
        .order_by(col(Workspace.created_at))
    ).all()
    return [(m, w) for m, w in rows]


def membership(
    *, session: Session, user_id: uuid.UUID, workspace_id: uuid.UUID
) -> Membership | None:
    return session.exec(
        select(Membership).where(
            Membership.user_id == user_id, Membership.workspace_id == workspace_id
        )
    ).first()


def create_workspace(*, session: Session, name: str, owner: User) -> Workspace:
    workspace = Workspace(name=name)
    session.add(workspace)
    session.flush()
    session.add(Membership(workspace_id=workspace.id, user_id=owner.id, role=Role.owner))
    session.commit()
    session.refresh(workspace)
    return workspace


def members(*, session: Session, workspace_id: uuid.UUID) -> list[tuple[Membership, User]]:
    rows = session.exec(
        select(Membership, User)
        .where(Membership.workspace_id == workspace_id, Membership.user_id == User.id)
        .order_by(col(User.email))
    ).all()
    return [(m, u) for m, u in rows]


def set_member(*, session: Session, workspace_id: uuid.UUID, user: User, role: Role) -> Membership:
    """Add the user with `role`, or change their role."""
    current = membership(session=session, user_id=user.id, workspace_id=workspace_id)
    current = current or Membership(workspace_id=workspace_id, user_id=user.id, role=role)
    current.role = role
    session.add(current)
    session.commit()
    session.refresh(current)
    return current


def remove_member(*, session: Session, member: Membership) -> None:
    session.delete(member)
    session.commit()
