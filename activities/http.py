"""HTTP nodes: `http.request` over httpx, with 5xx/429/timeouts retried."""

import email.utils
import time
from typing import Any

import httpx

from interpreter import NodeTask, NodeType, RetrySpec

from ._deps import NodeDependencies
from ._runtime import NodeError, node_activity, with_heartbeats
from .credential_store import CredentialStore

HTTP_REQUEST = NodeType(
    type="http.request",
    category="HTTP",
    label="HTTP request",
    description="Calls an HTTP API. 5xx, 429 and timeouts are retried (Retry-After honoured); "
    "other 4xx fail at once.",
    kind="activity",
    credential_type="http_auth",
    retry=RetrySpec(max_attempts=5, initial_interval_seconds=1.0, maximum_interval_seconds=60.0),
    timeout_seconds=330.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["url"],
        "properties": {
            "method": {
                "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                "default": "GET",
            },
            "url": {"type": "string", "pattern": "^https?://", "maxLength": 4096},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "query": {
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "boolean"]},
            },
            "json": {"description": "JSON body; sets Content-Type: application/json."},
            "body": {
                "type": ["string", "object"],
                "description": "Raw text body, or an object sent as a form.",
            },
            "credential_id": {
                "type": "string",
                "format": "uuid",
                "description": "An HTTP header, bearer or basic-auth credential.",
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 300,
                "default": 30,
            },
        },
        "not": {"required": ["json", "body"]},
    },
    output_schema={
        "type": "object",
        "properties": {
            "status": {"type": "integer"},
            "headers": {"type": "object"},
            "body": {"description": "Parsed JSON when the response is JSON, else text."},
        },
    },
)

NODE_TYPES = [HTTP_REQUEST]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def build(deps: NodeDependencies) -> list[object]:
    http = HttpActivities(
        deps.http, deps.credentials, max_output_bytes=deps.settings.max_inline_payload_bytes
    )
    return [http.http_request]


class HttpActivities:
    """Activities that speak HTTP; one shared connection pool per worker."""

    def __init__(
        self, client: httpx.AsyncClient, credentials: CredentialStore, *, max_output_bytes: int
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.max_output_bytes = max_output_bytes

    @node_activity("http.request")
    async def http_request(self, task: NodeTask) -> dict[str, Any]:
        config = task.config
        method = str(config.get("method", "GET")).upper()
        url = config["url"]
        body = config.get("body")
        headers = dict(config.get("headers") or {})
        if method not in SAFE_METHODS and not any(k.lower() == "idempotency-key" for k in headers):
            # The same for every attempt of this node in this run: peers can drop a retry.
            headers["Idempotency-Key"] = task.idempotency_key
        auth = _apply_credential(await self.credentials.load(task, "http_auth"), headers)
        response = await send_request(
            self.client,
            method,
            url,
            headers=headers,
            auth=auth,
            params=config.get("query"),
            json=config.get("json"),
            content=body if isinstance(body, str) else None,
            data=body if isinstance(body, dict) else None,
            timeout=float(config.get("timeout_seconds", 30)),
        )
        return {
            "status": response.status_code,
            "headers": dict(response.headers),
            "body": response_body(response),
        }


def _apply_credential(
    credential: dict[str, Any] | None, headers: dict[str, str]
) -> tuple[str, str] | None:
    """Put the credential into `headers` (header, bearer) or answer basic-auth parts."""
    if credential is None:
        return None
    if credential["type"] == "http_header":
        headers[credential["name"]] = credential["value"]
    elif credential["type"] == "http_bearer":
        headers["Authorization"] = f"Bearer {credential['token']}"
    elif credential["type"] == "http_basic":
        return credential["username"], credential["password"]
    return None


async def send_request(
    client: httpx.AsyncClient, method: str, url: str, **options: Any
) -> httpx.Response:
    """Send, heartbeating; 5xx, 429, timeouts and connection errors raise a retryable
    NodeError (Retry-After honoured), other 4xx a final one naming the status and body."""
    try:
        response = await with_heartbeats(client.request(method, url, **options))
    except httpx.TimeoutException as exc:
        raise NodeError(f"{method} {url} timed out ({type(exc).__name__})", retryable=True) from exc
    except httpx.TransportError as exc:
        raise NodeError(f"{method} {url} failed: {exc!r}", retryable=True) from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise NodeError(
            f"{method} {url} answered {response.status_code}; will retry",
            retryable=True,
            retry_after=_retry_after(response.headers.get("retry-after")),
        )
    if response.status_code >= 400:
        raise NodeError(
            f"{method} {url} answered {response.status_code} {response.reason_phrase}: "
            f"{response.text[:300]}",
            retryable=False,
        )
    return response


def response_body(response: httpx.Response) -> Any:
    """Parsed JSON when the response says it is JSON, else text."""
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # a malformed header must not hide the 429/503 behind a date error
    return max(0.0, parsed.timestamp() - time.time())
