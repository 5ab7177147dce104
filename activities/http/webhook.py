"""`webhook.send`: POST JSON signed with HMAC-SHA256, with an idempotency key."""

import hashlib
import hmac
import json
import re
import time
from typing import Any

from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity
from ._body import HttpAnswer
from ._nodes import HttpNodes
from .request import body_limit, response_body, send_request
from .spec import OWN_HEADERS, SIGNATURE_HEADER


def build(deps: NodeDependencies) -> list[object]:
    return [WebhookActivities.from_deps(deps).send]


def signature(
    secret: str, timestamp: int, body: bytes, *, idempotency_key: str | None = None
) -> str:
    """The signature header value a receiver recomputes to trust the call: v1 over the body,
    v2 over the Idempotency-Key and the body (README, "Webhooks")."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    value = f"t={timestamp},v1={mac.hexdigest()}"
    if idempotency_key is not None:
        message = f"v2:{timestamp}:{idempotency_key}\n".encode() + body
        value += f",v2={hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()}"
    return value


class WebhookActivities(HttpNodes):
    """Sends signed webhooks over the worker's shared connection pool."""

    @node_activity("webhook.send")
    async def send(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        url = config.get("url")
        if not isinstance(url, str) or not re.match(r"^https?://", url):
            raise NodeError(f"config.url must be an http(s) URL, not {url!r:.200}", retryable=False)
        headers = _extra_headers(config.get("headers"))
        timeout = _timeout(config.get("timeout_seconds"))
        secret = _secret(await self.credentials.load(task, "http_auth"))
        try:
            body = json.dumps(config.get("payload"), separators=(",", ":"), allow_nan=False)
        except ValueError as exc:
            raise NodeError(f"config.payload is not valid JSON: {exc}", retryable=False) from exc
        # Signed per attempt: receivers reject stale timestamps, and a retry is a new send.
        headers[SIGNATURE_HEADER] = signature(
            secret, int(time.time()), body.encode(), idempotency_key=task.idempotency_key
        )
        headers["Idempotency-Key"] = task.idempotency_key
        headers["Content-Type"] = "application/json"
        limit = body_limit(
            config,
            self.max_response_bytes,
            blobs=self.blobs,
            workspace_id=task.workspace_id,
            blob_name=f"{task.node_id}.response",
        )
        response = await self._post(url, headers, body, timeout, limit)
        return {"status": response.status_code, "body": response_body(response)}

    async def _post(
        self, url: str, headers: dict[str, str], body: str, timeout: float, limit: Any
    ) -> HttpAnswer:
        # Not followed: a redirect would turn the POST into a GET or carry the signed body
        # to another host.
        response = await send_request(
            self.client,
            "POST",
            url,
            headers=headers,
            content=body,
            timeout=timeout,
            limit=limit,
        )
        if response.is_redirect:
            raise NodeError(
                f"POST {url} answered {response.status_code}, a redirect to "
                f"{response.headers.get('location', '?')!r:.300}; set the URL to where it points",
                retryable=False,
            )
        return response


def _secret(credential: dict[str, Any] | None) -> str:
    if credential is None:
        raise NodeError(
            "config.credential_id is required: webhook.send signs with the credential's secret",
            retryable=False,
        )
    if credential["type"] != "http_header":
        raise NodeError(
            f"webhook.send signs with the value of an http_header credential, not an "
            f"{credential['type']} one",
            retryable=False,
        )
    return str(credential["value"])


def _extra_headers(headers: Any) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise NodeError("config.headers must be an object of text values", retryable=False)
    own = {h.lower() for h in OWN_HEADERS}
    for name in headers:
        if name.lower() in own:
            raise NodeError(f"config.headers.{name} is set by webhook.send itself", retryable=False)
    return dict(headers)


def _timeout(value: Any) -> float:
    seconds = 30.0 if value is None else value
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 < seconds <= 120:
        raise NodeError(
            f"config.timeout_seconds must be a number in (0, 120], not {value!r}", retryable=False
        )
    return float(seconds)
