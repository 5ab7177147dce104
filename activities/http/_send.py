"""One HTTP send for http.request and webhook.send: redirects followed by hand (every hop
through the egress policy, credentials kept to their origin) and bodies read within limits."""

import email.utils
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from .._runtime import NodeError, with_heartbeats
from ..credential_hosts import require_allowed_host
from ..egress import EgressDenied
from ._body import ACCEPT_ENCODING, HttpAnswer, TooLarge, decoded_chunks

if TYPE_CHECKING:
    from core.blobs import BlobStore

REDIRECTS = (301, 302, 303, 307, 308)
BLOB_RESPONSE_MAX_BYTES = 1024**3
"""Even a response streamed to the blob store stops here (disk is finite too)."""
ERROR_BODY_BYTES = 64 * 1024
"""Of a 4xx/5xx answer only this much is read: it is only shown in the error."""


@dataclass(frozen=True)
class BodyLimit:
    """How much of the answer to read, and what to do with more."""

    max_bytes: int
    option: str = "config.max_response_bytes"
    """The node option that sets `max_bytes`, named in the error."""
    to_blob: "BlobStore | None" = None
    """Stream a larger body here instead of failing (`large_response: "blob"`)."""
    workspace_id: str = ""
    blob_name: str = "response"


@dataclass
class Redirects:
    """Redirect handling: how many hops, and which request parts are credentials."""

    follow: bool = True
    max_hops: int = 5
    secret_headers: set[str] = field(default_factory=set)
    """Lower-case header names that came from a credential: dropped on a cross-origin hop."""
    secret_params: set[str] = field(default_factory=set)
    """Query parameters that came from a credential: dropped on a cross-origin hop."""
    credential: Mapping[str, Any] | None = None
    """The node's credential: the first URL and every hop must be in its allowed_hosts."""


async def send_request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    limit: BodyLimit,
    redirects: Redirects | None = None,
    headers: dict[str, str] | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 30.0,
    **body: Any,
) -> HttpAnswer:
    """Send, heartbeating; 5xx, 429, timeouts and connection errors raise a retryable
    NodeError (Retry-After honoured), other 4xx and denied hops a final one."""
    return await with_heartbeats(
        _send(
            client,
            method,
            url,
            limit,
            redirects or Redirects(follow=False),
            dict(headers or {}),
            auth,
            timeout,
            body,
        )
    )


async def _send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    limit: BodyLimit,
    redirects: Redirects,
    headers: dict[str, str],
    auth: tuple[str, str] | None,
    timeout: float,
    body: dict[str, Any],
) -> HttpAnswer:
    if not any(k.lower() == "accept-encoding" for k in headers):
        headers["Accept-Encoding"] = ACCEPT_ENCODING
    first, history = url, []
    while True:
        try:
            request = client.build_request(method, url, headers=headers, timeout=timeout, **body)
        except httpx.InvalidURL as exc:
            raise NodeError(
                f"{method} {url[:300]} is not a valid URL: {exc}", retryable=False
            ) from exc
        hop = (
            f"{method} {url}"
            if not history
            else f"{method} {url} (redirect {len(history)} from {first})"
        )
        try:
            require_allowed_host(redirects.credential, request.url.host)
        except NodeError as exc:
            raise NodeError(f"{hop}: {exc}", retryable=False) from None
        try:
            response = await client.send(request, auth=auth, stream=True, follow_redirects=False)
        except EgressDenied as exc:
            raise NodeError(f"{hop}: {exc}", retryable=False) from exc
        except httpx.TimeoutException as exc:
            raise NodeError(f"{hop} timed out ({type(exc).__name__})", retryable=True) from exc
        except httpx.TransportError as exc:
            raise NodeError(f"{hop} failed: {exc!r}", retryable=True) from exc
        try:
            location = response.headers.get("location")
            if not (redirects.follow and response.status_code in REDIRECTS and location):
                answer = await _answer(response, hop, limit)
                answer.history = history
                return answer
        finally:
            await response.aclose()
        if len(history) >= redirects.max_hops:
            raise NodeError(
                f"{hop} redirected more than {redirects.max_hops} times "
                "(config.max_redirects, at most 10)",
                retryable=False,
            )
        history.append(url)
        target = response.url.join(location)
        if target.scheme not in ("http", "https"):
            raise NodeError(
                f"{hop} redirected to {str(target)[:300]!r}, not http(s)", retryable=False
            )
        if _origin(target) != _origin(response.url):
            headers = {
                k: v for k, v in headers.items() if k.lower() not in redirects.secret_headers
            }
            for name in redirects.secret_params:
                target = target.copy_remove_param(name)
            auth = None
        if (
            response.status_code == 303
            and method != "HEAD"
            or (response.status_code in (301, 302) and method == "POST")
        ):
            method, body = "GET", {}  # what browsers do: the body is not sent again
            headers = {
                k: v
                for k, v in headers.items()
                if k.lower() not in ("content-type", "content-length")
            }
        body.pop("params", None)  # the Location holds the whole next URL
        url = str(target)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80)


async def _answer(response: httpx.Response, hop: str, limit: BodyLimit) -> HttpAnswer:
    answer = HttpAnswer(
        response.status_code, response.reason_phrase, response.headers, str(response.url)
    )
    status = response.status_code
    if status >= 400:
        answer.content, answer.truncated = await _read_prefix(response, ERROR_BODY_BYTES)
        _raise_for_status(answer, hop)
    counts = {"wire": 0, "decoded": 0}
    cap = BLOB_RESPONSE_MAX_BYTES if limit.to_blob is not None else limit.max_bytes
    chunks = decoded_chunks(response, cap, counts)
    parts: list[bytes] = []
    held = 0
    try:
        async for chunk in chunks:
            parts.append(chunk)
            held += len(chunk)
            if limit.to_blob is not None and max(held, counts["wire"]) > limit.max_bytes:
                answer.blob = await _store(response, limit, limit.to_blob, _chain(parts, chunks))
                break
    except TooLarge as exc:
        shown, setting = (
            (cap, "a response stored as a file")
            if limit.to_blob is not None
            else (
                cap,
                f"raise {limit.option} (at most HTTP_MAX_RESPONSE_BYTES) or set "
                'config.large_response: "blob" to store it as a file',
            )
        )
        raise NodeError(
            f"{hop}: the response is larger than {shown} bytes {exc.counted}; {setting}",
            retryable=False,
        ) from None
    if answer.blob is None:
        answer.content = b"".join(parts)
    answer.wire_bytes = counts["wire"]
    return answer


async def _chain(head: list[bytes], rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    for chunk in head:
        yield chunk
    head.clear()  # the blob store has them: hold no copy
    async for chunk in rest:
        yield chunk


async def _store(
    response: httpx.Response, limit: BodyLimit, blobs: "BlobStore", chunks: AsyncIterator[bytes]
) -> dict[str, Any]:
    """Stream the body (what was read, then the rest) to the blob store."""
    name = response.url.path.rstrip("/").rsplit("/", 1)[-1] or limit.blob_name
    content_type = response.headers.get("content-type", "application/octet-stream")
    return await blobs.put(limit.workspace_id, name[:200], content_type.split(";")[0], chunks)


async def _read_prefix(response: httpx.Response, size: int) -> tuple[bytes, bool]:
    counts = {"wire": 0, "decoded": 0}
    parts: list[bytes] = []
    try:
        async for chunk in decoded_chunks(response, size, counts):
            parts.append(chunk)
    except TooLarge:
        return b"".join(parts)[:size], True
    return b"".join(parts), False


def _raise_for_status(answer: HttpAnswer, hop: str) -> None:
    if answer.status_code >= 500 or answer.status_code == 429:
        raise NodeError(
            f"{hop} answered {answer.status_code}; will retry",
            retryable=True,
            retry_after=_retry_after(answer.headers.get("retry-after")),
        )
    raise NodeError(
        f"{hop} answered {answer.status_code} {answer.reason_phrase}: {answer.text[:300]}",
        retryable=False,
    )


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
