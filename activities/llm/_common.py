"""What the LLM nodes share: the provider-neutral request and reply, error classification,
structured answers with one repair request, and the price table."""

import email.utils
import functools
import json
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any, TypeVar

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match

from .._runtime import NodeError
from ..egress import EgressDenied

T = TypeVar("T")


@dataclass(frozen=True)
class ChatRequest:
    """One model call, independent of the provider."""

    model: str
    messages: list[dict[str, str]]
    """`{"role": "user" | "assistant", "content": text}`, oldest first."""
    system: str | None = None
    temperature: float | None = None
    """None leaves the provider's default (some models accept no other value)."""
    max_tokens: int = 1024
    tools: list[dict[str, Any]] = field(default_factory=list)
    """`{"name", "description", "parameters": JSON Schema}` each."""
    tool_choice: str | None = None
    """`auto`, `required`, `none`, or the name of one tool."""
    json_schema: dict[str, Any] | None = None
    """Ask for a JSON answer matching this schema."""
    timeout: float = 120.0


@dataclass(frozen=True)
class ChatReply:
    text: str
    tool_calls: list[dict[str, Any]]
    """`{"id", "name", "arguments"}` each; arguments parsed from JSON when they are JSON."""
    model: str
    input_tokens: int
    output_tokens: int
    stop_reason: str | None


Provider = Callable[[dict[str, Any], ChatRequest], Awaitable[ChatReply]]
"""Sends a request with a decrypted credential; raises `NodeError` classified."""


# --- errors -------------------------------------------------------------------------------

RETRYABLE_STATUSES = {408, 409, 429}
_HINTS = {
    400: "rejected the request as invalid; check the model name, messages and parameters",
    401: "rejected the API key; check the credential's api_key (and base_url)",
    403: "refused this API key access; check the key's permissions for model '{model}'",
    404: "does not know this endpoint or model; check the model name '{model}' "
    "and the credential's base_url",
    413: "found the request too large; shorten the messages",
    422: "could not process the request; check the model name, messages and parameters",
}


def status_failure(
    provider: str, status: int, headers: Mapping[str, str], body: Any, *, model: str, secret: str
) -> NodeError:
    """The node error for an HTTP error answer of a provider's API."""
    detail = _detail(body)
    if status in RETRYABLE_STATUSES or status >= 500:
        return NodeError(
            redact(f"{provider} answered {status} ({detail}); will retry", secret),
            retryable=True,
            retry_after=retry_after(headers),
        )
    hint = _HINTS.get(status, "rejected the request").format(model=model)
    return NodeError(redact(f"{provider} {hint} ({status}: {detail})", secret), retryable=False)


def connection_failure(provider: str, *, timed_out: bool, reason: str, secret: str) -> NodeError:
    what = "did not answer in time" if timed_out else f"could not be reached: {reason}"
    return NodeError(redact(f"{provider} {what}; will retry", secret), retryable=True)


async def provider_call(
    call: Awaitable[T], *, sdk: ModuleType, provider: str, model: str, secret: str
) -> T:
    """Await one call of a provider SDK (`openai` or `anthropic`: the same error classes);
    its errors leave as classified NodeErrors, an egress refusal as itself (not retried)."""
    try:
        return await call
    except sdk.APIStatusError as exc:
        raise status_failure(
            provider, exc.status_code, exc.response.headers, exc.body, model=model, secret=secret
        ) from None
    except sdk.APIConnectionError as exc:
        if isinstance(exc.__cause__, EgressDenied):
            raise exc.__cause__ from None  # the address is refused: no retry can help
        raise connection_failure(
            provider,
            timed_out=isinstance(exc, sdk.APITimeoutError),
            reason=str(exc.__cause__ or exc),
            secret=secret,
        ) from None


def _detail(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]  # Anthropic's SDK keeps the envelope; OpenAI's removes it
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        text = body["message"]
    elif isinstance(body, str | dict | list):
        text = body if isinstance(body, str) else json.dumps(body)
    else:
        text = "no details"
    return text[:300]


def redact(text: str, secret: str) -> str:
    """`text` without `secret` (peers and proxies may echo a key in their errors)."""
    return text.replace(secret, "***") if secret else text


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the provider asks us to wait (`retry-after-ms`, or `retry-after` in seconds or
    as an HTTP date)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        if "retry-after-ms" in lowered:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000)
        value = lowered.get("retry-after", "").strip()
        if value:
            return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(lowered.get("retry-after", ""))
    except (TypeError, ValueError, IndexError):
        return None  # a malformed header must not hide the 429 behind a date error
    return max(0.0, when.timestamp() - time.time())


# --- config and structured answers --------------------------------------------------------


def check_config(config: dict[str, Any], schema: dict[str, Any]) -> None:
    """Check the rendered config: values that were expressions at save time are known now."""
    problem = best_match(Draft202012Validator(schema).iter_errors(config))
    if problem is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in problem.path)
        raise NodeError(f"config{where}: {problem.message}", retryable=False)


def check_schema(schema: dict[str, Any], name: str) -> None:
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        message = f"config.{name} is not a valid JSON Schema: {exc.message}"
        raise NodeError(message, retryable=False) from None


class BadAnswer(ValueError):
    """The model's answer is not JSON, or not JSON matching the schema."""


_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n?(.*?)\n?```$", re.DOTALL)


def parse_answer(text: str, schema: dict[str, Any]) -> Any:
    body = text.strip()
    fenced = _FENCE.match(body)  # models often wrap JSON in a Markdown code block
    if fenced:
        body = fenced.group(1).strip()
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        raise BadAnswer(
            f"the answer is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    problem = best_match(Draft202012Validator(schema).iter_errors(value))
    if problem is not None:
        where = problem.json_path
        raise BadAnswer(f"the answer does not match the schema at {where}: {problem.message}")
    return value


REPAIR_PROMPT = (
    "Your previous answer cannot be used: {problem}. Answer again with only a JSON value "
    "that matches the JSON Schema, without any other text."
)


async def ask(send: Provider, credential: dict[str, Any], request: ChatRequest) -> "Answer":
    """Call the model; with a schema, parse and validate the answer, repairing it once."""
    first = await send(credential, request)
    schema = request.json_schema
    if schema is None or first.tool_calls:
        return Answer([first])
    try:
        return Answer([first], parse_answer(first.text, schema))
    except BadAnswer as problem:
        repair = replace(
            request,
            messages=[
                *request.messages,
                {"role": "assistant", "content": first.text or "(empty answer)"},
                {"role": "user", "content": REPAIR_PROMPT.format(problem=problem)},
            ],
        )
    second = await send(credential, repair)
    try:
        return Answer([first, second], parse_answer(second.text, schema), repaired=True)
    except BadAnswer as problem:
        cut = " (it was cut off: raise max_tokens)" if second.stop_reason in _CUT_OFF else ""
        raise NodeError(
            f"the model did not answer with JSON matching the schema, even after one repair "
            f"request: {problem}{cut}",
            retryable=False,
        ) from None


_CUT_OFF = {"length", "max_tokens"}


@dataclass(frozen=True)
class Answer:
    replies: list[ChatReply]
    json: Any = None
    repaired: bool = False

    @property
    def last(self) -> ChatReply:
        return self.replies[-1]

    def accounting(self) -> dict[str, Any]:
        """`model`, `usage`, `cost` and `cost_known` over every call made for this answer;
        the run sums `usage` and `cost` of its nodes."""
        usage = {
            "input_tokens": sum(r.input_tokens for r in self.replies),
            "output_tokens": sum(r.output_tokens for r in self.replies),
        }
        price = price_of(self.last.model)
        cost = 0.0
        if price is not None:
            cost = (usage["input_tokens"] * price[0] + usage["output_tokens"] * price[1]) / 1e6
        return {
            "model": self.last.model,
            "usage": usage,
            "cost": round(cost, 8),
            "cost_known": price is not None,
        }


# --- prices -------------------------------------------------------------------------------

DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    # USD per 1M input / output tokens, list prices without caching or batch discounts.
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5.1": (1.25, 10.00),
    "o3": (2.00, 8.00),
    "o4-mini": (1.10, 4.40),
    "claude-opus-4-6": (5.00, 25.00),
    "claude-opus-4-5": (5.00, 25.00),
    "claude-opus-4-1": (15.00, 75.00),
    "claude-sonnet-4-6": (3.00, 15.00),
    "claude-sonnet-4-5": (3.00, 15.00),
    "claude-sonnet-4": (3.00, 15.00),
    "claude-haiku-4-5": (1.00, 5.00),
}
PRICES_ENV = "LLM_PRICES_JSON"
"""`{"model": {"input": usd_per_1m, "output": usd_per_1m}}`, merged over the defaults."""
_SNAPSHOT = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8})$")


def price_of(model: str) -> tuple[float, float] | None:
    """Input and output price of a model (a dated snapshot costs what its alias costs)."""
    prices = price_table(os.environ.get(PRICES_ENV, ""))
    return prices.get(model) or prices.get(_SNAPSHOT.sub("", model))


@functools.lru_cache(maxsize=4)
def price_table(override: str) -> dict[str, tuple[float, float]]:
    """The default table with `LLM_PRICES_JSON`'s entries on top; raises ValueError if bad."""
    table = dict(DEFAULT_PRICES)
    if not override.strip():
        return table
    try:
        entries = json.loads(override)
        for model, price in entries.items():
            table[model] = (float(price["input"]), float(price["output"]))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        shape = '{"<model>": {"input": <USD per 1M tokens>, "output": <USD per 1M tokens>}}'
        raise ValueError(f"{PRICES_ENV} must look like {shape}: {exc!r}") from None
    return table
