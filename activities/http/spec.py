"""The http node family's declarations: node types, schemas and defaults (no I/O)."""

import re
from typing import Any

from interpreter import NodeType, RetrySpec

RESPONSE_OPTIONS: dict[str, Any] = {
    "max_response_bytes": {
        "type": "integer",
        "minimum": 1,
        "description": "Largest answer read, as sent and after decompression "
        "(default and maximum: HTTP_MAX_RESPONSE_BYTES).",
    },
    "large_response": {
        "enum": ["fail", "blob"],
        "default": "fail",
        "description": "A larger answer fails the node, or (`blob`) is stored as a file and "
        "`body` is its reference.",
    },
}

HTTP_REQUEST = NodeType(
    type="http.request",
    category="HTTP",
    label="HTTP request",
    description="Calls an HTTP API. 5xx, 429 and timeouts are retried (Retry-After honoured); "
    "other 4xx fail at once.",
    kind="activity",
    credential_type="http_auth",
    retry=RetrySpec(max_attempts=5, initial_interval_seconds=1.0, maximum_interval_seconds=60.0),
    timeout_seconds=330.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["url"],
        "properties": {
            "method": {
                "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                "default": "GET",
            },
            "url": {"type": "string", "pattern": "^https?://", "maxLength": 4096},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "query": {
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "boolean"]},
            },
            "json": {"description": "JSON body; sets Content-Type: application/json."},
            "body": {
                "type": ["string", "object"],
                "description": "Raw text body, or an object sent as a form.",
            },
            "credential_id": {
                "type": "string",
                "format": "uuid",
                "description": "An HTTP header, bearer or basic-auth credential.",
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 300,
                "default": 30,
            },
            **RESPONSE_OPTIONS,
            "follow_redirects": {
                "type": "boolean",
                "default": True,
                "description": "Follow 3xx answers (each hop checked by the egress policy; "
                "credentials are not sent to another origin).",
            },
            "max_redirects": {"type": "integer", "minimum": 0, "maximum": 10, "default": 5},
        },
        "not": {"required": ["json", "body"]},
    },
    output_schema={
        "type": "object",
        "properties": {
            "status": {"type": "integer"},
            "headers": {"type": "object"},
            "body": {"description": "Parsed JSON when the response is JSON, else text."},
        },
    },
)

REQUEST_TYPES = [HTTP_REQUEST]


SIGNATURE_HEADER = "X-Sluice-Signature"

OWN_HEADERS = (SIGNATURE_HEADER, "Idempotency-Key", "Content-Type")


def _any_case(name: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in name)


WEBHOOK_SEND = NodeType(
    type="webhook.send",
    category="HTTP",
    label="Send webhook",
    description=f"POSTs a JSON payload signed with HMAC-SHA256: `{SIGNATURE_HEADER}: "
    "t=<unix seconds>,v1=<hex HMAC of '<t>.<body>'>`, keyed with the `value` of an HTTP "
    "header credential, plus an `Idempotency-Key` that is the same for every attempt. "
    "5xx, 429 and timeouts are retried (Retry-After honoured); other 4xx and redirects fail "
    "at once.",
    kind="activity",
    credential_type="http_auth",
    retry=RetrySpec(max_attempts=5, initial_interval_seconds=1.0, maximum_interval_seconds=60.0),
    timeout_seconds=150.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["url", "payload", "credential_id"],
        "properties": {
            "url": {
                "type": "string",
                "pattern": "^https?://",
                "maxLength": 4096,
                "description": "Where to POST.",
                "examples": ["https://hooks.example.com/sluice"],
            },
            "payload": {
                "description": "The JSON body: any value, usually an object built from "
                "upstream data.",
                "examples": [{"event": "order.paid", "order": "{{ nodes.fetch.output.body }}"}],
            },
            "credential_id": {
                "type": "string",
                "format": "uuid",
                "description": "An HTTP header credential whose value is the signing secret "
                "(its header name is not sent).",
            },
            "headers": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "propertyNames": {
                    "not": {"pattern": "|".join(f"^{_any_case(h)}$" for h in OWN_HEADERS)}
                },
                "description": "Extra request headers; the signature, idempotency key and "
                "content type are set by the node.",
                "examples": [{"X-Event": "order.paid"}],
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 120,
                "default": 30,
                "description": "How long to wait for the receiver's answer.",
            },
            **RESPONSE_OPTIONS,
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "status": {"type": "integer", "description": "HTTP status of the answer."},
            "body": {"description": "The answer: parsed JSON when it is JSON, else text."},
        },
    },
)

WEBHOOK_TYPES = [WEBHOOK_SEND]

NODE_TYPES = REQUEST_TYPES + WEBHOOK_TYPES
