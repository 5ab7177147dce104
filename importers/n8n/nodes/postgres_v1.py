"""Postgres v1 (execute query, insert, update by key) → postgres.query / postgres.insert."""

import json
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .postgres_query import execute_query, ident

_TYPE = "n8n-nodes-base.postgres"
add_defaults(
    _TYPE, 1, {"operation": "insert", "schema": "public", "updateKey": "id", "returnFields": "*"}
)


def _names(value: Any) -> list[str]:
    """n8n v1's comma-separated property list; `name:type` casts keep the name."""
    if not isinstance(value, str) or value.startswith("="):
        return []
    return [part.split(":")[0].strip() for part in value.split(",") if part.strip()]


def _json(name: str) -> str:
    return "={{ $json[" + json.dumps(name) + "] }}"


@converts(_TYPE, versions=lambda v: v < 2)
def postgres_v1(node: N8nNode, ctx: Context) -> Converted:
    """Execute query with property parameters; insert every input item; update by key."""
    credential = ctx.credential(node, "postgres", "postgres")
    operation = ctx.param("operation")
    extra = ctx.param("additionalFields") or {}
    if extra.get("mode") not in (None, "multiple"):
        ctx.approximate(f"mode {extra['mode']!r}: one statement per node", "additionalFields.mode")
    if operation == "executeQuery":
        props = _names(extra.get("queryParams"))
        values = [_json(p) for p in props]
        config = execute_query(ctx, credential, values, "additionalFields.queryParams")
        converted = ctx.single("postgres.query", config)
        converted.item = f"nodes.{converted.entry}.output.rows[0]"
        converted.items = f"nodes.{converted.entry}.output.rows"
    elif operation == "insert":
        columns = _names(ctx.param("columns"))
        if not columns:
            raise Unsupported(
                "insert with no columns listed", "list the columns in postgres.insert"
            )
        items = ctx.input_items() or f"[{ctx.input_item()}]"
        picked = ", ".join(f"{json.dumps(c)}: {json.dumps(c)}" for c in columns)
        config = {
            "credential_id": credential,
            "schema": ctx.param("schema"),
            "table": ctx.param("table"),
            "rows": "{{ " + f"{items}[*].{{{picked}}}" + " }}",
        }
        converted = ctx.single("postgres.insert", config)
        converted.item = ctx.input_item()  # n8n outputs the inserted items
    elif operation == "update":
        converted = ctx.single("postgres.query", _update(ctx, credential))
        converted.item = f"nodes.{converted.entry}.output.rows[0]"
        ctx.approximate(
            "n8n updates one row per input item; this updates the row of the first item "
            "(wrap it in flow.for_each for every item)",
            "updateKey",
        )
    else:
        raise Unsupported(f"Postgres v1 operation {operation!r}", "use postgres.query")
    if ctx.param("returnFields") not in ("*", None):
        ctx.approximate("returnFields: the Sluice node returns the row count", "returnFields")
    converted.error_exit = (converted.entry or "", "error")
    return converted


def _update(ctx: Context, credential: str) -> dict[str, Any]:
    keys, columns = _names(ctx.param("updateKey")), _names(ctx.param("columns"))
    sets = [c for c in columns if c not in keys]
    if not keys or not sets:
        raise Unsupported("update needs a key and columns to set", "write it in postgres.query")
    table = f"{ident(ctx.param('schema'))}.{ident(ctx.param('table'))}"
    names = {c: f"v{i}" for i, c in enumerate(keys + sets, start=1)}
    assignments = ", ".join(f"{ident(c)} = %({names[c]})s" for c in sets)
    match = " AND ".join(f"{ident(c)} = %({names[c]})s" for c in keys)
    item = ctx.input_item()
    return {
        "credential_id": credential,
        "sql": f"UPDATE {table} SET {assignments} WHERE {match} RETURNING *",
        "mode": "write",
        "parameters": {v: "{{ " + f"{item}.{json.dumps(c)}" + " }}" for c, v in names.items()},
    }
