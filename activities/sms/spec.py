"""The sms node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType, RetrySpec

TWILIO_SEND = NodeType(
    type="sms.twilio.send",
    category="Communication",
    label="Send SMS (Twilio)",
    description="Sends a text message through Twilio. 429 and 5xx answers and network failures "
    "are retried; other errors (e.g. 21211, an invalid number) are not.",
    kind="activity",
    credential_type="twilio",
    retry=RetrySpec(max_attempts=4, initial_interval_seconds=2.0, maximum_interval_seconds=60.0),
    timeout_seconds=60.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_id", "to", "from", "body"],
        "properties": {
            "credential_id": {
                "type": "string",
                "format": "uuid",
                "description": "A Twilio credential (account SID and auth token).",
            },
            "to": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "description": "Recipient number in E.164 form.",
                "examples": ["+14155550100", "{{ nodes.lookup.output.rows[0].phone }}"],
            },
            "from": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "description": "A Twilio number of the account, or a Messaging Service SID (MG…).",
                "examples": ["+14155550199", "MG00000000000000000000000000000000"],
            },
            "body": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1600,
                "description": "The message text (Twilio sends at most 1600 characters).",
                "examples": ["Your order {{ inputs.order_id }} has shipped."],
            },
            "timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 55,
                "default": 20,
                "description": "Per HTTP request to Twilio.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "sid": {"type": "string", "description": "Twilio's message SID (SM…)."},
            "status": {"type": "string", "description": "Twilio's status, e.g. queued."},
            "to": {"type": "string"},
        },
    },
)

NODE_TYPES = [TWILIO_SEND]
