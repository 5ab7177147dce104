"""Node types of the LLM family: config schemas (the editor's forms) and output shapes."""

from dataclasses import replace
from typing import Any

from interpreter import NodeType, RetrySpec

_MODEL = {
    "type": "string",
    "minLength": 1,
    "maxLength": 200,
    "description": "Model name; a dated snapshot is priced like its alias.",
}
_CREDENTIAL = {"type": "string", "format": "uuid"}
_SYSTEM = {
    "type": "string",
    "maxLength": 200_000,
    "description": "System prompt: who the model is and how it should answer.",
}
_MESSAGES = {
    "type": "array",
    "minItems": 1,
    "maxItems": 500,
    "description": "The conversation so far, oldest first; the model writes the next message.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["role", "content"],
        "properties": {
            "role": {"enum": ["user", "assistant"], "description": "Who wrote this message."},
            "content": {
                "type": "string",
                "description": "Text, with {{ expressions }} over upstream data; an expression "
                "that is the whole value and renders to data is sent as JSON.",
                "examples": ["Summarise these orders: {{ nodes.fetch.output.body }}"],
            },
        },
    },
}
_TEMPERATURE = {
    "type": "number",
    "minimum": 0,
    "maximum": 2,
    "description": "Sampling temperature; unset leaves the model's default (reasoning models "
    "accept no other).",
}
_MAX_TOKENS = {
    "type": "integer",
    "minimum": 1,
    "maximum": 200_000,
    "default": 1024,
    "description": "Most tokens the model may write in one answer.",
}
_TIMEOUT = {
    "type": "number",
    "exclusiveMinimum": 0,
    "maximum": 300,
    "default": 120,
    "description": "Seconds to wait for one answer before retrying.",
}
_JSON_SCHEMA = {"type": "object", "minProperties": 1, "x-widget": "json"}
_TOOLS = {
    "type": "array",
    "maxItems": 128,
    "description": "Functions the model may call; its calls come back in `tool_calls` for the "
    "next nodes to carry out.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {
                "type": "string",
                "pattern": "^[A-Za-z0-9_-]{1,64}$",
                "description": "Function name the model calls.",
            },
            "description": {"type": "string", "description": "When and why to call it."},
            "parameters": {
                **_JSON_SCHEMA,
                "description": "JSON Schema of the arguments.",
                "examples": [{"type": "object", "properties": {"city": {"type": "string"}}}],
            },
        },
    },
}
_TOOL_CHOICE = {
    "type": "string",
    "minLength": 1,
    "description": "`auto` (default), `required` (call some tool), `none`, or a tool's name.",
}
_PROVIDER = {"enum": ["openai", "anthropic"], "description": "Which API answers."}
_TEXT = {
    "type": "string",
    "minLength": 1,
    "description": "The text to read; usually an expression over upstream data.",
    "examples": ["{{ nodes.email.output.body }}"],
}
_INSTRUCTIONS = {
    "type": "string",
    "maxLength": 20_000,
    "description": "Extra guidance for the model (domain terms, edge cases).",
}

_ACCOUNTING = {
    "model": {"type": "string", "description": "The model that answered."},
    "usage": {
        "type": "object",
        "description": "Tokens of every call this node made (a repair request included).",
        "properties": {"input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}},
    },
    "cost": {"type": "number", "description": "USD, from the price table; 0 if unknown."},
    "cost_known": {"type": "boolean", "description": "False when the model has no price."},
}
# Where the accounting above sits in the output: the run sums these into its totals.
_USAGE_FIELDS = {
    "input_tokens": "usage.input_tokens",
    "output_tokens": "usage.output_tokens",
    "cost": "cost",
}


def _chat_type(type_: str, label: str, provider: str, kind: str, model: str) -> NodeType:
    return NodeType(
        type=type_,
        category="AI",
        label=label,
        description=f"Asks {provider} model for the next message. With `output_schema` the "
        "answer is JSON, validated, and repaired once if invalid. 429, 5xx and timeouts retry "
        "(Retry-After honoured); other errors fail at once.",
        kind="activity",
        credential_type=kind,
        retry=_RETRY,
        timeout_seconds=_ATTEMPT_SECONDS,
        usage_fields=_USAGE_FIELDS,
        config_schema=_config(
            ["credential_id", "model", "messages"],
            credential_id={**_CREDENTIAL, "description": f"Credential with {provider} API key."},
            model={**_MODEL, "examples": [model]},
            system=_SYSTEM,
            messages=_MESSAGES,
            temperature=_TEMPERATURE,
            max_tokens=_MAX_TOKENS,
            output_schema={
                **_JSON_SCHEMA,
                "description": "JSON Schema the answer must match; the node outputs it "
                "parsed as `json`.",
                "examples": [{"type": "object", "properties": {"summary": {"type": "string"}}}],
            },
            tools=_TOOLS,
            tool_choice=_TOOL_CHOICE,
            timeout_seconds=_TIMEOUT,
        ),
        output_schema=_output(
            text={"type": "string", "description": "The answer's text."},
            json={"description": "The parsed answer (with `output_schema`; null on tool calls)."},
            repaired={"type": "boolean", "description": "A repair request was needed."},
            tool_calls={
                "type": "array",
                "description": "Calls the model asked for (with `tools`): id, name, arguments.",
            },
            stop_reason={"type": ["string", "null"], "description": "Why the model stopped."},
        ),
    )


def _reading_type(
    type_: str, label: str, description: str, output: dict[str, Any], **properties: Any
) -> NodeType:
    required = ["provider", "credential_id", "model", "text", *properties]
    return NodeType(
        type=type_,
        category="AI",
        label=label,
        description=description + " `credential_id` must name an openai or anthropic "
        "credential, as `provider` says.",
        kind="activity",
        credential_type=None,  # one of two kinds, by `provider`: checked when the node runs
        retry=_RETRY,
        timeout_seconds=_ATTEMPT_SECONDS,
        usage_fields=_USAGE_FIELDS,
        config_schema=_config(
            required,
            provider=_PROVIDER,
            credential_id={**_CREDENTIAL, "description": "An openai or anthropic credential."},
            model={**_MODEL, "examples": ["gpt-4.1-mini", "claude-haiku-4-5"]},
            text=_TEXT,
            **properties,
            instructions=_INSTRUCTIONS,
            temperature=_TEMPERATURE,
            max_tokens=_MAX_TOKENS,
            timeout_seconds=_TIMEOUT,
        ),
        output_schema=_output(**output),
    )


def _config(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def _output(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {**properties, **_ACCOUNTING}}


_RETRY = RetrySpec(max_attempts=5, initial_interval_seconds=2.0, maximum_interval_seconds=120.0)
_ATTEMPT_SECONDS = 2 * 300.0 + 60.0
"""An attempt may make two calls (answer and repair) of at most `timeout_seconds` each."""

OPENAI_CHAT = _chat_type("llm.openai.chat", "OpenAI chat", "an OpenAI", "openai", "gpt-4.1-mini")
ANTHROPIC_MESSAGE = _chat_type(
    "llm.anthropic.message", "Anthropic message", "an Anthropic", "anthropic", "claude-sonnet-4-6"
)
EXTRACT = _reading_type(
    "llm.extract",
    "Extract fields",
    "Reads text and outputs the fields a JSON Schema describes, typed and validated.",
    {"fields": {"type": "object", "description": "The fields, matching `fields`."}},
    fields={
        **_JSON_SCHEMA,
        "description": "JSON Schema of the object to extract.",
        "examples": [
            {
                "type": "object",
                "properties": {"email": {"type": "string"}, "amount": {"type": "number"}},
                "required": ["email", "amount"],
            }
        ],
    },
)
CLASSIFY = _reading_type(
    "llm.classify",
    "Classify",
    "Reads text, picks one of `labels` and continues on the output port of that label.",
    {"label": {"type": "string", "description": "The chosen label."}},
    labels={
        "type": "array",
        "minItems": 2,
        "maxItems": 50,
        "uniqueItems": True,
        "description": "The labels to choose from; each is an output port.",
        "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "not": {"const": "error"},
            "description": "A label; `error` is the port of a node that continues on error.",
        },
        "examples": [["billing", "bug report", "other"]],
    },
)
CLASSIFY = replace(CLASSIFY, output_ports=(), ports_from="labels")

NODE_TYPES = [OPENAI_CHAT, ANTHROPIC_MESSAGE, EXTRACT, CLASSIFY]
