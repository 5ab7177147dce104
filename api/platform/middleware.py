"""HTTP hardening: security headers, request size limit, CORS for the codec endpoint."""

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
CODEC_PREFIX = "/api/codec"
NUL_DETAIL = (
    b'{"detail":[{"loc":["query"],"msg":"text may not contain NUL characters","type":"nul"}]}'
)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Hardening:
    """One ASGI middleware for the headers every response carries and the size limit."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_bytes = settings.max_request_bytes
        self.codec_origin = origin_of(settings.temporal_ui_url).encode()
        self.trust_proxy = settings.proxy_hops > 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        codec = (
            scope["path"].startswith(CODEC_PREFIX) and headers.get(b"origin") == self.codec_origin
        )
        if codec and scope["method"] == "OPTIONS":
            await self._preflight(send)
            return
        api = scope["path"].startswith("/api/")
        if api and b"%00" in scope.get("query_string", b""):
            await self._nul(send)
            return
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._too_large(send)
            return
        forwarded = headers.get(b"x-forwarded-proto") if self.trust_proxy else None
        https = (forwarded or scope.get("scheme", "").encode()) == b"https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-security-policy", CSP.encode()),
                ]
                if https:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                if codec:
                    extra += self._cors()
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, self._limited(receive, refuse_nul=api), send_with_headers)

    def _limited(self, receive: Receive, *, refuse_nul: bool) -> Receive:
        seen = 0
        tail = b""

        async def counted() -> Message:
            nonlocal seen, tail
            message = await receive()
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.max_bytes:
                raise RequestTooLarge
            # PostgreSQL text cannot hold NUL; refuse it up front rather than fail on write.
            window = tail + body
            if refuse_nul and (b"\\u0000" in window or b"\x00" in window):
                raise RequestHasNul
            tail = window[-6:]
            return message

        return counted

    def _cors(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"access-control-allow-origin", self.codec_origin),
            (b"access-control-allow-credentials", b"true"),
            (b"vary", b"Origin"),
        ]

    async def _preflight(self, send: Send) -> None:
        headers = self._cors() + [
            (b"access-control-allow-methods", b"POST, OPTIONS"),
            (b"access-control-allow-headers", b"authorization, content-type, x-namespace"),
            (b"access-control-max-age", b"600"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async def _nul(self, send: Send) -> None:
        body = NUL_DETAIL
        await send(
            {
                "type": "http.response.start",
                "status": 422,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _too_large(self, send: Send) -> None:
        body = b'{"detail":"request body is larger than MAX_REQUEST_BYTES"}'
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RequestTooLarge(Exception):
    """A streamed body went past the limit."""


class RequestHasNul(Exception):
    """A body with a NUL character (JSON `\\u0000` or a raw zero byte)."""
