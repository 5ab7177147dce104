"""Triggers: Manual Trigger, Webhook, Schedule Trigger and the legacy Cron node."""

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts

add_defaults("n8n-nodes-base.webhook", 1, {"httpMethod": "GET", "responseMode": "onReceived"})


@converts("n8n-nodes-base.manualTrigger", "n8n-nodes-base.start")
def manual(node: N8nNode, ctx: Context) -> Converted:
    """Manual Trigger → trigger.manual; its output (the run inputs) is n8n's one empty item."""
    converted = ctx.single("trigger.manual", {})
    converted.entry = None
    return converted


@converts("n8n-nodes-base.webhook")
def webhook(node: N8nNode, ctx: Context) -> Converted:
    """Webhook → trigger.webhook; Sluice gives each workflow its own URL, so path is a note.

    responseMode `responseNode` answers with the webhook.respond node (respond `on_node`).
    """
    config: dict = {}
    ctx.approximate(
        f"path {ctx.param('path')!r} and method {ctx.param('httpMethod')}: Sluice serves the "
        "workflow's own webhook URL (see its Triggers tab) and accepts POST",
        "path",
    )
    mode = ctx.param("responseMode")
    if mode == "responseNode":
        if ctx.has_node_type("n8n-nodes-base.respondToWebhook"):
            config["respond"] = "on_node"
        else:
            ctx.approximate(
                "responseMode responseNode without a Respond to Webhook node: Sluice answers "
                "202 with the run id at once",
                "responseMode",
            )
    elif mode == "lastNode":
        ctx.approximate(
            "responseMode lastNode: Sluice answers 202 with the run id at once; to answer "
            "with the last node's output add a webhook.respond node after it and set the "
            "trigger's respond to on_node",
            "responseMode",
        )
    elif mode != "onReceived":
        ctx.approximate(f"responseMode {mode!r}: Sluice answers 202 at once", "responseMode")
    converted = ctx.single("trigger.webhook", config)
    converted.entry = None
    return converted


@converts("n8n-nodes-base.scheduleTrigger", "n8n-nodes-base.cron")
def schedule(node: N8nNode, ctx: Context) -> Converted:
    """Schedule Trigger / Cron → trigger.schedule with a cron line or an interval."""
    config = _schedule_config(node, ctx)
    converted = ctx.single("trigger.schedule", config)
    converted.entry = None
    return converted


_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}


def _schedule_config(node: N8nNode, ctx: Context) -> dict:
    if node.type.endswith(".cron"):
        items = (node.parameters.get("triggerTimes") or {}).get("item") or [{"mode": "everyDay"}]
        rule = items[0]
        if len(items) > 1:
            ctx.approximate("several trigger times: only the first is kept", "triggerTimes")
        mode = rule.get("mode", "everyDay")
        hour, minute = rule.get("hour", 14), rule.get("minute", 0)
        if mode == "everyDay":
            return {"cron": f"{minute} {hour} * * *"}
        if mode == "everyHour":
            return {"cron": f"{minute} * * * *"}
        if mode == "everyMinute":
            return {"cron": "* * * * *"}
        if mode == "everyWeek":
            return {"cron": f"{minute} {hour} * * {rule.get('weekday', 1)}"}
        if mode == "custom":
            return {"cron": rule.get("cronExpression", "* * * * *")}
        raise Unsupported(f"Cron mode {mode!r} is not supported", "set trigger.schedule's cron")
    rules = (node.parameters.get("rule") or {}).get("interval") or [{"field": "days"}]
    rule = rules[0]
    if len(rules) > 1:
        ctx.approximate("several rules: only the first is kept", "rule.interval")
    field = rule.get("field", "days")
    if field == "cronExpression":
        return {"cron": rule.get("expression", "0 0 * * *")}
    hour, minute = rule.get("triggerAtHour", 0), rule.get("triggerAtMinute", 0)
    if field == "days" and rule.get("daysInterval", 1) == 1:
        return {"cron": f"{minute} {hour} * * *"}
    if field == "hours" and rule.get("hoursInterval", 1) == 1:
        return {"cron": f"{minute} * * * *"}
    if field in _UNIT_SECONDS:
        every = rule.get(f"{field}Interval", 1)
        return {"interval_seconds": int(every) * _UNIT_SECONDS[field]}
    raise Unsupported(f"schedule interval {field!r} is not supported", "set trigger.schedule")
