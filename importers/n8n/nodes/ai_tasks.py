"""LangChain Text Classifier, Sentiment Analysis → llm.classify; Information Extractor →
llm.extract (each with the model of its `ai_languageModel` sub-node); Chat Trigger →
trigger.webhook."""

import json
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .ai_models import LC, model_config, schema_of

add_defaults(f"{LC}.informationExtractor", 1, {"schemaType": "fromAttributes"})
_SENTIMENTS = "Positive, Neutral, Negative"


def _task_config(ctx: Context, text_parameter: str) -> dict[str, Any]:
    """provider, credential, model and sampling options, plus the text to read."""
    node_type, base = model_config(ctx)
    config: dict[str, Any] = {"provider": "openai" if "openai" in node_type else "anthropic"}
    config.update(base)
    config["text"] = ctx.expr(ctx.param(text_parameter) or "", text_parameter)
    if not config["text"]:
        raise Unsupported(f"{text_parameter} is empty", "set the text to read")
    return config


def _instructions(ctx: Context, lines: list[str]) -> str | None:
    prompt = (ctx.param("options") or {}).get("systemPromptTemplate")
    if prompt:
        lines = [str(ctx.try_expr(prompt, "options.systemPromptTemplate", "")), *lines]
        ctx.approximate("the system prompt is kept as instructions", "options.systemPromptTemplate")
    return "\n".join(line for line in lines if line) or None


def _classify(ctx: Context, labels: list[str], described: list[str]) -> Converted:
    if len(labels) < 2 or len(set(labels)) != len(labels) or "error" in labels:
        raise Unsupported(
            f"categories {labels!r}: llm.classify needs two or more distinct labels, not `error`",
            "rename the categories, or use logic.condition for one",
        )
    for label in labels:
        if not label or label.startswith("=") or len(label) > 64:
            raise Unsupported(f"category {label!r} must be a name of 1–64 characters", "rename it")
    config = _task_config(ctx, "inputText")
    config["labels"] = labels
    instructions = _instructions(ctx, described)
    if instructions:
        config["instructions"] = instructions
    node_id = ctx.node_id(ctx.node.name)
    graph_node = ctx.graph_node(node_id, "llm.classify", config)
    exits = {i: (node_id, label) for i, label in enumerate(labels)}
    return Converted([graph_node], node_id, exits, error_exit=(node_id, "error"))


@converts(f"{LC}.textClassifier")
def text_classifier(node: N8nNode, ctx: Context) -> Converted:
    """Categories → labels, one output each (`other` for the fallback); input passes on."""
    entries = (ctx.param("categories") or {}).get("categories") or []
    labels = [str(e.get("category", "")).strip() for e in entries]
    described = [f"{e['category']}: {e['description']}" for e in entries if e.get("description")]
    options = ctx.param("options") or {}
    if options.get("fallback") == "other":
        labels.append("other")
    if options.get("multiClass"):
        ctx.approximate("multiClass: one label is chosen", "options.multiClass")
    converted = _classify(ctx, labels, described)
    converted.item = ctx.input_item()
    return converted


@converts(f"{LC}.sentimentAnalysis")
def sentiment(node: N8nNode, ctx: Context) -> Converted:
    """Sentiment categories → labels; `$json.sentimentAnalysis.category` is the label."""
    options = ctx.param("options") or {}
    categories = options.get("categories") or _SENTIMENTS
    labels = [c.strip() for c in str(categories).split(",") if c.strip()]
    if options.get("includeDetailedResults"):
        ctx.approximate("no strength or confidence scores", "options.includeDetailedResults")
    converted = _classify(ctx, labels, ["Classify the sentiment of the text."])
    converted.item = (
        f"merge({ctx.input_item()}, "
        f"{{sentimentAnalysis: {{category: nodes.{converted.entry}.output.label}}}})"
    )
    return converted


_TYPES = {"string": "string", "number": "number", "boolean": "boolean", "date": "string"}


@converts(f"{LC}.informationExtractor")
def information_extractor(node: N8nNode, ctx: Context) -> Converted:
    """Attributes, a JSON example or a JSON Schema → llm.extract `fields`; `$json.output`."""
    config = _task_config(ctx, "text")
    config["fields"] = _fields(ctx)
    instructions = _instructions(ctx, [])
    if instructions:
        config["instructions"] = instructions
    converted = ctx.single("llm.extract", config)
    converted.item = f"{{output: nodes.{converted.entry}.output.fields}}"
    converted.error_exit = (converted.entry or "", "error")
    return converted


def _fields(ctx: Context) -> dict[str, Any]:
    kind = ctx.param("schemaType")
    if kind == "fromAttributes":
        attributes = (ctx.param("attributes") or {}).get("attributes") or []
        properties: dict[str, Any] = {}
        for a in attributes:
            if not a.get("name"):
                continue
            prop: dict[str, Any] = {"type": _TYPES.get(a.get("type", "string"), "string")}
            if a.get("type") == "date":
                prop["format"] = "date"
            if a.get("description"):
                prop["description"] = a["description"]
            properties[a["name"]] = prop
        if not properties:
            raise Unsupported("no attributes to extract", "list the fields in llm.extract")
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        required = [a["name"] for a in attributes if a.get("required") and a.get("name")]
        if required:
            schema["required"] = required
        return schema
    raw = ctx.param("jsonSchemaExample" if kind == "fromJson" else "inputSchema")
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        raise Unsupported(f"the {kind} schema is not valid JSON", "fix it in llm.extract") from None
    schema = schema_of(value) if kind == "fromJson" else value
    if not isinstance(schema, dict) or not schema:
        raise Unsupported("no schema given", "write the fields in llm.extract")
    return schema


@converts(f"{LC}.chatTrigger")
def chat_trigger(node: N8nNode, ctx: Context) -> Converted:
    """Chat Trigger → trigger.webhook: POST `{chatInput, sessionId}`; `$json` is the body."""
    converted = ctx.single("trigger.webhook", {})
    converted.entry = None
    converted.item = f"nodes.{ctx.node_id(node.name)}.output.body"
    ctx.approximate(
        "no hosted chat: POST {chatInput, sessionId} as JSON to the workflow's webhook URL; "
        "the answer is not sent back unless a webhook.respond node answers (set the "
        "trigger's respond to on_node)",
        "mode",
    )
    return converted
