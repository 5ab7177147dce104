"""Chat-model sub-nodes and shared pieces of the AI converters (model, options, schema)."""

import json
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Unsupported

LC = "@n8n/n8n-nodes-langchain"
CHAT_OPENAI = f"{LC}.lmChatOpenAi"
CHAT_ANTHROPIC = f"{LC}.lmChatAnthropic"

add_defaults(CHAT_OPENAI, 1, {"model": "gpt-4o-mini"})
add_defaults(CHAT_OPENAI, 1.2, {"model": {"__rl": True, "mode": "list", "value": "gpt-4o-mini"}})
add_defaults(CHAT_OPENAI, 1.3, {"model": {"__rl": True, "mode": "list", "value": "gpt-5-mini"}})
add_defaults(CHAT_ANTHROPIC, 1, {"model": "claude-2"})
add_defaults(CHAT_ANTHROPIC, 1.1, {"model": "claude-3-sonnet-20240229"})
add_defaults(CHAT_ANTHROPIC, 1.2, {"model": "claude-3-5-sonnet-20240620"})
add_defaults(
    CHAT_ANTHROPIC,
    1.3,
    {"model": {"__rl": True, "mode": "list", "value": "claude-sonnet-4-20250514"}},
)


def model_name(ctx: Context, node: N8nNode, parameter: str) -> str:
    """The model a node names (a plain value or a resource locator); no expressions."""
    value = ctx.param(parameter, node)
    if isinstance(value, dict):  # a resource locator
        value = value.get("value")
    if not isinstance(value, str) or not value:
        raise Unsupported(f"{node.name}: no model given", "set the Sluice node's model")
    if value.startswith("="):
        raise Unsupported(f"{node.name}: the model is an expression", "write the model name")
    return value


def llm_options(config: dict[str, Any], options: dict[str, Any], max_tokens_key: str) -> None:
    """Temperature and a positive token limit from n8n options (n8n's -1: no limit)."""
    if isinstance(options.get("temperature"), int | float):
        config["temperature"] = min(max(float(options["temperature"]), 0.0), 2.0)
    tokens = options.get(max_tokens_key)
    if isinstance(tokens, int) and tokens > 0:
        config["max_tokens"] = min(tokens, 200000)


def chat_messages(
    ctx: Context, entries: list[dict[str, Any]], parameter: str
) -> tuple[str | None, list[dict[str, str]]]:
    """(system text, user/assistant messages) of n8n's role/content list."""
    system: list[str] = []
    messages: list[dict[str, str]] = []
    for i, entry in enumerate(entries):
        content = ctx.try_expr(entry.get("content", ""), f"{parameter}[{i}].content", "")
        role = entry.get("role", "user")
        if role == "system":
            system.append(str(content))
        else:
            messages.append(
                {"role": "assistant" if role == "assistant" else "user", "content": content}
            )
    if not messages:
        raise Unsupported("no user message to send", "add a user message")
    return ("\n\n".join(system) or None), messages


def model_config(ctx: Context) -> tuple[str, dict[str, Any]]:
    """The Sluice LLM node type and base config from the `ai_languageModel` sub-node."""
    models = ctx.sub_nodes("ai_languageModel")
    if not models:
        raise Unsupported("no chat model attached", "attach an OpenAI or Anthropic chat model")
    model = models[0]
    for spare in models[1:]:
        ctx.fold(spare, f"fallback model of {ctx.node.name!r}: not used", "approximated")
    options = ctx.param("options", model) or {}
    if model.type == CHAT_OPENAI:
        config: dict[str, Any] = {
            "credential_id": ctx.credential(model, "openAiApi", "openai"),
            "model": model_name(ctx, model, "model"),
        }
        llm_options(config, options, "maxTokens")
        node_type = "llm.openai.chat"
    elif model.type == CHAT_ANTHROPIC:
        config = {
            "credential_id": ctx.credential(model, "anthropicApi", "anthropic"),
            "model": model_name(ctx, model, "model"),
            "max_tokens": 4096,  # n8n's default maxTokensToSample
        }
        llm_options(config, options, "maxTokensToSample")
        node_type = "llm.anthropic.message"
    else:
        raise Unsupported(
            f"chat model {model.type.rsplit('.', 1)[-1]}: Sluice calls OpenAI and Anthropic",
            "attach an OpenAI or Anthropic chat model instead",
        )
    ctx.fold(model, f"folded into {ctx.node.name!r}: model {config['model']}")
    return node_type, config


def output_parser(ctx: Context) -> dict[str, Any] | None:
    parsers = ctx.sub_nodes("ai_outputParser")
    if not parsers:
        return None
    parser = parsers[0]
    if parser.type != f"{LC}.outputParserStructured":
        ctx.fold(parser, "only the Structured Output Parser is converted", "unsupported")
        return None
    params = parser.parameters
    raw = params.get("inputSchema") or params.get("jsonSchema")
    try:
        if (
            raw
            and params.get("schemaType", "manual" if "jsonSchema" in params else "") != "fromJson"
        ):
            schema = json.loads(raw)
        else:
            schema = schema_of(json.loads(params.get("jsonSchemaExample") or "{}"))
    except (TypeError, ValueError):
        ctx.fold(parser, "its schema is not valid JSON: write output_schema by hand", "unsupported")
        return None
    if not isinstance(schema, dict) or not schema:
        ctx.fold(parser, "empty schema: not used", "approximated")
        return None
    ctx.fold(parser, f"folded into {ctx.node.name!r} as its output_schema")
    return schema


def schema_of(example: Any) -> dict[str, Any]:
    """A JSON Schema for an example value (as n8n's "generate from JSON example")."""
    if isinstance(example, dict):
        return {
            "type": "object",
            "properties": {k: schema_of(v) for k, v in example.items()},
        }
    if isinstance(example, list):
        return {"type": "array", "items": schema_of(example[0]) if example else {}}
    if isinstance(example, bool):
        return {"type": "boolean"}
    if isinstance(example, int | float):
        return {"type": "number"}
    return {"type": "string"}
