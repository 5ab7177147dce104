"""Webhook deliveries: signature check, the request as run inputs, the answer of the run.

Signatures follow the `t=<unix time>,v1=<hex>,v2=<hex>` scheme, HMAC-SHA256 with the
trigger's secret: v1 over "<t>.<raw body>"; v2 over "v2:<t>:<Idempotency-Key>\n<raw body>",
required when the delivery carries an Idempotency-Key header, so that header cannot be changed
either. Several values of each may be sent while a secret is being rotated.
"""

import asyncio
import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any, NamedTuple
from urllib.parse import parse_qs

import jmespath
import jmespath.exceptions
from fastapi import Request
from fastapi.responses import JSONResponse, Response
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowQueryFailedError
from temporalio.service import RPCError

from interpreter import GraphWorkflow

DROPPED_HEADERS = {"authorization", "proxy-authorization", "cookie"}
"""Never passed to the run: they are the sender's credentials, not data."""
_REFUSED_ANSWER_HEADERS = {
    "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade",
    "set-cookie", "strict-transport-security", "content-security-policy",
    "x-frame-options", "x-content-type-options",
}  # fmt: skip
"""A webhook.respond node sets none of these: the answer comes from Sluice's own origin."""
SANDBOX = "sandbox"
"""CSP of every answer: a page an author serves here runs as an opaque origin, so it cannot
reach the editor's storage on this origin (script-src 'self' alone would let it)."""
_TEXT_TYPES = ("application/xml", "application/javascript", "application/x-ndjson", "")
POLL_SECONDS = 0.05


class DeliveryRejected(Exception):
    """A delivery answered with a 4xx: `status` and a message for the sender."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Binary:
    """A body that is not text: it travels as a blob reference."""


def _mac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _v2_message(timestamp: int, idempotency_key: str, body: bytes) -> bytes:
    # The "v2:" start keeps it apart from every v1 message (those start with digits), and a
    # header value holds no newline, so key and body cannot be split differently.
    return f"v2:{timestamp}:{idempotency_key}\n".encode() + body


def sign(secret: str, body: bytes, timestamp: int, idempotency_key: str | None = None) -> str:
    """The signature header value a sender computes (also used by tests and docs); with an
    idempotency key, v2 covers it too."""
    value = f"t={timestamp},v1={_mac(secret, f'{timestamp}.'.encode() + body)}"
    if idempotency_key is not None:
        value += f",v2={_mac(secret, _v2_message(timestamp, idempotency_key, body))}"
    return value


class SignedDelivery(NamedTuple):
    """A verified signature: what identifies the delivery, and until when it is valid."""

    delivery_id: str
    """The v1 MAC of "<t>.<body>": the same for a replay whatever else was changed."""
    valid_until: float


def verify_signature(
    secret: str,
    body: bytes,
    header: str | None,
    *,
    now: float,
    tolerance_seconds: float,
    idempotency_key: str | None = None,
) -> SignedDelivery:
    """Raise DeliveryRejected(401) unless `header` signs `body` (and `idempotency_key`, when
    the delivery has one) with `secret`, recently."""
    if not header:
        raise DeliveryRejected(401, "missing signature header")
    parts = [p.strip().partition("=") for p in header.split(",")]
    stamps = [v for k, _, v in parts if k == "t"]
    v1s = [v for k, _, v in parts if k == "v1"]
    v2s = [v for k, _, v in parts if k == "v2"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not (v1s or v2s):
        raise DeliveryRejected(401, "signature header must look like t=<unix time>,v1=<hex>")
    stamp = int(stamps[0])
    if abs(now - stamp) > tolerance_seconds:
        raise DeliveryRejected(
            401, f"signature timestamp is more than {tolerance_seconds:g} s away from now"
        )
    v1 = _mac(secret, f"{stamp}.".encode() + body)
    if idempotency_key is None:
        expected, candidates = v1, v1s
    elif not v2s:
        raise DeliveryRejected(
            401,
            "the Idempotency-Key header is not covered by the signature: add "
            'v2=<HMAC-SHA256 of "v2:<t>:<Idempotency-Key>\\n<body>"> to the signature header',
        )
    else:
        expected, candidates = _mac(secret, _v2_message(stamp, idempotency_key, body)), v2s
    # Compare with every candidate so the time taken says nothing about which one matched.
    matches = [hmac.compare_digest(expected, s) for s in candidates]
    if not any(matches):
        covered = " (v2 covers the Idempotency-Key header too)" if idempotency_key else ""
        raise DeliveryRejected(401, f"signature does not match{covered}")
    return SignedDelivery(v1, stamp + tolerance_seconds)


def parse_body(body: bytes, content_type: str) -> Any:
    """JSON parsed, a form as an object, text as text, anything else `Binary`."""
    media = content_type.split(";")[0].strip().lower()
    if not body:
        return None
    if media == "application/json" or media.endswith("+json"):
        try:
            return json.loads(body)
        except ValueError as exc:
            raise DeliveryRejected(400, f"the body is not valid JSON: {exc}") from exc
    if media == "application/x-www-form-urlencoded":
        return _collapse(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
    if media.startswith("text/") or media in _TEXT_TYPES:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return Binary()
    return Binary()


def _collapse(values: dict[str, list[str]]) -> dict[str, str | list[str]]:
    return {k: v[0] if len(v) == 1 else v for k, v in values.items()}


def delivery_inputs(
    request: Request, body: Any, *, received_at: str, signature_header: str | None
) -> dict[str, Any]:
    """The run inputs: method, headers (no credentials), query, body, received_at."""
    dropped = DROPPED_HEADERS | ({signature_header.lower()} if signature_header else set())
    query: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        query.setdefault(key, []).append(value)
    return {
        "method": request.method,
        "headers": {k: v for k, v in request.headers.items() if k not in dropped},
        "query": _collapse(query),
        "body": body,
        "received_at": received_at,
    }


def idempotency_key(request: Request, body: Any, body_field: str | None) -> str | None:
    """The Idempotency-Key header, else the configured body field (JMESPath)."""
    header = request.headers.get("idempotency-key")
    if header:
        return header
    if not body_field or not isinstance(body, dict):
        return None
    try:
        value = jmespath.search(body_field, body)
    except jmespath.exceptions.JMESPathError:
        return None
    return None if value is None or isinstance(value, dict | list) else str(value)


async def wait_for_answer(
    client: Client, temporal_id: str, respond_ids: list[str], timeout: float
) -> dict[str, Any] | str | None:
    """The first webhook.respond output; "failed" if the run ended without one; None on
    timeout or when the run completed without reaching one."""
    handle = client.get_workflow_handle_for(GraphWorkflow.run, temporal_id)
    deadline = asyncio.get_running_loop().time() + timeout
    polls = 0
    while asyncio.get_running_loop().time() < deadline:
        try:
            states = await handle.query(GraphWorkflow.node_states, rpc_timeout=timedelta(seconds=5))
        except (RPCError, WorkflowQueryFailedError):
            states = {}  # not yet queryable (first workflow task pending)
        for node_id in respond_ids:
            state = states.get(node_id)
            if state is not None and state.status == "succeeded":
                return state.output  # type: ignore[no-any-return]
        polls += 1
        unreachable = all(
            getattr(states.get(n), "status", "") in ("skipped", "failed") for n in respond_ids
        )
        # Not every poll asks whether the run ended: a failed node elsewhere ends it too.
        if states and (unreachable or polls % 10 == 0):
            status = (await handle.describe()).status
            if status not in (None, WorkflowExecutionStatus.RUNNING):
                return None if status == WorkflowExecutionStatus.COMPLETED else "failed"
        await asyncio.sleep(POLL_SECONDS)
    return None


def answer_response(answer: dict[str, Any], run_id: str) -> Response:
    """The HTTP response a webhook.respond node described."""
    headers = {
        k: v
        for k, v in (answer.get("headers") or {}).items()
        if k.lower() not in _REFUSED_ANSWER_HEADERS and not k.lower().startswith("access-control-")
    }
    headers["X-Sluice-Run-Id"] = run_id
    headers["Content-Security-Policy"] = SANDBOX
    status = int(answer.get("status") or 200)
    body = answer.get("body")
    if isinstance(body, str):
        media = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        return Response(body, status, headers, media_type=media or "text/plain; charset=utf-8")
    return JSONResponse(body, status, headers)
