"""OpenAI and Anthropic nodes, LangChain Basic LLM Chain and AI Agent → llm.* nodes.

A chain or agent takes its model from the chat-model sub-node on `ai_languageModel`
(OpenAI → llm.openai.chat, Anthropic → llm.anthropic.message). Sub-nodes are folded into
their parent and get their own report line.
"""

import json
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts

_LC = "@n8n/n8n-nodes-langchain"
_CHAT_OPENAI = f"{_LC}.lmChatOpenAi"
_CHAT_ANTHROPIC = f"{_LC}.lmChatAnthropic"

add_defaults("n8n-nodes-base.openAi", 1, {"resource": "text", "operation": "complete"})
add_defaults(f"{_LC}.openAi", 1, {"resource": "text", "operation": "message", "simplify": True})
add_defaults(f"{_LC}.openAi", 2, {"resource": "text", "operation": "response", "simplify": True})
add_defaults(f"{_LC}.anthropic", 1, {"resource": "text", "operation": "message"})
add_defaults(_CHAT_OPENAI, 1, {"model": "gpt-4o-mini"})
add_defaults(_CHAT_OPENAI, 1.2, {"model": {"__rl": True, "mode": "list", "value": "gpt-4o-mini"}})
add_defaults(_CHAT_OPENAI, 1.3, {"model": {"__rl": True, "mode": "list", "value": "gpt-5-mini"}})
add_defaults(_CHAT_ANTHROPIC, 1, {"model": "claude-2"})
add_defaults(_CHAT_ANTHROPIC, 1.1, {"model": "claude-3-sonnet-20240229"})
add_defaults(_CHAT_ANTHROPIC, 1.2, {"model": "claude-3-5-sonnet-20240620"})
add_defaults(
    _CHAT_ANTHROPIC,
    1.3,
    {"model": {"__rl": True, "mode": "list", "value": "claude-sonnet-4-20250514"}},
)
_AUTO_PROMPT = "={{ $json.chatInput }}"
add_defaults(f"{_LC}.chainLlm", 1, {"prompt": "={{ $json.input }}"})
add_defaults(f"{_LC}.chainLlm", 1.1, {"prompt": "={{ $json.chat_input }}"})
add_defaults(f"{_LC}.chainLlm", 1.2, {"prompt": _AUTO_PROMPT})
add_defaults(f"{_LC}.chainLlm", 1.4, {"promptType": "auto", "text": _AUTO_PROMPT})
add_defaults(f"{_LC}.agent", 1, {"text": _AUTO_PROMPT, "agent": "toolsAgent"})
add_defaults(f"{_LC}.agent", 1.1, {"promptType": "auto", "text": _AUTO_PROMPT})
_AGENT_SYSTEM = "You are a helpful assistant"


def _model_name(ctx: Context, node: N8nNode, parameter: str) -> str:
    value = ctx.param(parameter, node)
    if isinstance(value, dict):  # a resource locator
        value = value.get("value")
    if not isinstance(value, str) or not value:
        raise Unsupported(f"{node.name}: no model given", "set the Sluice node's model")
    if value.startswith("="):
        raise Unsupported(f"{node.name}: the model is an expression", "write the model name")
    return value


def _options(config: dict[str, Any], options: dict[str, Any], max_tokens_key: str) -> None:
    if isinstance(options.get("temperature"), int | float):
        config["temperature"] = min(max(float(options["temperature"]), 0.0), 2.0)
    tokens = options.get(max_tokens_key)
    if isinstance(tokens, int) and tokens > 0:
        config["max_tokens"] = min(tokens, 200000)


def _message_item(entry: str) -> str:
    """n8n's simplified chat answer: `message.content` is the text."""
    out = f"nodes.{entry}.output"
    return (
        f"{{index: `0`, message: {{role: 'assistant', content: {out}.text}}, "
        f"finish_reason: {out}.stop_reason}}"
    )


def _messages(
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


# ---- OpenAI / Anthropic app nodes ----------------------------------------------------


@converts("n8n-nodes-base.openAi")
def openai_legacy(node: N8nNode, ctx: Context) -> Converted:
    """The old OpenAI node: chat and text completions → llm.openai.chat."""
    resource, operation = ctx.param("resource"), ctx.param("operation")
    config: dict[str, Any] = {"credential_id": ctx.credential(node, "openAiApi", "openai")}
    if resource == "chat" and operation == "complete":
        p = node.parameters
        config["model"] = p.get("model") or p.get("chatModel") or "gpt-3.5-turbo"
        entries = (node.parameters.get("prompt") or {}).get("messages") or []
        system, config["messages"] = _messages(ctx, entries, "prompt.messages")
    elif resource == "text" and operation == "complete":
        config["model"] = node.parameters.get("model") or "text-davinci-003"
        prompt = ctx.try_expr(node.parameters.get("prompt", ""), "prompt", "")
        system, config["messages"] = None, [{"role": "user", "content": prompt}]
        ctx.approximate(
            f"text completion with {config['model']}: sent as a chat message; pick a current "
            "chat model",
            "model",
        )
    else:
        raise Unsupported(
            f"OpenAI {resource} {operation}: Sluice asks chat models only",
            "use llm.openai.chat, or OpenAI's API through http.request",
        )
    if system:
        config["system"] = system
    _options(config, node.parameters.get("options") or {}, "maxTokens")
    converted = ctx.single("llm.openai.chat", config)
    if resource == "chat":
        converted.item = _message_item(converted.entry or "")
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(f"{_LC}.openAi")
def openai_app(node: N8nNode, ctx: Context) -> Converted:
    """OpenAI (LangChain package): message a model → llm.openai.chat."""
    resource, operation = ctx.param("resource"), ctx.param("operation")
    if resource != "text" or operation not in ("message", "response"):
        raise Unsupported(
            f"OpenAI {resource} {operation}: Sluice asks chat models only",
            "use llm.openai.chat, or OpenAI's API through http.request",
        )
    listed = "messages" if operation == "message" else "responses"
    entries = (node.parameters.get(listed) or {}).get("values") or []
    for i, entry in enumerate(entries):
        if entry.get("type", "text") != "text":
            raise Unsupported(f"{listed}[{i}] sends an {entry.get('type')}", "send text only")
    system, messages = _messages(ctx, entries, f"{listed}.values")
    config: dict[str, Any] = {
        "credential_id": ctx.credential(node, "openAiApi", "openai"),
        "model": _model_name(ctx, node, "modelId"),
        "messages": messages,
    }
    options = node.parameters.get("options") or {}
    instructions = options.get("instructions") or options.get("systemMessage")
    if instructions:
        system = "\n\n".join(
            filter(None, [ctx.try_expr(instructions, "options.instructions"), system])
        )
    if system:
        config["system"] = system
    _options(config, options, "maxTokens")
    if node.parameters.get("jsonOutput"):
        config["output_schema"] = {"type": "object"}
    converted = ctx.single("llm.openai.chat", config)
    if ctx.param("simplify") and operation == "message":
        converted.item = _message_item(converted.entry or "")
        if node.parameters.get("jsonOutput"):
            out = f"nodes.{converted.entry}.output"
            converted.item = f"{{index: `0`, message: {{role: 'assistant', content: {out}.json}}}}"
    else:
        ctx.approximate("the answer is the Sluice node's output: read its `text`", "simplify")
    if (ctx.sub_nodes("ai_tool")) or node.parameters.get("builtInTools"):
        _no_tools(ctx)
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(f"{_LC}.anthropic")
def anthropic_app(node: N8nNode, ctx: Context) -> Converted:
    """Anthropic (LangChain package): message a model → llm.anthropic.message."""
    if ctx.param("resource") != "text" or ctx.param("operation") != "message":
        raise Unsupported(
            "Anthropic: only text messages are converted", "use llm.anthropic.message"
        )
    entries = (node.parameters.get("messages") or {}).get("values") or []
    system, messages = _messages(ctx, entries, "messages.values")
    config: dict[str, Any] = {
        "credential_id": ctx.credential(node, "anthropicApi", "anthropic"),
        "model": _model_name(ctx, node, "modelId"),
        "messages": messages,
    }
    options = node.parameters.get("options") or {}
    if options.get("system"):
        system = "\n\n".join(
            filter(None, [ctx.try_expr(options["system"], "options.system"), system])
        )
    if system:
        config["system"] = system
    _options(config, options, "maxTokens")
    converted = ctx.single("llm.anthropic.message", config)
    ctx.approximate("the answer is the Sluice node's output: read its `text`", "simplify")
    converted.error_exit = (converted.entry or "", "error")
    return converted


# ---- LangChain chain and agent -------------------------------------------------------


def _model_config(ctx: Context) -> tuple[str, dict[str, Any]]:
    """The Sluice LLM node type and base config from the `ai_languageModel` sub-node."""
    models = ctx.sub_nodes("ai_languageModel")
    if not models:
        raise Unsupported("no chat model attached", "attach an OpenAI or Anthropic chat model")
    model = models[0]
    for spare in models[1:]:
        ctx.fold(spare, f"fallback model of {ctx.node.name!r}: not used", "approximated")
    options = ctx.param("options", model) or {}
    if model.type == _CHAT_OPENAI:
        config: dict[str, Any] = {
            "credential_id": ctx.credential(model, "openAiApi", "openai"),
            "model": _model_name(ctx, model, "model"),
        }
        _options(config, options, "maxTokens")
        node_type = "llm.openai.chat"
    elif model.type == _CHAT_ANTHROPIC:
        config = {
            "credential_id": ctx.credential(model, "anthropicApi", "anthropic"),
            "model": _model_name(ctx, model, "model"),
            "max_tokens": 4096,  # n8n's default maxTokensToSample
        }
        _options(config, options, "maxTokensToSample")
        node_type = "llm.anthropic.message"
    else:
        raise Unsupported(
            f"chat model {model.type.rsplit('.', 1)[-1]}: Sluice calls OpenAI and Anthropic",
            "attach an OpenAI or Anthropic chat model instead",
        )
    ctx.fold(model, f"folded into {ctx.node.name!r}: model {config['model']}")
    return node_type, config


def _prompt(ctx: Context, node: N8nNode) -> str:
    if node.type_version >= 1.4 or node.type.endswith(".agent"):
        prompt_type = ctx.param("promptType") or "define"
        text = _AUTO_PROMPT if prompt_type == "auto" else ctx.param("text")
        if prompt_type == "auto":
            ctx.approximate(
                "prompt from the previous node's `chatInput` (n8n's chat trigger field)",
                "promptType",
            )
    else:
        text = ctx.param("prompt")
    prompt = ctx.expr(text or "", "text")
    if not prompt:
        raise Unsupported("the prompt is empty", "write the prompt in the Sluice node")
    return prompt


def _output_parser(ctx: Context) -> dict[str, Any] | None:
    parsers = ctx.sub_nodes("ai_outputParser")
    if not parsers:
        return None
    parser = parsers[0]
    if parser.type != f"{_LC}.outputParserStructured":
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
            schema = _schema_of(json.loads(params.get("jsonSchemaExample") or "{}"))
    except (TypeError, ValueError):
        ctx.fold(parser, "its schema is not valid JSON: write output_schema by hand", "unsupported")
        return None
    if not isinstance(schema, dict) or not schema:
        ctx.fold(parser, "empty schema: not used", "approximated")
        return None
    ctx.fold(parser, f"folded into {ctx.node.name!r} as its output_schema")
    return schema


def _schema_of(example: Any) -> dict[str, Any]:
    """A JSON Schema for an example value (as n8n's "generate from JSON example")."""
    if isinstance(example, dict):
        return {
            "type": "object",
            "properties": {k: _schema_of(v) for k, v in example.items()},
        }
    if isinstance(example, list):
        return {"type": "array", "items": _schema_of(example[0]) if example else {}}
    if isinstance(example, bool):
        return {"type": "boolean"}
    if isinstance(example, int | float):
        return {"type": "number"}
    return {"type": "string"}


def _chat_messages(ctx: Context, node: N8nNode) -> tuple[list[str], list[dict[str, Any]]]:
    """The chain's extra prompt messages: system texts, and messages before the prompt."""
    system: list[str] = []
    before: list[dict[str, Any]] = []
    values = (node.parameters.get("messages") or {}).get("messageValues") or []
    for i, entry in enumerate(values):
        kind = entry.get("type", "SystemMessagePromptTemplate")
        if entry.get("messageType", "text") != "text":
            raise Unsupported(f"messages[{i}] sends an image", "send text only")
        text = ctx.try_expr(entry.get("message", ""), f"messages.messageValues[{i}].message", "")
        if kind == "SystemMessagePromptTemplate":
            system.append(str(text))
        else:
            role = "assistant" if kind == "AIMessagePromptTemplate" else "user"
            before.append({"role": role, "content": text})
    return system, before


def _no_tools(ctx: Context) -> None:
    for tool in ctx.sub_nodes("ai_tool"):
        ctx.fold(
            tool,
            f"tool of {ctx.node.name!r}: Sluice has no agent loop, so the model cannot call it; "
            "fetch what the tool gives before the model node (e.g. http.request) and put it "
            "in the prompt, or declare it in `tools` and carry out `tool_calls` in the next "
            "nodes",
            "unsupported",
        )
    if ctx.sub_nodes("ai_tool"):
        ctx.approximate("runs as one model call: its tools are not called", "tools")


def _llm_node(ctx: Context, node: N8nNode, system: list[str], output: str) -> Converted:
    node_type, config = _model_config(ctx)
    extra_system, before = _chat_messages(ctx, node)
    system = [s for s in system + extra_system if s]
    if system:
        config["system"] = "\n\n".join(system)
    config["messages"] = [*before, {"role": "user", "content": _prompt(ctx, node)}]
    schema = _output_parser(ctx)
    if schema:
        config["output_schema"] = schema
    converted = ctx.single(node_type, config)
    out = f"nodes.{converted.entry}.output"
    if schema:
        converted.item = f"{{{output}: {out}.json}}"
    elif output != "text":  # the Sluice output already has `text`
        converted.item = f"{{{output}: {out}.text}}"
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(f"{_LC}.chainLlm")
def chain_llm(node: N8nNode, ctx: Context) -> Converted:
    """Basic LLM Chain with its chat model → one LLM node (prompt, system messages)."""
    output = "output" if ctx.sub_nodes("ai_outputParser") else "text"
    return _llm_node(ctx, node, [], output)


@converts(f"{_LC}.agent")
def agent(node: N8nNode, ctx: Context) -> Converted:
    """AI Agent → one LLM node with its system message; tools and memory are not carried."""
    options = node.parameters.get("options") or {}
    system = ctx.try_expr(options.get("systemMessage", _AGENT_SYSTEM), "options.systemMessage")
    converted = _llm_node(ctx, node, [str(system or "")], "output")
    _no_tools(ctx)
    for memory in ctx.sub_nodes("ai_memory"):
        ctx.fold(
            memory,
            f"memory of {ctx.node.name!r}: each Sluice run is one turn; earlier turns are not "
            "remembered (keep them in a table and add them to the messages)",
            "approximated",
        )
    if ctx.sub_nodes("ai_memory"):
        ctx.approximate("no conversation memory between runs", "memory")
    return converted
