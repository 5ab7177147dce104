"""Send Email (v1, v2) → email.send; Twilio SMS → sms.twilio.send."""

from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .files import input_file

_EMAIL = "n8n-nodes-base.emailSend"
add_defaults(_EMAIL, 1, {"subject": "", "text": "", "html": ""})
add_defaults(_EMAIL, 2, {"operation": "send", "emailFormat": "text", "subject": ""})
add_defaults(_EMAIL, 2.1, {"operation": "send", "emailFormat": "html", "subject": ""})
_TWILIO = "n8n-nodes-base.twilio"
add_defaults(_TWILIO, 1, {"resource": "sms", "operation": "send", "toWhatsapp": False})


@converts(_EMAIL)
def email_send(node: N8nNode, ctx: Context) -> Converted:
    """From, to, cc, bcc, reply-to, subject and the text/HTML body; SMTP → `smtp` placeholder."""
    if ctx.param("operation") == "sendAndWait":
        raise Unsupported(
            "Send and Wait for Response has no Sluice counterpart",
            "send the email with email.send, then wait with human.approval (its link is "
            "in the run view and the approvals inbox)",
        )
    options = ctx.param("options") or {}
    v1 = node.type_version < 2
    config: dict[str, Any] = {"credential_id": ctx.credential(node, "smtp", "smtp")}
    if ctx.param("fromEmail"):
        config["from"] = ctx.expr(ctx.param("fromEmail"), "fromEmail")
    config["to"] = ctx.expr(ctx.param("toEmail") or "", "toEmail")
    if not config["to"]:
        raise Unsupported("no recipient (toEmail)", "set email.send's `to`")
    for n8n_name, key in (("ccEmail", "cc"), ("bccEmail", "bcc"), ("replyTo", "reply_to")):
        value = node.parameters.get(n8n_name) if v1 and n8n_name != "replyTo" else None
        value = value or options.get(n8n_name)
        if value:
            config[key] = ctx.expr(value, n8n_name)
    config["subject"] = ctx.expr(ctx.param("subject") or "", "subject")
    fmt = "both" if v1 else ctx.param("emailFormat")
    if fmt in ("text", "both") and ctx.param("text"):
        config["text"] = ctx.expr(ctx.param("text"), "text")
    if fmt in ("html", "both") and ctx.param("html"):
        config["html"] = ctx.expr(ctx.param("html"), "html")
    if "text" not in config and "html" not in config:
        config["text"] = ""
        ctx.approximate("the email has no body: sent with an empty text", "text")
    attachments = node.parameters.get("attachments") if v1 else options.get("attachments")
    if attachments:
        names = [n.strip() for n in str(attachments).split(",") if n.strip()]
        config["attachments"] = [input_file(ctx, "attachments")]
        if names != ["data"]:
            ctx.approximate(
                f"attachments {attachments!r}: the upstream node's `file` is attached",
                "attachments",
            )
    notes = []
    if options.get("appendAttribution", node.type_version >= 2.1):
        notes.append("n8n's attribution line is not appended")
    if options.get("allowUnauthorizedCerts"):
        ctx.approximate(
            "allowUnauthorizedCerts: Sluice always verifies the SMTP server's certificate",
            "options.allowUnauthorizedCerts",
        )
    converted = ctx.single("email.send", config, notes=notes)
    converted.error_exit = (converted.entry or "", "error")
    return converted


@converts(_TWILIO)
def twilio(node: N8nNode, ctx: Context) -> Converted:
    """Twilio SMS send (from, to, message) → sms.twilio.send; `twilio` credential placeholder."""
    if ctx.param("resource") != "sms" or ctx.param("operation") != "send":
        raise Unsupported(
            f"Twilio {ctx.param('resource')} {ctx.param('operation')}: Sluice sends SMS only",
            "make the call through Twilio's API with http.request",
        )
    config: dict[str, Any] = {"credential_id": ctx.credential(node, "twilioApi", "twilio")}
    for key, name in (("from", "from"), ("to", "to"), ("body", "message")):
        value = ctx.expr(ctx.param(name) or "", name)
        if not value:
            raise Unsupported(f"Twilio `{name}` is empty", f"set sms.twilio.send's `{key}`")
        config[key] = value
    if ctx.param("toWhatsapp"):
        for key in ("from", "to"):
            config[key] = f"whatsapp:{config[key]}"
        ctx.approximate("WhatsApp: sent through the same API with `whatsapp:` numbers")
    if (ctx.param("options") or {}).get("statusCallback"):
        ctx.approximate("statusCallback is not set on the message", "options.statusCallback")
    converted = ctx.single("sms.twilio.send", config)
    converted.error_exit = (converted.entry or "", "error")
    return converted
