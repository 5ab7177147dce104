"""Per-value transforms: Date & Time (current date, format, add/subtract) and Crypto (hash)
→ transform.set.

n8n adds the result to each item under a field name; Sluice's set outputs that one field
(other input fields are not copied), computed with the expression functions now(), today(),
format_time(), add_time() and hash().
"""

import re
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .flow import operand

add_defaults(
    "n8n-nodes-base.dateTime",
    1,
    {
        "action": "format",
        "dataPropertyName": "data",
        "toFormat": "MM/DD/YYYY",
        "operation": "add",
        "duration": 0,
        "timeUnit": "days",
    },
)
add_defaults(
    "n8n-nodes-base.dateTime",
    2,
    {
        "operation": "getCurrentDate",
        "includeTime": True,
        "format": "MM/dd/yyyy",
        "duration": 0,
        "timeUnit": "days",
    },
)
add_defaults(
    "n8n-nodes-base.crypto",
    1,
    {"action": "hash", "type": "MD5", "dataPropertyName": "data", "encoding": "hex"},
)

_FORMAT_TOKENS = {"yyyy", "MM", "dd", "HH", "mm", "ss"}
_MOMENT = [("YYYY", "yyyy"), ("DD", "dd")]  # Date & Time v1 took moment.js tokens
_OUTPUT = {
    "getCurrentDate": "currentDate",
    "formatDate": "formattedDate",
    "addToDate": "newDate",
    "subtractFromDate": "newDate",
}
_WHAT_TO_DO = "compute it in the system that sends the data, or with an LLM or HTTP node"


def _field(ctx: Context, parameter: str, default: str) -> str:
    name = ctx.param(parameter) or default
    if not isinstance(name, str) or name.startswith("="):
        raise Unsupported(f"{parameter} is an expression", f"write the field name in {parameter}")
    return name


def _set(ctx: Context, field: str, expression: str, *, n8n_keeps: bool = True) -> Converted:
    if n8n_keeps or (ctx.node.parameters.get("options") or {}).get("includeInputFields"):
        ctx.approximate("outputs only the new field: other input fields are not copied", field)
    return ctx.single("transform.set", {"fields": {field: "{{ " + expression + " }}"}})


def _formatted(ctx: Context, date: Any, pattern: Any, parameter: str) -> str:
    """`format_time(date, pattern)`, when format_time knows every token of the pattern."""
    if not isinstance(pattern, str) or pattern.startswith("="):
        raise Unsupported(f"{parameter} is an expression", "write the format as text")
    if any(run not in _FORMAT_TOKENS for run in re.findall("[A-Za-z]+", pattern)):
        raise Unsupported(
            f"date format {pattern!r}: format_time() knows yyyy, MM, dd, HH, mm, ss",
            "use a format made of those tokens",
        )
    ctx.approximate("the date must be ISO 8601 text (n8n also parses other forms)", "date")
    return f"format_time({operand(ctx, date, 'date')}, {_quoted(pattern)})"


def _shifted(ctx: Context, date: Any, subtract: bool) -> str:
    """`add_time(date, ±duration, unit)`."""
    unit = ctx.param("timeUnit")
    if not isinstance(unit, str) or unit.startswith("="):
        raise Unsupported("timeUnit is an expression", "choose a time unit")
    duration = operand(ctx, ctx.param("duration"), "duration")
    if subtract:
        duration = f"multiply(`-1`, {duration})"
    ctx.approximate("the date must be ISO 8601 text (n8n also parses other forms)", "date")
    return f"add_time({operand(ctx, date, 'date')}, {duration}, {_quoted(unit)})"


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@converts("n8n-nodes-base.dateTime", versions=lambda v: v >= 2)
def date_time(node: N8nNode, ctx: Context) -> Converted:
    """Date & Time v2: current date → now()/today(), format date → format_time()."""
    operation = ctx.param("operation")
    if operation not in _OUTPUT:
        raise Unsupported(
            f"operation {operation!r}: Sluice expressions have no date rounding, parts or "
            "differences (now, today, add_time and format_time only)",
            _WHAT_TO_DO,
        )
    field = _field(ctx, "outputFieldName", _OUTPUT[operation])
    if operation == "getCurrentDate":
        ctx.approximate("the run's start time, in UTC", "includeTime")
        now = "now()" if ctx.param("includeTime") is not False else "today()"
        return _set(ctx, field, now, n8n_keeps=False)
    if operation in ("addToDate", "subtractFromDate"):
        shifted = _shifted(ctx, node.parameters.get("magnitude"), operation == "subtractFromDate")
        return _set(ctx, field, shifted, n8n_keeps=False)
    pattern = ctx.param("format")
    if pattern == "custom":
        pattern = ctx.param("customFormat")
    if pattern in ("X", "x"):
        raise Unsupported("Unix timestamps: Sluice has no epoch conversion", _WHAT_TO_DO)
    if (node.parameters.get("options") or {}).get("timezone"):
        ctx.approximate("the time zone is not applied: times stay as given", "options.timezone")
    formatted = _formatted(ctx, node.parameters.get("date"), pattern, "format")
    return _set(ctx, field, formatted, n8n_keeps=False)


@converts("n8n-nodes-base.dateTime", versions=lambda v: v < 2)
def date_time_v1(node: N8nNode, ctx: Context) -> Converted:
    """Date & Time v1: format → format_time(); calculate (add/subtract) → add_time()."""
    field = _field(ctx, "dataPropertyName", "data")
    if ctx.param("action") == "calculate":
        subtract = ctx.param("operation") == "subtract"
        return _set(ctx, field, _shifted(ctx, node.parameters.get("value"), subtract))
    if ctx.param("action") != "format":
        raise Unsupported(f"action {ctx.param('action')!r} is not supported", _WHAT_TO_DO)
    pattern = ctx.param("toFormat")
    if isinstance(pattern, str):
        for moment, luxon in _MOMENT:
            pattern = pattern.replace(moment, luxon)
    if (node.parameters.get("options") or {}).get("toTimezone"):
        ctx.approximate("the time zone is not applied: times stay as given", "options.toTimezone")
    return _set(ctx, field, _formatted(ctx, node.parameters.get("value"), pattern, "toFormat"))


@converts("n8n-nodes-base.crypto")
def crypto(node: N8nNode, ctx: Context) -> Converted:
    """Crypto hash → hash(value, algorithm) (hex); HMAC, sign and generate are unsupported."""
    action = ctx.param("action")
    if action == "hmac":
        raise Unsupported(
            "HMAC needs a secret, which Sluice keeps in credentials only",
            "sign in the receiving system, or with an HTTP node that signs",
        )
    if action == "sign":
        raise Unsupported("signing with a private key", "sign in the system that needs it")
    if action == "generate":
        raise Unsupported(
            "random values: Sluice runs are deterministic and replayable",
            "use the run id or an idempotency key, or hash() a unique field",
        )
    if node.parameters.get("binaryData"):
        raise Unsupported("hashing binary data", "hash a text field instead")
    if ctx.param("encoding") == "base64":
        raise Unsupported("base64 digests: hash() answers hex", "compare hex digests instead")
    algorithm = ctx.param("type")
    if not isinstance(algorithm, str) or algorithm.startswith("="):
        raise Unsupported("the hash type is an expression", "choose a hash type")
    value = operand(ctx, node.parameters.get("value", ""), "value")
    field = _field(ctx, "dataPropertyName", "data")
    return _set(ctx, field, f"hash({value}, {_quoted(algorithm.lower())})")
