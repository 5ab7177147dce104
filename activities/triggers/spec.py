"""The triggers node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType, RetrySpec

SCHEDULE_RUN_KEY = "_schedule_run"

"""Config key the API adds to the firing schedule node's plan: {schedule_id, workflow_id,
workspace_id, version}. The graph schema forbids it, so only a schedule's plan has it."""

OVERLAP_POLICIES = ("skip", "buffer_one", "buffer_all", "cancel_other", "terminate_other",
                    "allow_all")  # fmt: skip

WEBHOOK = NodeType(
    type="trigger.webhook",
    category="Triggers",
    label="Webhook",
    description="Starts a run for each HTTP request (GET or POST) to the workflow's URL "
    "`/hooks/{token}` (see GET /api/workflows/{id}/triggers). Its output is the request.",
    kind="inline",
    input_ports=(),
    credential_type="http_auth",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "credential_id": {
                "type": "string",
                "description": "An `http_header` credential: deliveries must be signed "
                "(HMAC-SHA256 with its `value` as the secret, in the header its `name` says, "
                'e.g. X-Sluice-Signature: t=<unix time>,v1=<hex of HMAC("<t>.<body>")>). '
                "Without it, anyone who knows the URL can start runs.",
            },
            "respond": {
                "enum": ["immediately", "on_node"],
                "default": "immediately",
                "description": "`immediately`: 202 with the run id; `on_node`: wait until a "
                "webhook.respond node ran and answer with its status, headers and body.",
            },
            "idempotency_body_field": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "description": "JMESPath into the JSON body naming a delivery id (e.g. `id`): "
                "a delivery with an id already seen starts no second run. The "
                "Idempotency-Key header does the same and wins.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "method": {"type": "string"},
            "headers": {"type": "object", "description": "Lower-case names; no credentials."},
            "query": {"type": "object"},
            "body": {
                "description": "JSON parsed, a form as an object, text, or a file "
                "reference for binary or large bodies."
            },  # fmt: skip
            "received_at": {"type": "string", "format": "date-time"},
        },
    },
)

SCHEDULE = NodeType(
    type="trigger.schedule",
    category="Triggers",
    label="Schedule",
    description="Starts runs on a cron schedule or at a fixed interval, as a Temporal "
    "Schedule (visible in the Temporal UI); pause, resume and run it now from the API.",
    kind="activity",
    input_ports=(),
    retry=RetrySpec(max_attempts=10, maximum_interval_seconds=30.0),
    timeout_seconds=30.0,
    heartbeat_seconds=None,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "cron": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string"}, "minItems": 1},
                ],
                "description": "Cron expression(s): `minute hour day-of-month month "
                "day-of-week` (e.g. `0 9 * * MON-FRI`), or @hourly, @daily, @weekly, @monthly.",
            },
            "timezone": {
                "type": "string",
                "default": "UTC",
                "description": "IANA time zone the cron expressions are read in.",
            },
            "interval_seconds": {
                "type": "number",
                "minimum": 1,
                "description": "Instead of cron: run every this many seconds.",
            },
            "overlap": {
                "enum": list(OVERLAP_POLICIES),
                "default": "skip",
                "description": "When a run is due while the last one still runs: skip it, "
                "buffer one (or all), cancel or terminate the running one, or allow all.",
            },
            "catchup_window_seconds": {
                "type": "number",
                "minimum": 10,
                "default": 300,
                "description": "Runs missed (e.g. Temporal was down) by less than this "
                "still start; older ones are dropped.",
            },
            "pause_on_failure": {"type": "boolean", "default": False},
            "inputs": {"type": "object", "description": "The run inputs of scheduled runs."},
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "scheduled_at": {"type": ["string", "null"], "format": "date-time"},
            "schedule_id": {"type": ["string", "null"]},
            "inputs": {"type": "object"},
        },
    },
)

RESPOND = NodeType(
    type="webhook.respond",
    category="Triggers",
    label="Respond to webhook",
    description="The HTTP answer to the delivery that started the run, when its webhook "
    "trigger is set to `respond: on_node`. The run goes on after it.",
    kind="inline",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "status": {"type": "integer", "minimum": 100, "maximum": 599, "default": 200},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "body": {"description": "Any JSON value (sent as JSON) or text (template)."},
        },
    },
    output_schema={
        "type": "object",
        "properties": {
            "status": {"type": "integer"},
            "headers": {"type": "object"},
            "body": {},
        },
    },
)

NODE_TYPES = [WEBHOOK, SCHEDULE, RESPOND]
