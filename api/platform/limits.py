"""Bounds from settings: expression limits for validation and plans, and the JSON depth guard.

Parsing JSON, pydantic, jsonschema and our own walkers all recurse; a body nested 10,000
deep would end in a RecursionError (a 500). The guard counts nesting on the raw bytes and
answers a 422 naming where it goes too deep, before anything parses the body.
"""

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings
from interpreter import ExpressionLimits

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_TOKEN = re.compile(rb'("(?:[^"\\]|\\.)*")(\s*:)?|[\[\]{},]', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_SHOWN_PARTS = 12


def expression_limits(settings: Settings) -> ExpressionLimits:
    """The limits the settings give graph validation and every run plan."""
    return ExpressionLimits(
        max_length=settings.expression_max_length,
        max_depth=settings.expression_max_depth,
        max_result_bytes=settings.expression_max_result_bytes,
        max_config_depth=settings.config_max_depth,
    )


def too_deep(body: bytes, max_depth: int) -> list[str | int] | None:
    """None when `body` nests at most `max_depth` lists/objects; else where it goes deeper
    (the path of the first too deep value, as a FastAPI `loc` after "body")."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    depth = 0
    for char in brackets:
        depth += 1 if char in b"[{" else -1
        if depth > max_depth:
            return _path_to_depth(body, max_depth)
    return None


def _path_to_depth(body: bytes, max_depth: int) -> list[str | int]:
    stack: list[list[Any]] = []  # [kind, key or index]
    for match in _TOKEN.finditer(body):
        token = match.group(0)
        if match.group(2):  # an object key
            if stack:
                stack[-1][1] = _text(match.group(1))
        elif token in (b"{", b"["):
            stack.append([token, None if token == b"{" else 0])
            if len(stack) > max_depth:
                break
        elif token in (b"}", b"]"):
            if stack:
                stack.pop()
        elif token == b"," and stack and stack[-1][0] == b"[":
            stack[-1][1] += 1
    parts = [part for _, part in stack[:-1] if part is not None]
    return parts[:_SHOWN_PARTS] + (["..."] if len(parts) > _SHOWN_PARTS else [])


def _text(raw: bytes) -> str:
    try:
        return str(json.loads(raw))
    except ValueError:
        return raw.decode("utf-8", "replace")[1:-1]


class JsonDepthGuard:
    """ASGI middleware: JSON request bodies deeper than REQUEST_MAX_DEPTH get a 422."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_depth = settings.request_max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        try:
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request" or not message.get("more_body"):
                    break
        except Exception as exc:  # the size limit: let the app answer it as it always does
            await self.app(scope, _failing(exc), send)
            return
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        where = too_deep(body, self.max_depth)
        if where is not None:
            await _refuse(send, where, self.max_depth)
            return
        await self.app(scope, _replayed(messages, receive), send)


def _is_json(scope: Scope) -> bool:
    """JSON, or no content type at all: FastAPI parses both as JSON."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return b"json" in value.lower()
    return scope["method"] in ("POST", "PUT", "PATCH", "DELETE")


def _replayed(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def _failing(exc: Exception) -> Receive:
    async def fail() -> Message:
        raise exc

    return fail


async def _refuse(send: Send, where: list[str | int], max_depth: int) -> None:
    problem = {
        "loc": ["body", *where],
        "msg": f"nests more than {max_depth} levels deep; the limit is REQUEST_MAX_DEPTH",
        "type": "json_too_deep",
    }
    body = json.dumps({"detail": [problem]}).encode()
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 422, "headers": headers})
    await send({"type": "http.response.body", "body": body})
