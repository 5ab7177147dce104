"""Members invited by an email nobody has registered: kept pending, joined at sign-up."""

import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.models import Membership, Role, User, WorkspaceInvitation


def invite(
    *, session: Session, workspace_id: uuid.UUID, email: str, role: Role, owner: User
) -> WorkspaceInvitation:
    """Record (or re-role) the pending invitation of `email` to the workspace."""
    email = email.lower()
    pending = session.exec(
        select(WorkspaceInvitation).where(
            WorkspaceInvitation.workspace_id == workspace_id, WorkspaceInvitation.email == email
        )
    ).first()
    pending = pending or WorkspaceInvitation(
        workspace_id=workspace_id, email=email, role=role, invited_by=owner.id
    )
    pending.role = role
    session.add(pending)
    session.commit()
    session.refresh(pending)
    return pending


def pending(*, session: Session, workspace_id: uuid.UUID) -> list[WorkspaceInvitation]:
    return list(
        session.exec(
            select(WorkspaceInvitation)
            .where(WorkspaceInvitation.workspace_id == workspace_id)
            .order_by(col(WorkspaceInvitation.email))
        ).all()
    )


def cancel(*, session: Session, workspace_id: uuid.UUID, invitation_id: uuid.UUID) -> bool:
    invitation = session.get(WorkspaceInvitation, invitation_id)
    if invitation is None or invitation.workspace_id != workspace_id:
        return False
    session.delete(invitation)
    session.commit()
    return True


def join_invited_workspaces(*, session: Session, user: User) -> None:
    """Turn the new user's pending invitations into memberships."""
    invitations = session.exec(
        select(WorkspaceInvitation).where(WorkspaceInvitation.email == user.email)
    ).all()
    for invitation in invitations:
        session.add(
            Membership(workspace_id=invitation.workspace_id, user_id=user.id, role=invitation.role)
        )
        session.delete(invitation)
    try:
        session.commit()
    except IntegrityError:  # already a member some other way: the invitation is moot
        session.rollback()
