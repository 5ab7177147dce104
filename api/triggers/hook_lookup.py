"""Finding a webhook from its URL token: the trigger, its workflow and the published version."""

from typing import NamedTuple

from sqlmodel import Session, select

from core.models import Trigger, Workflow, WorkflowVersion

from ..workflows import store as workflows_crud
from .activation import trigger_nodes
from .tokens import token_hash
from .webhooks import DeliveryRejected


class Published(NamedTuple):
    """What a delivery to the trigger runs."""

    trigger: Trigger
    workflow: Workflow
    version: WorkflowVersion


def _published(session: Session, trigger: Trigger) -> Published:
    workflow = session.get(Workflow, trigger.workflow_id)
    if workflow is None or workflow.deleted_at is not None:
        raise DeliveryRejected(404, "no webhook at this URL")
    version = workflows_crud.read_version(
        session=session, workflow_id=workflow.id, version=workflow.latest_version
    )
    if version is None:
        raise DeliveryRejected(404, "no webhook at this URL")
    if trigger.node_id not in trigger_nodes(version.graph):
        raise DeliveryRejected(404, "this webhook was removed from the workflow")
    return Published(trigger, workflow, version)


def hook_of(session: Session, token: str) -> tuple[Trigger, Published | DeliveryRejected] | None:
    """The token's trigger and what it runs, in one transaction (one trip to the threadpool
    and one commit per delivery fewer than two steps)."""
    trigger = session.exec(
        select(Trigger).where(Trigger.token_hash == token_hash(token), Trigger.type == "webhook")
    ).first()
    if trigger is None:
        return None
    try:
        return trigger, _published(session, trigger)
    except DeliveryRejected as exc:  # logged as the delivery's outcome, once it is known
        return trigger, exc
