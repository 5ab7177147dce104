"""HTTP nodes: `http.request` over httpx, with 5xx/429/timeouts retried."""

from typing import Any

from interpreter import NodeTask

from .._deps import NodeDependencies
from .._runtime import NodeError, node_activity
from ._body import HttpAnswer
from ._nodes import HttpNodes
from ._send import BodyLimit, Redirects, send_request

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def build(deps: NodeDependencies) -> list[object]:
    return [HttpActivities.from_deps(deps).http_request]


class HttpActivities(HttpNodes):
    """Activities that speak HTTP; one shared connection pool per worker."""

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
        credential = await self.credentials.load(task, "http_auth")
        auth, secret_headers = _apply_credential(credential, headers)
        response = await send_request(
            self.client,
            method,
            url,
            limit=body_limit(
                config,
                self.max_response_bytes,
                blobs=self.blobs,
                workspace_id=task.workspace_id,
                blob_name=f"{task.node_id}.response",
            ),
            redirects=_redirects(config, secret_headers, credential),
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
) -> tuple[tuple[str, str] | None, set[str]]:
    """Put the credential into `headers` (header, bearer) or answer basic-auth parts, with
    the lower-case names of the headers that now carry a secret."""
    if credential is None:
        return None, set()
    if credential["type"] == "http_header":
        headers[credential["name"]] = credential["value"]
        return None, {credential["name"].lower()}
    if credential["type"] == "http_bearer":
        headers["Authorization"] = f"Bearer {credential['token']}"
    elif credential["type"] == "http_basic":
        return (credential["username"], credential["password"]), {"authorization"}
    return None, {"authorization"}


def _redirects(
    config: dict[str, Any], secret_headers: set[str], credential: dict[str, Any] | None = None
) -> Redirects:
    follow, hops = config.get("follow_redirects", True), config.get("max_redirects", 5)
    if not isinstance(follow, bool):
        raise NodeError(
            f"config.follow_redirects must be true or false, not {follow!r}", retryable=False
        )
    if isinstance(hops, bool) or not isinstance(hops, int) or not 0 <= hops <= 10:
        raise NodeError(
            f"config.max_redirects must be an integer in 0-10, not {hops!r}", retryable=False
        )
    # Typed-in authorization and cookies are secrets too, as browsers treat them.
    secret_headers = secret_headers | {"authorization", "proxy-authorization", "cookie"}
    return Redirects(
        follow=follow, max_hops=hops, secret_headers=secret_headers, credential=credential
    )


def response_body(response: HttpAnswer) -> Any:
    """The stored file's reference, parsed JSON when the response says it is JSON, else text."""
    if response.blob is not None:
        return response.blob
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text


def body_limit(config: dict[str, Any], deps_limit: int, **blob: Any) -> BodyLimit:
    """The node's response budget: `max_response_bytes`, at most HTTP_MAX_RESPONSE_BYTES."""
    wanted = config.get("max_response_bytes")
    if wanted is not None and (
        isinstance(wanted, bool) or not isinstance(wanted, int) or wanted < 1
    ):
        raise NodeError(
            f"config.max_response_bytes must be a positive integer, not {wanted!r}", retryable=False
        )
    if wanted is not None and wanted > deps_limit:
        raise NodeError(
            f"config.max_response_bytes is {wanted}, above HTTP_MAX_RESPONSE_BYTES ({deps_limit}); "
            'lower it, or set config.large_response: "blob" to store big answers as files',
            retryable=False,
        )
    blobs = blob.pop("blobs", None)
    to_blob = blobs if config.get("large_response", "fail") == "blob" else None
    return BodyLimit(max_bytes=wanted or deps_limit, to_blob=to_blob, **blob)
