"""Postgres v2 (execute query, insert, select, update, delete) → postgres.query / insert."""

import json
import re
from typing import Any

from ..defaults import add_defaults
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .postgres_query import execute_query, ident, options_note

_TYPE = "n8n-nodes-base.postgres"
_DEFAULTS = {
    "resource": "database",
    "operation": "insert",
    "schema": {"__rl": True, "mode": "list", "value": "public"},
    "returnAll": False,
    "limit": 50,
    "combineConditions": "AND",
    "deleteCommand": "truncate",
}
add_defaults(_TYPE, 2, _DEFAULTS)
add_defaults(_TYPE, 2.2, {**_DEFAULTS, "columns": {"mappingMode": "defineBelow", "value": {}}})

_ROWS_NOTE = (
    "n8n emits one item per row: downstream `$json` reads the first row, "
    "`$('{name}').all()` every row (`rows`)"
)
_CONDITIONS = {
    "equal": "=",
    "!=": "!=",
    "LIKE": "LIKE",
    ">": ">",
    "<": "<",
    ">=": ">=",
    "<=": "<=",
    "IS NULL": "IS NULL",
    "IS NOT NULL": "IS NOT NULL",
}


@converts(_TYPE, versions=lambda v: v >= 2)
def postgres(node: N8nNode, ctx: Context) -> Converted:
    """One Postgres operation; the credential becomes a `postgres` placeholder."""
    operation = ctx.param("operation")
    credential = ctx.credential(node, "postgres", "postgres")
    if operation == "executeQuery":
        return _rows(ctx, execute_query(ctx, credential))
    if operation == "insert":
        return _insert(ctx, credential)
    if operation == "select":
        return _rows(ctx, _select(ctx, credential))
    if operation == "update":
        return _write(ctx, credential, _update_sql(ctx))
    if operation == "deleteTable":
        return _write(ctx, credential, _delete_sql(ctx))
    if operation == "upsert":
        raise Unsupported(
            "Postgres upsert has no one-node counterpart",
            "use postgres.query with INSERT ... ON CONFLICT (key) DO UPDATE SET ...",
        )
    raise Unsupported(f"Postgres operation {operation!r} is not supported", "use postgres.query")


def _rows(ctx: Context, config: dict[str, Any]) -> Converted:
    converted = ctx.single("postgres.query", config, notes=[_ROWS_NOTE.format(name=ctx.node.name)])
    converted.item = f"nodes.{converted.entry}.output.rows[0]"
    converted.items = f"nodes.{converted.entry}.output.rows"
    converted.error_exit = (converted.entry or "", "error")
    return converted


def _write(ctx: Context, credential: str, statement: tuple[str, dict[str, Any]]) -> Converted:
    sql, parameters = statement
    config: dict[str, Any] = {"credential_id": credential, "sql": sql, "mode": "write"}
    if parameters:
        config["parameters"] = parameters
    return _rows(ctx, config)


# ---- table operations ----------------------------------------------------------------


def _locator(ctx: Context, name: str) -> str:
    value = ctx.param(name)
    if isinstance(value, dict):
        value = value.get("value")
    if not isinstance(value, str) or not value:
        raise Unsupported(f"no {name} given", f"set the {name} in the Sluice node")
    if value.startswith("="):
        raise Unsupported(f"the {name} is an expression", f"write the {name} name out")
    return value


def _table(ctx: Context) -> str:
    return f"{ident(_locator(ctx, 'schema'))}.{ident(_locator(ctx, 'table'))}"


def _mapping(ctx: Context) -> tuple[dict[str, Any], list[str]]:
    """Column → value (translated) and the matching columns, for v2.0–2.1 and v2.2+."""
    item = ctx.input_item()
    if ctx.node.type_version >= 2.2:
        columns = ctx.param("columns") or {}
        matching = list(columns.get("matchingColumns") or [])
        if columns.get("mappingMode") == "autoMapInputData":
            names = [
                c["id"] for c in columns.get("schema") or [] if c.get("id") and not c.get("removed")
            ]
            if not names:
                return {}, matching
            ctx.approximate(
                "autoMapInputData: the columns listed in the export's schema are mapped "
                "from input fields of the same name",
                "columns.mappingMode",
            )
            return {n: "{{ " + f"{item}.{_field(n)}" + " }}" for n in names}, matching
        values = columns.get("value") or {}
        return (
            {k: ctx.try_expr(v, f"columns.value.{k}") for k, v in values.items()},
            matching,
        )
    matching = (
        [ctx.node.parameters["columnToMatchOn"]] if "columnToMatchOn" in ctx.node.parameters else []
    )
    if ctx.node.parameters.get("dataMode", "autoMapInputData") == "defineBelow":
        entries = (ctx.node.parameters.get("valuesToSend") or {}).get("values") or []
        values = {
            str(e["column"]): ctx.try_expr(e.get("value"), f"valuesToSend.values[{i}].value")
            for i, e in enumerate(entries)
            if e.get("column")
        }
        if matching and "valueToMatchOn" in ctx.node.parameters:
            values[matching[0]] = ctx.try_expr(
                ctx.node.parameters["valueToMatchOn"], "valueToMatchOn"
            )
        return values, matching
    return {}, matching


def _field(name: str) -> str:
    return name if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name) else json.dumps(name)


def _auto_map(ctx: Context) -> bool:
    if ctx.node.type_version >= 2.2:
        return (ctx.param("columns") or {}).get("mappingMode") == "autoMapInputData"
    return ctx.node.parameters.get("dataMode", "autoMapInputData") == "autoMapInputData"


def _insert(ctx: Context, credential: str) -> Converted:
    config: dict[str, Any] = {
        "credential_id": credential,
        "schema": _locator(ctx, "schema"),
        "table": _locator(ctx, "table"),
    }
    values: dict[str, Any] = {}
    if _auto_map(ctx):
        rows = ctx.input_items() or f"[{ctx.input_item()}]"
        listed = [
            c["id"]
            for c in (ctx.param("columns") or {}).get("schema") or []
            if c.get("id") and not c.get("removed")
        ]
        if listed:  # the export lists the table's columns: keep only those fields
            rows += "[*].{" + ", ".join(f"{json.dumps(c)}: {json.dumps(c)}" for c in listed) + "}"
        config["rows"] = "{{ " + rows + " }}"
        ctx.approximate(
            "every input item is inserted, its fields as columns of the same name",
            "columns",
        )
    else:
        values, _ = _mapping(ctx)
        if not values:
            raise Unsupported("insert with no column values", "map the columns in postgres.insert")
        config["rows"] = [values]
        if ctx.input_items():
            ctx.approximate(
                "n8n inserts one row per input item; this inserts the row of the first item "
                "(map every item's row in `rows`, or use flow.for_each)",
                "columns",
            )
    options = ctx.param("options") or {}
    if options.get("skipOnConflict"):
        config["on_conflict"] = "do_nothing"
    options_note(ctx, {"skipOnConflict"})
    converted = ctx.single("postgres.insert", config, notes=[_INSERTED_NOTE])
    converted.item = row_item(values) if values else ctx.input_item()
    converted.error_exit = (converted.entry or "", "error")
    return converted


_INSERTED_NOTE = (
    "downstream `$json` reads the inserted values (columns the database fills, such as "
    "generated ids, are not returned)"
)
_WHOLE = re.compile(r"^\{\{(.*)\}\}$", re.DOTALL)


def row_item(values: dict[str, Any]) -> str:
    """A JMESPath hash of the inserted row: `{{ x }}` values as x, others as literals."""
    pairs = []
    for column, value in values.items():
        whole = _WHOLE.match(value.strip()) if isinstance(value, str) else None
        if whole and "{{" not in whole.group(1):
            expr = whole.group(1).strip()
        else:
            expr = "`" + json.dumps(value) + "`"
        pairs.append(f"{json.dumps(column)}: {expr}")
    return "{" + ", ".join(pairs) + "}"


def _where(ctx: Context, parameters: dict[str, Any]) -> str:
    entries = (ctx.param("where") or {}).get("values") or []
    parts = []
    for i, entry in enumerate(entries):
        column = entry.get("column")
        if not isinstance(column, str) or not column or column.startswith("="):
            raise Unsupported(f"where[{i}] column must be a name", "write the WHERE clause out")
        op = _CONDITIONS.get(entry.get("condition", "equal"))
        if op is None:
            raise Unsupported(f"where condition {entry.get('condition')!r}", "write it in SQL")
        if op.startswith("IS"):
            parts.append(f"{ident(column)} {op}")
            continue
        key = f"w{len(parameters) + 1}"
        parameters[key] = ctx.try_expr(entry.get("value", ""), f"where.values[{i}].value")
        parts.append(f"{ident(column)} {op} %({key})s")
    if not parts:
        return ""
    joiner = " OR " if ctx.param("combineConditions") == "OR" else " AND "
    return " WHERE " + joiner.join(parts)


def _select(ctx: Context, credential: str) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    options = ctx.param("options") or {}
    columns = options.get("outputColumns") or []
    listed = ", ".join(ident(c) for c in columns) if columns else "*"
    sql = f"SELECT {listed} FROM {_table(ctx)}{_where(ctx, parameters)}"
    sort = (ctx.param("sort") or {}).get("values") or []
    if sort:
        order = ", ".join(
            f"{ident(s['column'])} {'DESC' if s.get('direction') == 'DESC' else 'ASC'}"
            for s in sort
            if s.get("column")
        )
        sql += f" ORDER BY {order}"
    config: dict[str, Any] = {"credential_id": credential, "sql": sql, "mode": "read"}
    if not ctx.param("returnAll"):
        limit = ctx.param("limit")
        config["sql"] += f" LIMIT {int(limit)}" if isinstance(limit, int | float) else ""
    else:
        config["max_rows"] = 100000
    if parameters:
        config["parameters"] = parameters
    options_note(ctx, {"outputColumns"})
    return config


def _update_sql(ctx: Context) -> tuple[str, dict[str, Any]]:
    values, matching = _mapping(ctx)
    if not matching:
        raise Unsupported("update with no column to match on", "write the UPDATE in postgres.query")
    if not values:
        raise Unsupported(
            "update maps input fields that the export does not list",
            "write the UPDATE in postgres.query with the columns to set",
        )
    parameters: dict[str, Any] = {}
    sets: list[str] = []
    where: list[str] = []
    for n, (column, value) in enumerate(values.items(), start=1):
        parameters[f"v{n}"] = value
        target = where if column in matching else sets
        target.append(f"{ident(column)} = %(v{n})s")
    missing = [c for c in matching if c not in values]
    if missing or not sets:
        raise Unsupported(
            f"update needs values for {', '.join(missing) or 'the columns to set'}",
            "write the UPDATE in postgres.query",
        )
    # RETURNING *: n8n outputs the updated rows
    sql = f"UPDATE {_table(ctx)} SET {', '.join(sets)} WHERE {' AND '.join(where)} RETURNING *"
    options_note(ctx, set())
    return sql, parameters


def _delete_sql(ctx: Context) -> tuple[str, dict[str, Any]]:
    command = ctx.param("deleteCommand")
    if command == "drop":
        return f"DROP TABLE {_table(ctx)}", {}
    if command == "truncate":
        restart = " RESTART IDENTITY" if ctx.param("restartSequences") else ""
        return f"TRUNCATE TABLE {_table(ctx)}{restart}", {}
    parameters: dict[str, Any] = {}
    return f"DELETE FROM {_table(ctx)}{_where(ctx, parameters)}", parameters
