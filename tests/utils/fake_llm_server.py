"""A fake OpenAI and Anthropic API on loopback: real HTTP, the providers' wire formats
(Chat Completions, Messages), answers scripted per test, every call recorded.

Runs the stdlib `ThreadingHTTPServer` in a thread so the test's event loop (and the in-process
worker on it) keeps running. It does not stream: the LLM nodes make non-streaming calls, and a
request with `"stream": true` gets a 400.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

OPENAI_PATH = "/v1/chat/completions"
ANTHROPIC_PATH = "/v1/messages"
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    529: "overloaded_error",
}


@dataclass(frozen=True)
class Answer:
    """A successful model answer, in whichever provider's format was asked."""

    text: str = "Hello from the fake model."
    tool_calls: tuple[dict[str, Any], ...] = ()
    """`{"name", "arguments"}` each; arguments that are a str are sent as they are."""
    input_tokens: int = 12
    output_tokens: int = 5
    stop: str | None = None
    """Stop reason; by default `stop`/`end_turn`, or `tool_calls`/`tool_use` with calls."""
    delay: float = 0.0
    """Seconds to wait before answering (a slow model)."""


@dataclass(frozen=True)
class Failure:
    """An error answer in the provider's error format."""

    status: int
    message: str = "the fake says no"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    """One request the fake received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received: float = field(default_factory=time.monotonic)


class FakeLLM:
    """OpenAI at `openai_base_url`, Anthropic at `anthropic_base_url`; each answers from its
    script in order, the last step repeating. A request without `api_key` gets a 401 whose
    message echoes the key it was sent (as some proxies do), to prove nodes redact it."""

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self._scripts: dict[str, list[Answer | Failure]] = {
            OPENAI_PATH: [Answer()],
            ANTHROPIC_PATH: [Answer()],
        }
        self._calls: list[Call] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    @property
    def openai_base_url(self) -> str:
        return self.base_url + "/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.base_url

    def openai(self, *steps: Answer | Failure) -> None:
        self._scripts[OPENAI_PATH] = list(steps)

    def anthropic(self, *steps: Answer | Failure) -> None:
        self._scripts[ANTHROPIC_PATH] = list(steps)

    def calls(self, provider: str) -> list[Call]:
        """Requests to `openai` or `anthropic`, oldest first."""
        path = OPENAI_PATH if provider == "openai" else ANTHROPIC_PATH
        with self._lock:
            return [c for c in self._calls if c.path == path]

    def __enter__(self) -> "FakeLLM":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    def answer(self, call: Call) -> tuple[int, dict[str, str], dict[str, Any], float]:
        """Status, headers, JSON body and delay for one request."""
        with self._lock:
            self._calls.append(call)
            script = self._scripts.get(call.path)
            step = None if not script else script.pop(0) if len(script) > 1 else script[0]
        openai = call.path == OPENAI_PATH
        key = _presented_key(call.headers, openai=openai)
        if step is None:
            step = Failure(404, f"no such endpoint {call.path}")
        elif key != self.api_key:
            step = Failure(401, f"Incorrect API key provided: {key}")
        elif call.body.get("stream"):
            step = Failure(400, "the fake does not stream")
        if isinstance(step, Failure):
            return step.status, step.headers, _error(step, openai=openai), 0.0
        model = call.body.get("model", "unknown")
        number = next(self._ids)
        body = _openai(step, model, number) if openai else _anthropic(step, model, number)
        return 200, {}, body, step.delay


def _presented_key(headers: dict[str, str], *, openai: bool) -> str:
    bearer = headers.get("authorization", "").removeprefix("Bearer ")
    # Anthropic takes `x-api-key`; its newer SDKs send the key as a bearer token instead.
    return bearer if openai else headers.get("x-api-key", bearer)


def _error(failure: Failure, *, openai: bool) -> dict[str, Any]:
    kind = _ERROR_TYPES.get(failure.status, "api_error")
    if openai:
        return {"error": {"message": failure.message, "type": kind, "param": None, "code": None}}
    return {"type": "error", "error": {"type": kind, "message": failure.message}}


def _arguments(call: dict[str, Any]) -> str:
    value = call.get("arguments", {})
    return value if isinstance(value, str) else json.dumps(value)


def _openai(answer: Answer, model: str, number: int) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": answer.text or None}
    if answer.tool_calls:
        message["tool_calls"] = [
            {
                "id": f"call_{number}_{i}",
                "type": "function",
                "function": {"name": call["name"], "arguments": _arguments(call)},
            }
            for i, call in enumerate(answer.tool_calls)
        ]
    usage = {"prompt_tokens": answer.input_tokens, "completion_tokens": answer.output_tokens}
    return {
        "id": f"chatcmpl-{number}",
        "object": "chat.completion",
        "created": 1_700_000_000 + number,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": answer.stop or ("tool_calls" if answer.tool_calls else "stop"),
            }
        ],
        "usage": {**usage, "total_tokens": answer.input_tokens + answer.output_tokens},
    }


def _anthropic(answer: Answer, model: str, number: int) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "text", "text": answer.text}] if answer.text else []
    content += [
        {
            "type": "tool_use",
            "id": f"toolu_{number}_{i}",
            "name": c["name"],
            "input": c["arguments"],
        }
        for i, c in enumerate(answer.tool_calls)
    ]
    return {
        "id": f"msg_{number}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": answer.stop or ("tool_use" if answer.tool_calls else "end_turn"),
        "stop_sequence": None,
        "usage": {"input_tokens": answer.input_tokens, "output_tokens": answer.output_tokens},
    }


def _handler_for(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - stdlib naming
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            call = Call(
                path=self.path.split("?")[0],
                headers={k.lower(): v for k, v in self.headers.items()},
                body=json.loads(raw or b"{}"),
            )
            status, headers, body, delay = fake.answer(call)
            time.sleep(delay)
            payload = json.dumps(body).encode()
            try:
                self.send_response(status)
                for name, value in {**headers, "Content-Type": "application/json"}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up waiting

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler
