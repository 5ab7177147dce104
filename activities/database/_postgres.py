"""PostgreSQL plumbing of the database nodes: connecting, error classification, JSON values."""

import base64
import datetime as dt
import decimal
import math
import uuid
from collections.abc import Mapping
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from .._runtime import NodeError

CONNECT_TIMEOUT_SECONDS = 10

# SQLSTATE classes and codes that a later attempt can get past.
_RETRYABLE_CLASSES = ("08", "40", "53", "57")
_RETRYABLE_CODES = {"55P03", "55006", "58000", "58030"}
_TRANSIENT_CONNECT = (
    "starting up",
    "shutting down",
    "in recovery",
    "too many clients",
    "remaining connection slots",
)
# What to fix, for the errors people meet most.
_ADVICE = {
    "42601": "fix the SQL syntax",
    "42P01": "the table does not exist: check its name and schema (search_path)",
    "42703": "the column does not exist: check its name",
    "42883": "no function or operator matches these argument types: cast the parameters",
    "42501": "the credential's user lacks a privilege: GRANT it, or use another credential",
    "23505": "a row with this key already exists",
    "23502": "a required (NOT NULL) column got no value",
    "23503": "a referenced row does not exist (foreign key)",
    "25006": "the node's mode is 'read', which runs read-only: set mode to 'write'",
    "57014": "the statement ran past statement_timeout_seconds (or was cancelled)",
}


def target(credential: Mapping[str, Any]) -> tuple[str, int]:
    """The credential's TCP host and port; NodeError for what would make libpq go elsewhere
    (a Unix-socket path, a host list, a connection string in the database name)."""
    host = str(credential.get("host") or "").strip()
    if not host or host[0] in "/@" or any(c in host for c in ",=\\ \t\r\n"):
        raise NodeError(
            f"the credential's host {host[:100]!r} must be one TCP host name or address "
            "(Unix sockets and host lists are refused)",
            retryable=False,
        )
    database = str(credential.get("database") or "")
    if "=" in database or database.lower().startswith(("postgres://", "postgresql://")):
        raise NodeError(
            "the credential's database must be a plain database name, not a connection string",
            retryable=False,
        )
    return host, int(credential.get("port") or 5432)


async def connect(
    credential: Mapping[str, Any], addresses: list[str]
) -> psycopg.AsyncConnection[Any]:
    """A new connection for one node call, from a `postgres` credential, to one of
    `addresses` (the host's, checked by the egress policy): libpq dials `hostaddr` and
    keeps `host` for TLS verification, never resolving the name itself."""
    host, port = target(credential)
    try:
        return await psycopg.AsyncConnection.connect(
            host=",".join([host] * len(addresses)),
            hostaddr=",".join(addresses),
            port=port,
            dbname=credential["database"],
            user=credential["user"],
            password=credential.get("password") or None,
            sslmode=credential.get("sslmode") or "prefer",
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name="sluice",
        )
    except psycopg.OperationalError as exc:
        text = _scrub(str(exc), credential)
        rejected = "FATAL:" in text and not any(m in text for m in _TRANSIENT_CONNECT)
        advice = "; check the credential" if rejected else "; will retry"
        raise NodeError(f"PostgreSQL {text.strip()}{advice}", retryable=not rejected) from exc


def classify(exc: psycopg.Error, credential: Mapping[str, Any]) -> NodeError:
    """A NodeError saying what went wrong and whether retrying can help."""
    state = exc.sqlstate
    if state is None:
        # Client-side problems (placeholders vs parameters) are config errors; a dropped
        # connection has no SQLSTATE either.
        retryable = isinstance(exc, psycopg.OperationalError)
        return NodeError(f"PostgreSQL: {_scrub(str(exc), credential)}", retryable=retryable)
    retryable = state[:2] in _RETRYABLE_CLASSES or state in _RETRYABLE_CODES
    parts = [f"PostgreSQL error {state}: {exc.diag.message_primary or exc}"]
    if exc.diag.message_detail:
        parts.append(f"detail: {exc.diag.message_detail}")
    if exc.diag.message_hint:
        parts.append(f"hint: {exc.diag.message_hint}")
    if state in _ADVICE:
        parts.append(_ADVICE[state])
    elif retryable:
        parts.append("will retry")
    return NodeError(_scrub("; ".join(parts), credential), retryable=retryable)


def _scrub(text: str, credential: Mapping[str, Any]) -> str:
    password = credential.get("password")
    return text.replace(password, "***") if password else text


async def run_query(
    credential: dict[str, Any],
    statement: str,
    parameters: Any,
    mode: str | None,
    timeout: float,
    max_rows: int,
    *,
    addresses: list[str],
) -> dict[str, Any]:
    conn = await connect(credential, addresses)
    try:
        await conn.set_read_only(mode == "read")
        async with conn.cursor(row_factory=dict_row) as cursor:
            await cursor.execute(
                sql.SQL("SET LOCAL statement_timeout = {}").format(int(timeout * 1000))
            )
            await cursor.execute(statement, parameters)  # type: ignore[arg-type]
            returned = cursor.description is not None
            rows = await cursor.fetchmany(max_rows) if returned else []
            row_count = cursor.rowcount
        await _commit(conn, mode)
    except psycopg.Error as exc:
        raise classify(exc, credential) from exc
    finally:
        await conn.close()
    output: dict[str, Any] = {"row_count": row_count}
    if returned or mode == "read":
        output["rows"] = [json_safe(row) for row in rows]
        output["truncated"] = row_count > len(rows)
    return output


async def run_insert(
    credential: dict[str, Any],
    schema: str,
    table: str,
    rows: list[dict],
    skip_conflicts: bool,
    *,
    addresses: list[str],
) -> dict[str, Any]:
    conn = await connect(credential, addresses)
    try:
        columns = await _columns(conn, schema, table)
        unknown = sorted({key for row in rows for key in row} - set(columns))
        if unknown:
            raise NodeError(
                f"{schema}.{table} has no column {', '.join(map(repr, unknown))}; "
                f"its columns are {', '.join(columns)}",
                retryable=False,
            )
        # Rows with the same keys go in one executemany; a key a row lacks gets the default.
        groups: dict[tuple[str, ...], list[dict]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
        inserted = 0
        async with conn.cursor() as cursor:
            for keys, group in groups.items():
                await cursor.executemany(
                    _insert_statement(schema, table, keys, skip_conflicts),
                    [[bind_column(row[k], columns[k]) for k in keys] for row in group],
                )
                inserted += max(cursor.rowcount, 0)
        await _commit(conn, "write")
    except psycopg.Error as exc:
        raise classify(exc, credential) from exc
    finally:
        await conn.close()
    return {"row_count": inserted}


async def _columns(conn: psycopg.AsyncConnection[Any], schema: str, table: str) -> dict[str, str]:
    cursor = await conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        [schema, table],
    )
    columns = dict(await cursor.fetchall())
    if not columns:
        raise NodeError(
            f"table {schema}.{table} does not exist, or the credential's user cannot see it",
            retryable=False,
        )
    return columns


def _insert_statement(
    schema: str, table: str, keys: tuple[str, ...], skip_conflicts: bool
) -> sql.Composed:
    if not keys:
        statement = sql.SQL("INSERT INTO {} DEFAULT VALUES")
        return statement.format(sql.Identifier(schema, table))
    on_conflict = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})" + on_conflict)
    return statement.format(
        sql.Identifier(schema, table),
        sql.SQL(", ").join(map(sql.Identifier, keys)),
        sql.SQL(", ").join(sql.Placeholder() * len(keys)),
    )


async def _commit(conn: psycopg.AsyncConnection[Any], mode: str | None) -> None:
    if mode == "read":
        await conn.rollback()
        return
    try:
        await conn.commit()
    except psycopg.OperationalError as exc:
        # The server may have committed before the connection broke: a retry could apply
        # the write twice, so a person has to look.
        raise NodeError(
            f"the connection broke while committing ({type(exc).__name__}); the write may or "
            "may not have been applied: check the data before running the node again",
            retryable=False,
        ) from exc


def bind_parameters(parameters: list[Any] | dict[str, Any] | None) -> Any:
    """`parameters` of a query, each value ready for psycopg."""
    if isinstance(parameters, dict):
        return {name: bind(value) for name, value in parameters.items()}
    return None if parameters is None else [bind(value) for value in parameters]


def bind(value: Any) -> Any:
    """A config value ready for psycopg: objects become jsonb, the rest binds as is."""
    if isinstance(value, dict):
        return Jsonb(value)
    if isinstance(value, list):
        return [bind(v) for v in value]
    return value


def bind_column(value: Any, data_type: str) -> Any:
    """A row value for a column of `data_type` (information_schema's name)."""
    if data_type in ("json", "jsonb") and value is not None:
        return Jsonb(value)
    return bind(value)


def json_safe(value: Any) -> Any:
    """A database value as JSON: ISO dates, exact decimals as numbers, bytes as base64."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        # A number when a float holds it exactly (prices, counts); else the exact text.
        if value.is_finite() and decimal.Decimal(repr(float(value))) == value:
            return float(value)
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)  # inet, ranges, enums of extensions...
