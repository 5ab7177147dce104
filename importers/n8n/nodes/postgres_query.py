"""Postgres Execute Query → postgres.query: n8n's `$1` and inline expressions as bound values."""

import re
from typing import Any

from ..registry import Context, Unsupported

_INLINE = re.compile(r"(?P<q>'?)\{\{(?P<body>.*?)\}\}(?P=q)", re.DOTALL)
_DOLLAR = re.compile(r"\$(\d+)(?!\d)")


def execute_query(
    ctx: Context, credential: str, values: list[str] | None = None, where: str = ""
) -> dict[str, Any]:
    """postgres.query config: `$n` and inline `{{ }}` become named bound parameters.

    `values` are the `$1…` values (n8n parameter values); default: options.queryReplacement.
    """
    query = ctx.param("query") or ""
    if not isinstance(query, str) or not query.strip("= \n"):
        raise Unsupported("Execute Query with no query", "write the SQL in postgres.query")
    parameters: dict[str, Any] = {}
    if values is None:
        values = _split_replacement((ctx.param("options") or {}).get("queryReplacement"))
        where = "options.queryReplacement"
    for i, value in enumerate(values, start=1):
        parameters[f"p{i}"] = ctx.expr(value, f"{where}[{i - 1}]")
    sql = query[1:] if query.startswith("=") else query
    inline: dict[str, Any] = {}
    if query.startswith("=") and "{{" in sql:

        def lift(match: re.Match[str]) -> str:
            key = f"e{len(inline) + 1}"
            inline[key] = ctx.expr("={{" + match.group("body") + "}}", "query")
            return f"\x00{key}\x00"

        sql = _INLINE.sub(lift, sql)
        ctx.approximate(
            "expressions inside the SQL became bound parameters (values, never SQL text); "
            "an expression that wrote SQL (a table or column name) must be written out",
            "query",
        )
    if parameters or inline:
        sql = sql.replace("%", "%%")
        sql = _DOLLAR.sub(lambda m: f"%(p{m.group(1)})s", sql)
        sql = re.sub("\x00(e\\d+)\x00", r"%(\1)s", sql)
    missing = {f"p{n}" for n in _DOLLAR.findall(query)} - set(parameters)
    if missing:
        raise Unsupported(
            f"the query uses {', '.join(sorted('$' + m[1:] for m in missing))} but Query "
            "Parameters do not give them",
            "add the values to postgres.query's parameters",
        )
    config: dict[str, Any] = {"credential_id": credential, "sql": sql.strip()}
    if parameters or inline:
        config["parameters"] = {**parameters, **inline}
    options_note(ctx, {"queryReplacement"})
    return config


def _split_replacement(value: Any) -> list[str]:
    """n8n's comma-separated Query Parameters, keeping commas inside `{{ }}`."""
    if isinstance(value, list):
        return list(value)
    if not isinstance(value, str) or not value.strip("= "):
        return []
    is_expr = value.startswith("=")
    text = value[1:] if is_expr else value
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if text.startswith("{{", i):
            depth += 1
        elif text.startswith("}}", i):
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    prefix = "=" if is_expr else ""
    return [prefix + p.strip() if "{{" in p else p.strip() for p in parts]


def options_note(ctx: Context, handled: set[str]) -> None:
    """Note the Postgres options a conversion does not carry over."""
    options = ctx.param("options") or {}
    ignored = sorted(k for k in options if k not in handled | {"queryBatching"})
    if options.get("queryBatching", "single") != "single":
        ctx.approximate(
            "queryBatching: the node runs once, on the whole input", "options.queryBatching"
        )
    if ignored:
        ctx.approximate(f"options not carried over: {', '.join(ignored)}", "options")


def ident(name: str) -> str:
    """A PostgreSQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'
