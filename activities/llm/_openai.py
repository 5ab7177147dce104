"""OpenAI Chat Completions through the official SDK (also any OpenAI-compatible server)."""

import json
from typing import Any

import httpx

from .._runtime import import_off_loop
from ..credential_hosts import require_allowed_url
from ._common import ChatReply, ChatRequest, provider_call

PROVIDER = "OpenAI"


async def openai_chat(
    credential: dict[str, Any], request: ChatRequest, *, http: httpx.AsyncClient
) -> ChatReply:
    """One non-streaming chat completion over `http` (the worker's egress-guarded pool,
    shared: this client is not closed); errors leave as classified `NodeError`s."""
    # Not at the top: ~0.5 s and tens of MiB; the first call loads it off the event loop,
    # so neither the API nor a worker that runs no OpenAI node holds it.
    await import_off_loop("openai")
    import openai

    secret = credential["api_key"]
    # Temporal owns retries (with the node's policy and the peer's Retry-After): none here.
    client = openai.AsyncOpenAI(
        api_key=secret,
        base_url=credential.get("base_url"),
        organization=credential.get("organization"),
        max_retries=0,
        timeout=request.timeout,
        http_client=http,
    )
    require_allowed_url(credential, str(client.base_url))
    completion = await provider_call(
        client.chat.completions.create(**_arguments(request)),
        sdk=openai,
        provider=PROVIDER,
        model=request.model,
        secret=secret,
    )
    return _reply(completion)


def _arguments(request: ChatRequest) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [*request.messages]
    if request.system:
        messages.insert(0, {"role": "system", "content": request.system})
    arguments: dict[str, Any] = {
        "model": request.model,
        "messages": messages,
        "max_completion_tokens": request.max_tokens,
    }
    if request.temperature is not None:
        arguments["temperature"] = request.temperature
    if request.tools:
        arguments["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": tool["name"],
                    "description": tool.get("description", ""),
                    "parameters": tool.get("parameters") or {"type": "object", "properties": {}},
                },
            }
            for tool in request.tools
        ]
    if request.tool_choice in ("auto", "required", "none"):
        arguments["tool_choice"] = request.tool_choice
    elif request.tool_choice:
        arguments["tool_choice"] = {"type": "function", "function": {"name": request.tool_choice}}
    if request.json_schema is not None:
        # Not `strict`: strict mode rejects ordinary schemas; the node validates the answer.
        arguments["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": request.json_schema, "strict": False},
        }
    return arguments


def _reply(completion: Any) -> ChatReply:
    choice = completion.choices[0] if completion.choices else None
    message = choice.message if choice else None
    calls = [
        {"id": call.id, "name": call.function.name, "arguments": _arguments_of(call)}
        for call in ((message.tool_calls if message else None) or [])
        if getattr(call, "function", None) is not None
    ]
    usage = completion.usage
    return ChatReply(
        text=(message.content or message.refusal or "") if message else "",
        tool_calls=calls,
        model=completion.model,
        input_tokens=usage.prompt_tokens if usage else 0,
        output_tokens=usage.completion_tokens if usage else 0,
        stop_reason=choice.finish_reason if choice else None,
    )


def _arguments_of(call: Any) -> Any:
    try:
        return json.loads(call.function.arguments)
    except (TypeError, ValueError):
        return call.function.arguments  # the model's text as it came, for the user to see
