"""The public webhook receiver, `/hooks/{token}`: the unguessable token authorises.

Every delivery to a known URL is logged as a webhook event, whatever its outcome. A signed
delivery is accepted once: a replay within the signature's tolerance answers 409.

The route is async (it waits for Temporal) but its DB work runs in the threadpool
(`core.db.off_loop`), each step ending its transaction: under a burst of deliveries the event
loop never waits for a pooled connection, and no connection is held across an await.
"""

import json
import logging
import math
import time
import uuid
from typing import Any, NamedTuple

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from core.blobs import blob_store
from core.db import off_loop
from core.models import Run, Trigger, WebhookAccepted, WebhookEvent, Workflow, WorkflowVersion
from interpreter import RESPOND_TYPE

from ..credentials.store import read_credential, reveal
from ..deps import RateLimiterDep, SessionDep, SettingsDep, TemporalClientDep
from ..platform.errors import ErrorOut, responses
from ..platform.middleware import RequestTooLarge
from ..runs.start import start_run
from .activation import node_config, trigger_nodes
from .answer_start import Answer, start_and_answer
from .answer_update import wait_for_answer_by_update
from .hook_lookup import Published, hook_of
from .replay import SeenDeliveries
from .webhooks import (
    Binary,
    DeliveryRejected,
    answer_response,
    delivery_inputs,
    idempotency_key,
    parse_body,
    verify_signature,
    wait_for_answer,
)

log = logging.getLogger("sluice.api")
router = APIRouter(
    prefix="/hooks",
    tags=["hooks"],
    responses={
        202: {"model": WebhookAccepted, "description": "A run was started (or had been)"},
        **responses(400, 401, 404, 409, 413, 429, 503),
        500: {"model": ErrorOut, "description": "The run failed before it answered"},
    },
)


@router.post(
    "/{token}",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="hooks-receive_webhook",
    response_model=None,
)
@router.get(
    "/{token}",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="hooks-receive_webhook_get",
    response_model=None,
)
async def receive_webhook(
    token: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    client: TemporalClientDep,
    limiter: RateLimiterDep,
) -> Response:
    """Start a run with the request as its inputs; answer 202 `{run_id}`, or what the
    run's webhook.respond node says when the trigger waits for it."""
    found = await off_loop(session, hook_of, token)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no webhook at this URL")
    trigger, published = found
    event = WebhookEvent(
        trigger_id=trigger.id,
        workspace_id=trigger.workspace_id,
        workflow_id=trigger.workflow_id,
        method=request.method,
        status_code=500,
    )
    try:
        if not trigger.enabled:
            raise DeliveryRejected(404, "this webhook is disabled")
        await limiter.check(
            "webhook", f"workspace:{trigger.workspace_id}", settings.webhook_rate_limit
        )
        if isinstance(published, DeliveryRejected):
            raise published
        response = await _deliver(request, session, settings, client, published, event)
        event.status_code = response.status_code
        return response
    except DeliveryRejected as exc:
        event.status_code, event.error = exc.status, str(exc)
        raise HTTPException(exc.status, str(exc)) from exc
    except HTTPException as exc:
        event.status_code, event.error = exc.status_code, str(exc.detail)
        raise
    except RequestTooLarge:
        event.status_code, event.error = 413, "body larger than MAX_REQUEST_BYTES"
        raise
    except Exception as exc:
        # The log is read by the workspace: no internal address or driver message in it.
        event.status_code = 503 if isinstance(exc, RPCError) else 500
        event.error = "Temporal did not answer" if isinstance(exc, RPCError) else "internal error"
        log.warning("webhook delivery to trigger %s failed: %r", event.trigger_id, exc)
        raise
    finally:
        await off_loop(session, _log_event, event)


def _log_event(session: Session, event: WebhookEvent) -> None:
    session.rollback()  # whatever a failed step left half-written
    session.add(event)


async def _deliver(
    request: Request,
    session: Session,
    settings: SettingsDep,
    client: TemporalClientDep,
    published: Published,
    event: WebhookEvent,
) -> Response:
    trigger, workflow, version = published
    config = node_config(trigger_nodes(version.graph)[trigger.node_id])
    raw = await request.body()
    if not config.get("credential_id"):
        delivery = _Delivery(trigger, workflow, version, config, raw, None)
        return await _start(request, session, settings, client, event, delivery)
    secret, signature_header = await off_loop(session, _signing_secret, request, trigger, config)
    now = time.time()
    signed = verify_signature(
        secret,
        raw,
        request.headers.get(signature_header),
        now=now,
        tolerance_seconds=settings.webhook_signature_tolerance_seconds,
        idempotency_key=request.headers.get("idempotency-key"),
    )
    event.verified = True
    replays: SeenDeliveries = request.app.state.webhook_replays
    seen = f"{trigger.id}:{signed.delivery_id}"
    if not await replays.claim(seen, max(1, math.ceil(signed.valid_until - now))):
        raise DeliveryRejected(
            409,
            "this signed delivery was already received (a replay); a sender signs every "
            "delivery anew, with a fresh timestamp",
        )
    delivery = _Delivery(trigger, workflow, version, config, raw, signature_header)
    try:
        return await _start(request, session, settings, client, event, delivery)
    except DeliveryRejected:
        raise
    except BaseException:
        await replays.release(seen)  # it failed on our side: the sender may send it again
        raise


class _Delivery(NamedTuple):
    trigger: Trigger
    workflow: Workflow
    version: WorkflowVersion
    config: dict[str, Any]
    raw: bytes
    signature_header: str | None


async def _start(
    request: Request,
    session: Session,
    settings: SettingsDep,
    client: TemporalClientDep,
    event: WebhookEvent,
    delivery: _Delivery,
) -> Response:
    """Start (or find) the delivery's run; answer 202, or the webhook.respond node's answer."""
    trigger, workflow, version, config, raw, signature_header = delivery
    content_type = request.headers.get("content-type", "")
    body = parse_body(raw, content_type)
    inputs = delivery_inputs(
        request,
        body,
        received_at=event.received_at.isoformat(),
        signature_header=signature_header,
    )
    if isinstance(body, Binary) or _size(inputs) > settings.max_inline_payload_bytes:
        # Claim check: the bytes go to the blob store, the run gets a reference.
        inputs["body"] = await blob_store(request.app.state.engine).put_bytes(
            str(trigger.workspace_id),
            "webhook-body",
            content_type or "application/octet-stream",
            raw,
        )
    key = idempotency_key(request, body, config.get("idempotency_body_field"))
    run_id = uuid.uuid5(workflow.id, f"webhook:{trigger.node_id}:{key}") if key else None
    respond_ids = [n["id"] for n in version.graph["nodes"] if n["type"] == RESPOND_TYPE]
    responds = config.get("respond") == "on_node" and bool(respond_ids)
    by_update = settings.webhook_answer_by_update and settings.webhook_update_with_start
    if responds and run_id is None and by_update:
        event.run_id, answer = await start_and_answer(
            session=session,
            client=client,
            settings=settings,
            workflow=workflow,
            version=version,
            inputs=inputs,
            trigger=trigger.node_id,
            respond_ids=respond_ids,
        )
        return _answered(event, event.run_id, answer)
    if run_id is not None and await off_loop(session, _recorded, run_id):
        event.duplicate = True
    else:
        try:
            run = await start_run(
                session=session,
                client=client,
                settings=settings,
                workflow=workflow,
                version=version,
                inputs=inputs,
                run_id=run_id,
                trigger=trigger.node_id,
            )
            run_id = run.id
        except WorkflowAlreadyStartedError:
            # A concurrent delivery of the key won; start_run made sure its row is there.
            event.duplicate = True
    assert run_id is not None
    event.run_id = run_id
    answer = None
    if responds:
        temporal_id = f"{workflow.id}-{run_id}"
        wait = wait_for_answer_by_update if settings.webhook_answer_by_update else wait_for_answer
        answer = await wait(
            client, temporal_id, respond_ids, settings.webhook_response_timeout_seconds
        )
    return _answered(event, run_id, answer)


def _answered(event: WebhookEvent, run_id: uuid.UUID, answer: Answer) -> Response:
    """The webhook.respond node's answer, a 500 if the run failed first, else 202."""
    if isinstance(answer, dict):
        return answer_response(answer, str(run_id))
    if answer == "failed":
        event.error = "the run failed before a webhook.respond node answered"
        return JSONResponse({"detail": event.error, "run_id": str(run_id)}, 500)
    return JSONResponse(
        {"run_id": str(run_id), "duplicate": event.duplicate},
        status.HTTP_202_ACCEPTED,
        headers={"X-Sluice-Run-Id": str(run_id)},
    )


def _recorded(session: Session, run_id: uuid.UUID) -> bool:
    return session.get(Run, run_id) is not None


def _signing_secret(
    session: Session, request: Request, trigger: Trigger, config: dict[str, Any]
) -> tuple[str, str]:
    """(secret, header name) from the trigger's http_header credential."""
    try:
        row = read_credential(
            session=session,
            workspace_id=trigger.workspace_id,
            credential_id=uuid.UUID(str(config["credential_id"])),
        )
    except ValueError:
        row = None
    if row is None or row.type != "http_header":
        raise DeliveryRejected(500, "the webhook's signing credential is missing")
    if row.needs_setup:
        raise DeliveryRejected(500, "the webhook's signing credential has not been filled in")
    data = reveal(request.app.state.credential_keyring, row)
    return str(data["value"]), str(data["name"])


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), default=str))
