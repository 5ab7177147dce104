"""OpenAI and Anthropic nodes, LangChain Basic LLM Chain and AI Agent → llm.* nodes.

A chain or agent takes its model from the chat-model sub-node on `ai_languageModel`
(OpenAI → llm.openai.chat, Anthropic → llm.anthropic.message). Sub-nodes are folded into
their parent and get their own report line.
"""

from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .ai_models import LC, chat_messages, llm_options, model_config, model_name, output_parser

add_defaults("n8n-nodes-base.openAi", 1, {"resource": "text", "operation": "complete"})
add_defaults(f"{LC}.openAi", 1, {"resource": "text", "operation": "message", "simplify": True})
add_defaults(f"{LC}.openAi", 2, {"resource": "text", "operation": "response", "simplify": True})
add_defaults(f"{LC}.anthropic", 1, {"resource": "text", "operation": "message"})
_AUTO_PROMPT = "={{ $json.chatInput }}"
add_defaults(f"{LC}.chainLlm", 1, {"prompt": "={{ $json.input }}"})
add_defaults(f"{LC}.chainLlm", 1.1, {"prompt": "={{ $json.chat_input }}"})
add_defaults(f"{LC}.chainLlm", 1.2, {"prompt": _AUTO_PROMPT})
add_defaults(f"{LC}.chainLlm", 1.4, {"promptType": "auto", "text": _AUTO_PROMPT})
add_defaults(f"{LC}.agent", 1, {"text": _AUTO_PROMPT, "agent": "toolsAgent"})
add_defaults(f"{LC}.agent", 1.1, {"promptType": "auto", "text": _AUTO_PROMPT})
_AGENT_SYSTEM = "You are a helpful assistant"


def _message_item(entry: str) -> str:
    """n8n's simplified chat answer: `message.content` is the text."""
    out = f"nodes.{entry}.output"
    return (
        f"{{index: `0`, message: {{role: 'assistant', content: {out}.text}}, "
        f"finish_reason: {out}.stop_reason}}"
    )


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
        system, config["messages"] = chat_messages(ctx, entries, "prompt.messages")
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
    llm_options(config, node.parameters.get("options") or {}, "maxTokens")
    converted = ctx.single("llm.openai.chat", config)
    if resource == "chat":
        converted.item = _message_item(converted.entry or "")
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(f"{LC}.openAi")
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
    system, messages = chat_messages(ctx, entries, f"{listed}.values")
    config: dict[str, Any] = {
        "credential_id": ctx.credential(node, "openAiApi", "openai"),
        "model": model_name(ctx, node, "modelId"),
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
    llm_options(config, options, "maxTokens")
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
    _no_tools(ctx)
    if node.parameters.get("builtInTools"):
        ctx.approximate("OpenAI's built-in tools (web search, ...) are not enabled", "builtInTools")
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(f"{LC}.anthropic")
def anthropic_app(node: N8nNode, ctx: Context) -> Converted:
    """Anthropic (LangChain package): message a model → llm.anthropic.message."""
    if ctx.param("resource") != "text" or ctx.param("operation") != "message":
        raise Unsupported(
            "Anthropic: only text messages are converted", "use llm.anthropic.message"
        )
    entries = (node.parameters.get("messages") or {}).get("values") or []
    system, messages = chat_messages(ctx, entries, "messages.values")
    config: dict[str, Any] = {
        "credential_id": ctx.credential(node, "anthropicApi", "anthropic"),
        "model": model_name(ctx, node, "modelId"),
        "messages": messages,
    }
    options = node.parameters.get("options") or {}
    if options.get("system"):
        system = "\n\n".join(
            filter(None, [ctx.try_expr(options["system"], "options.system"), system])
        )
    if system:
        config["system"] = system
    llm_options(config, options, "maxTokens")
    converted = ctx.single("llm.anthropic.message", config)
    ctx.approximate("the answer is the Sluice node's output: read its `text`", "simplify")
    converted.error_exit = (converted.entry or "", "error")
    return converted


# ---- LangChain chain and agent -------------------------------------------------------


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


def _prompt_messages(ctx: Context, node: N8nNode) -> tuple[list[str], list[dict[str, Any]]]:
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
    node_type, config = model_config(ctx)
    extra_system, before = _prompt_messages(ctx, node)
    system = [s for s in system + extra_system if s]
    if system:
        config["system"] = "\n\n".join(system)
    config["messages"] = [*before, {"role": "user", "content": _prompt(ctx, node)}]
    schema = output_parser(ctx)
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


@converts(f"{LC}.chainLlm")
def chain_llm(node: N8nNode, ctx: Context) -> Converted:
    """Basic LLM Chain with its chat model → one LLM node (prompt, system messages)."""
    output = "output" if ctx.sub_nodes("ai_outputParser") else "text"
    return _llm_node(ctx, node, [], output)


@converts(f"{LC}.agent")
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
