"""The email node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType, RetrySpec

_ADDRESSES = {
    "type": ["string", "array"],
    "items": {"type": "string", "maxLength": 320},
    "maxItems": 100,
}

_BLOB_ATTACHMENT = {
    "type": "object",
    "required": ["$blob"],
    "description": "A file from an upstream node, e.g. {{ nodes.report.output.file }}.",
}

_INLINE_ATTACHMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "content_base64"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 255},
        "content_type": {"type": "string", "default": "application/octet-stream"},
        "content_base64": {"type": "string", "description": "The file, base64-encoded."},
    },
    "description": "A small file given inline (it travels through the run's history).",
}

EMAIL_SEND = NodeType(
    type="email.send",
    category="Communication",
    label="Send email",
    description="Sends one email through an SMTP server. Its Message-ID is derived from the run "
    "and node, so a retried send carries the same id. 4xx replies and connection failures are "
    "retried; 5xx replies (unknown mailbox, failed login) are not.",
    kind="activity",
    credential_type="smtp",
    retry=RetrySpec(max_attempts=4, initial_interval_seconds=5.0, maximum_interval_seconds=120.0),
    timeout_seconds=120.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_id", "to", "subject"],
        "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
        "properties": {
            "credential_id": {
                "type": "string",
                "format": "uuid",
                "description": "An SMTP credential (host, port, security, login, sender).",
            },
            "from": {
                "type": "string",
                "maxLength": 320,
                "description": "Sender; defaults to the credential's from_address.",
                "examples": ["Orders <orders@example.com>"],
            },
            "to": {
                **_ADDRESSES,
                "description": "Recipients: one address, a comma-separated list or a list.",
                "examples": ["ada@example.com", ["ada@example.com", "Bob <bob@example.com>"]],
            },
            "cc": {**_ADDRESSES, "description": "Copy recipients."},
            "bcc": {**_ADDRESSES, "description": "Blind-copy recipients (not in the headers)."},
            "reply_to": {"type": "string", "maxLength": 320, "description": "Reply-To address."},
            "subject": {
                "type": "string",
                "maxLength": 998,
                "description": "Subject line.",
                "examples": ["Daily summary for {{ inputs.date }}"],
            },
            "text": {"type": "string", "description": "Plain-text body."},
            "html": {"type": "string", "description": "HTML body (sent beside the text)."},
            "attachments": {
                "type": "array",
                "maxItems": 20,
                "items": {"anyOf": [_BLOB_ATTACHMENT, _INLINE_ATTACHMENT]},
                "description": "Files to attach: upstream file references, or small inline files.",
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 110,
                "default": 30,
                "description": "Per SMTP network operation.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "message_id": {"type": "string", "description": "The Message-ID header sent."},
            "recipients": {"type": "array", "items": {"type": "string"}},
            "refused": {
                "type": "object",
                "description": "Recipients the server refused (the others got the message).",
            },
        },
    },
)

NODE_TYPES = [EMAIL_SEND]
