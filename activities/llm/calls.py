"""LLM nodes: chat with OpenAI or Anthropic models, extract typed fields, classify and route.

Every node outputs `usage` (input and output tokens) and `cost` (USD, from the price table in
`_llm_common`, overridable with the LLM_PRICES_JSON environment variable); the run sums them.
"""

import functools
import json
import os
from typing import Any

from sqlalchemy import Engine

from interpreter import NodeTask

from .._deps import NodeDependencies
from .._egress_httpx2 import guarded_httpx2_client
from .._runtime import NodeError, Routed, node_activity, with_heartbeats
from ..credential_store import CredentialStore
from ._anthropic import anthropic_message
from ._billing import billing
from ._common import (
    PRICES_ENV,
    Answer,
    ChatRequest,
    Provider,
    ask,
    check_config,
    check_schema,
    price_table,
)
from ._openai import openai_chat
from .spec import ANTHROPIC_MESSAGE, CLASSIFY, EXTRACT, NODE_TYPES, OPENAI_CHAT

__all__ = ["NODE_TYPES", "LlmActivities", "build"]

PROVIDERS: dict[str, tuple[str, Provider]] = {
    "openai": ("openai", openai_chat),
    "anthropic": ("anthropic", anthropic_message),
}
"""`provider` config value → credential kind and the function that calls it."""

EXTRACT_PROMPT = (
    "You extract data from the text the user sends. Answer with the fields the JSON Schema "
    "describes, taken from the text only; where the text does not say and the schema allows "
    "null, use null."
)
CLASSIFY_PROMPT = (
    "You classify the text the user sends. Choose exactly one label of: {labels}. Answer "
    'with JSON of the form {{"label": "<one of the labels>"}}.'
)


def build(deps: NodeDependencies) -> list[object]:
    price_table(os.environ.get(PRICES_ENV, ""))  # a bad override stops the worker, not runs
    clients = {
        "openai": deps.http,  # the worker's egress-guarded httpx pool
        "anthropic": guarded_httpx2_client(deps.egress),  # its SDK speaks httpx2 only
    }
    llm = LlmActivities(
        deps.credentials,
        clients,
        max_output_bytes=deps.settings.max_inline_payload_bytes,
        engine=deps.engine,
    )
    return [llm.openai_chat, llm.anthropic_message, llm.extract, llm.classify]


class LlmActivities:
    """The LLM node activities; each call opens an SDK client for the node's credential over
    the worker's long-lived, egress-guarded HTTP pool of that provider."""

    def __init__(
        self,
        credentials: CredentialStore,
        clients: dict[str, Any],
        *,
        max_output_bytes: int,
        engine: Engine | None = None,
    ) -> None:
        self.engine = engine
        """The app database, where every billed answer is recorded (None: not recorded)."""
        self.credentials = credentials
        self.clients = clients
        """`provider` → the HTTP client its SDK sends through (checked by the egress policy)."""
        self.max_output_bytes = max_output_bytes

    @node_activity("llm.openai.chat")
    async def openai_chat(self, task: NodeTask) -> dict[str, Any]:
        return await self._chat(task, OPENAI_CHAT.config_schema, "openai")

    @node_activity("llm.anthropic.message")
    async def anthropic_message(self, task: NodeTask) -> dict[str, Any]:
        return await self._chat(task, ANTHROPIC_MESSAGE.config_schema, "anthropic")

    @node_activity("llm.extract")
    async def extract(self, task: NodeTask) -> dict[str, Any]:
        config = _with_text(task.config, "text")
        check_config(config, EXTRACT.config_schema)
        check_schema(config["fields"], "fields")
        system = "\n\n".join(filter(None, [EXTRACT_PROMPT, config.get("instructions")]))
        answer = await self._ask(task, config, system, config["fields"])
        return {"fields": answer.json, **answer.accounting()}

    @node_activity("llm.classify")
    async def classify(self, task: NodeTask) -> Routed:
        config = _with_text(task.config, "text")
        check_config(config, CLASSIFY.config_schema)
        labels = config["labels"]
        prompt = CLASSIFY_PROMPT.format(labels=", ".join(json.dumps(label) for label in labels))
        system = "\n\n".join(filter(None, [prompt, config.get("instructions")]))
        schema = {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {"label": {"enum": labels}},
        }
        answer = await self._ask(task, config, system, schema)
        label = answer.json["label"]
        return Routed({"label": label, **answer.accounting()}, port=label)

    async def _chat(self, task: NodeTask, schema: dict[str, Any], kind: str) -> dict[str, Any]:
        config = dict(task.config)
        if "messages" in config:
            config["messages"] = _messages(config["messages"])
        check_config(config, schema)
        tools = config.get("tools") or []
        choice = config.get("tool_choice")
        if choice not in (None, "auto", "required", "none", *(t["name"] for t in tools)):
            raise NodeError(f"config.tool_choice: no tool is named {choice!r}", retryable=False)
        output_schema = config.get("output_schema")
        if output_schema is not None:
            check_schema(output_schema, "output_schema")
        request = ChatRequest(
            model=config["model"],
            messages=config["messages"],
            system=config.get("system") or None,
            temperature=config.get("temperature"),
            max_tokens=config.get("max_tokens", 1024),
            tools=tools,
            tool_choice=choice,
            json_schema=output_schema,
            timeout=float(config.get("timeout_seconds", 120)),
        )
        answer = await self._call(task, kind, request)
        output: dict[str, Any] = {"text": answer.last.text}
        if output_schema is not None:
            output["json"] = answer.json
            output["repaired"] = answer.repaired
        if request.tools:
            output["tool_calls"] = answer.last.tool_calls
        return {**output, "stop_reason": answer.last.stop_reason, **answer.accounting()}

    async def _ask(
        self, task: NodeTask, config: dict[str, Any], system: str, schema: dict[str, Any]
    ) -> Answer:
        request = ChatRequest(
            model=config["model"],
            messages=[{"role": "user", "content": config["text"]}],
            system=system,
            temperature=config.get("temperature"),
            max_tokens=config.get("max_tokens", 1024),
            json_schema=schema,
            timeout=float(config.get("timeout_seconds", 120)),
        )
        return await self._call(task, config["provider"], request)

    async def _call(self, task: NodeTask, provider: str, request: ChatRequest) -> Answer:
        kind, send = PROVIDERS[provider]
        credential = await self.credentials.load(task, kind)
        if credential is None:
            raise NodeError(f"config.credential_id: choose a {kind} credential", retryable=False)
        sender: Provider = functools.partial(send, http=self.clients[provider])
        if self.engine is not None:
            sender = billing(sender, self.engine, task)
        return await with_heartbeats(ask(sender, credential, request))


def _with_text(config: dict[str, Any], key: str) -> dict[str, Any]:
    """`config` with `key` as text: a whole `{{ expression }}` may have rendered to data."""
    value = config.get(key)
    return config if value is None else {**config, key: _text(value)}


def _messages(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return [
        {**m, "content": _text(m["content"])} if isinstance(m, dict) and "content" in m else m
        for m in value
    ]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
