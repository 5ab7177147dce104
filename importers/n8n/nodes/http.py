"""HTTP Request (v3/v4) → http.request; Respond to Webhook → webhook.respond."""

import json
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, converts

add_defaults("n8n-nodes-base.httpRequest", 3, {"method": "GET", "authentication": "none"})
add_defaults("n8n-nodes-base.respondToWebhook", 1, {"respondWith": "firstIncomingItem"})


def _pairs(ctx: Context, block: Any, parameter: str) -> dict[str, Any]:
    entries = (block or {}).get("parameters", []) if isinstance(block, dict) else []
    return {
        str(p.get("name")): ctx.try_expr(p.get("value"), f"{parameter}[{i}].value")
        for i, p in enumerate(entries)
        if p.get("name")
    }


@converts("n8n-nodes-base.httpRequest", versions=lambda v: v >= 3)
def http_request(node: N8nNode, ctx: Context) -> Converted:
    """Method, URL, query, headers and a JSON/form body; auth becomes a credential."""
    p = node.parameters
    config: dict[str, Any] = {"method": str(ctx.param("method")).upper()}
    config["url"] = ctx.expr(p.get("url", ""), "url")
    if p.get("sendQuery"):
        config["query"] = _pairs(ctx, p.get("queryParameters"), "queryParameters")
    if p.get("sendHeaders"):
        config["headers"] = _pairs(ctx, p.get("headerParameters"), "headerParameters")
    if p.get("sendBody"):
        if p.get("specifyBody") == "json":
            config["json"] = ctx.try_expr(p.get("jsonBody"), "jsonBody")
        elif p.get("contentType", "json") == "json":
            config["json"] = _pairs(ctx, p.get("bodyParameters"), "bodyParameters")
        else:
            config["body"] = _pairs(ctx, p.get("bodyParameters"), "bodyParameters")
            ctx.approximate(f"body content type {p.get('contentType')!r} sent as given", "body")
    if ctx.param("authentication") not in (None, "none"):
        key = next(iter(node.credentials), p.get("genericAuthType") or "httpHeaderAuth")
        config["credential_id"] = ctx.credential(node, key, "http_auth")
    converted = ctx.single("http.request", config, error_exit=None)
    converted.error_exit = (converted.entry or "", "error")
    converted.item = _response_item(ctx, f"nodes.{converted.entry}.output")
    return converted


def _response_item(ctx: Context, out: str) -> str:
    """What downstream `$json` reads, shaped as n8n shapes the answer.

    n8n gives a JSON answer's fields, a text (or file) answer under `data` (the option
    `outputPropertyName`), and with fullResponse `{body, headers, statusCode}`; Sluice's
    output is `{status, headers, body}` with `body` parsed JSON or text.
    """
    response = ((ctx.param("options") or {}).get("response") or {}).get("response") or {}
    body = f"{out}.body"
    if response.get("fullResponse"):
        return f"{{body: {body}, headers: {out}.headers, statusCode: {out}.status}}"
    fmt = response.get("responseFormat", "autodetect")
    prop = _field(str(response.get("outputPropertyName") or "data"))
    if fmt == "json":
        return body
    if fmt == "file":
        ctx.approximate(
            f"file response: `{prop}` is the answer's text (a file reference when it is over "
            "max_response_bytes and large_response is blob), not a binary property",
            "options.response.response.responseFormat",
        )
    if fmt in ("text", "file"):
        return f"{{{prop}: {body}}}"
    # autodetect: JSON answers give their fields, others their text under `data`.
    return f"if_else(type({body}) == 'string', {{{prop}: {body}}}, {body})"


def _field(name: str) -> str:
    return name if name.isidentifier() else json.dumps(name)


@converts("n8n-nodes-base.respondToWebhook")
def respond(node: N8nNode, ctx: Context) -> Converted:
    """Respond to Webhook → webhook.respond with status, headers and body."""
    p = node.parameters
    options = p.get("options") or {}
    config: dict[str, Any] = {}
    with_ = ctx.param("respondWith")
    if with_ == "json":
        config["body"] = ctx.try_expr(p.get("responseBody"), "responseBody")
    elif with_ == "text":
        config["body"] = ctx.try_expr(p.get("responseBody", ""), "responseBody")
    elif with_ in ("firstIncomingItem", "allIncomingItems"):
        config["body"] = "{{ " + ctx.input_item() + " }}"
    elif with_ == "noData":
        pass
    else:
        ctx.approximate(f"respondWith {with_!r}: the input is sent as JSON", "respondWith")
        config["body"] = "{{ " + ctx.input_item() + " }}"
    if "responseCode" in options:
        config["status"] = options["responseCode"]
    if options.get("responseHeaders"):
        headers = (options["responseHeaders"] or {}).get("entries", [])
        config["headers"] = {h.get("name"): h.get("value") for h in headers if h.get("name")}
    return ctx.single("webhook.respond", config)
