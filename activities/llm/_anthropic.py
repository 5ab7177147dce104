"""Anthropic Messages through the official SDK."""

import json
from typing import Any

import httpx2

from .._runtime import import_off_loop
from ..credential_hosts import require_allowed_url
from ._common import ChatReply, ChatRequest, provider_call

PROVIDER = "Anthropic"
JSON_INSTRUCTION = (
    "Answer with a single JSON value that matches this JSON Schema, and nothing else "
    "(no prose, no code fences):\n{schema}"
)


async def anthropic_message(
    credential: dict[str, Any], request: ChatRequest, *, http: httpx2.AsyncClient
) -> ChatReply:
    """One non-streaming message over `http` (the worker's egress-guarded httpx2 pool,
    shared: this client is not closed); errors leave as classified `NodeError`s."""
    # Not at the top: ~1 s and tens of MiB; the first call loads it off the event loop,
    # so neither the API nor a worker that runs no Anthropic node holds it.
    await import_off_loop("anthropic")
    import anthropic

    secret = credential["api_key"]
    # Temporal owns retries (with the node's policy and the peer's Retry-After): none here.
    client = anthropic.AsyncAnthropic(
        api_key=secret,
        base_url=credential.get("base_url"),
        max_retries=0,
        timeout=request.timeout,
        http_client=http,
    )
    require_allowed_url(credential, str(client.base_url))
    message = await provider_call(
        client.messages.create(**_arguments(request)),
        sdk=anthropic,
        provider=PROVIDER,
        model=request.model,
        secret=secret,
    )
    return _reply(message)


def _arguments(request: ChatRequest) -> dict[str, Any]:
    system = [request.system] if request.system else []
    if request.json_schema is not None:
        # Asked in the prompt, which every Claude model and proxy honours; the node validates.
        system.append(JSON_INSTRUCTION.format(schema=json.dumps(request.json_schema)))
    arguments: dict[str, Any] = {
        "model": request.model,
        "messages": request.messages,
        "max_tokens": request.max_tokens,
    }
    if system:
        arguments["system"] = "\n\n".join(system)
    if request.temperature is not None:
        # Not a named argument of this SDK any more; models that still take it read it here.
        arguments["extra_body"] = {"temperature": request.temperature}
    if request.tools:
        arguments["tools"] = [
            {
                "name": tool["name"],
                "description": tool.get("description", ""),
                "input_schema": tool.get("parameters") or {"type": "object", "properties": {}},
            }
            for tool in request.tools
        ]
    choice = request.tool_choice
    if choice in ("auto", "none"):
        arguments["tool_choice"] = {"type": choice}
    elif choice == "required":
        arguments["tool_choice"] = {"type": "any"}
    elif choice:
        arguments["tool_choice"] = {"type": "tool", "name": choice}
    return arguments


def _reply(message: Any) -> ChatReply:
    texts = [block.text for block in message.content if block.type == "text"]
    calls = [
        {"id": block.id, "name": block.name, "arguments": block.input}
        for block in message.content
        if block.type == "tool_use"
    ]
    usage = message.usage
    cached = (usage.cache_creation_input_tokens or 0) + (usage.cache_read_input_tokens or 0)
    return ChatReply(
        text="".join(texts),
        tool_calls=calls,
        model=message.model,
        input_tokens=usage.input_tokens + cached,
        output_tokens=usage.output_tokens,
        stop_reason=message.stop_reason,
    )
