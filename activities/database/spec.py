"""The database node family's declarations: node types, schemas and defaults (no I/O)."""

from interpreter import NodeType, RetrySpec

_CREDENTIAL = {
    "type": "string",
    "format": "uuid",
    "description": "A PostgreSQL credential (host, database, user, password).",
}

_NO_SQL_EXPRESSIONS = "sql must not contain {{ }} expressions: put values in parameters"

POSTGRES_QUERY = NodeType(
    type="postgres.query",
    category="Database",
    label="PostgreSQL query",
    description="Runs one parameterised SQL statement. Values are bound by the server, never "
    "written into the SQL. Connection failures, timeouts, deadlocks and serialization "
    "failures are retried; SQL, permission and constraint errors are not.",
    kind="activity",
    credential_type="postgres",
    retry=RetrySpec(max_attempts=3, initial_interval_seconds=1.0, maximum_interval_seconds=30.0),
    timeout_seconds=330.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_id", "sql"],
        "properties": {
            "credential_id": _CREDENTIAL,
            "sql": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100_000,
                "description": "The statement, with %s placeholders (parameters as a list) or "
                "%(name)s (parameters as an object); write %% for a literal % when there are "
                "parameters. No {{ }} expressions here: upstream data goes in parameters.",
                "examples": [
                    "SELECT id, email FROM customers WHERE country = %s AND created_at > %s",
                    "UPDATE orders SET status = %(status)s WHERE id = %(id)s",
                ],
            },
            "parameters": {
                "type": ["array", "object"],
                "description": "Values bound to the placeholders; may use {{ }} expressions. "
                "Objects bind as jsonb, lists as arrays (e.g. `id = ANY(%s)`).",
                "examples": [["FR", "{{ inputs.since }}"], {"status": "paid", "id": 42}],
            },
            "mode": {
                "enum": ["read", "write"],
                "description": "read: a read-only transaction returning rows; write: committed, "
                "returning the row count (and rows of a RETURNING clause). Omitted: rows when "
                "the statement returns any, else the row count.",
            },
            "statement_timeout_seconds": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 300,
                "default": 30,
                "description": "The server cancels the statement after this long (retried).",
            },
            "max_rows": {
                "type": "integer",
                "minimum": 1,
                "maximum": 100_000,
                "default": 1000,
                "description": "At most this many rows are returned; `truncated` tells.",
            },
        },
        # The validator ignores failures of a value that holds an expression, so the rule
        # sits on the whole config, where it cannot be skipped.
        "if": {"required": ["sql"], "properties": {"sql": {"type": "string", "pattern": "\\{\\{"}}},
        "then": {"required": [_NO_SQL_EXPRESSIONS]},
    },
    output_schema={
        "type": "object",
        "properties": {
            "rows": {
                "type": "array",
                "items": {"type": "object"},
                "description": "Rows as objects by column name: dates as ISO text, decimals as "
                "numbers (as text when a float would round them), bytes as base64.",
            },
            "row_count": {"type": "integer", "description": "Rows returned or changed."},
            "truncated": {"type": "boolean", "description": "More rows than max_rows."},
        },
    },
)

POSTGRES_INSERT = NodeType(
    type="postgres.insert",
    category="Database",
    label="PostgreSQL insert",
    description="Inserts a list of objects into a table; keys must be columns of the table.",
    kind="activity",
    credential_type="postgres",
    retry=RetrySpec(max_attempts=3, initial_interval_seconds=1.0, maximum_interval_seconds=30.0),
    timeout_seconds=330.0,
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["credential_id", "table", "rows"],
        "properties": {
            "credential_id": _CREDENTIAL,
            "schema": {
                "type": "string",
                "minLength": 1,
                "maxLength": 63,
                "default": "public",
                "description": "The table's schema.",
            },
            "table": {
                "type": "string",
                "minLength": 1,
                "maxLength": 63,
                "description": "The table name (quoted as an identifier, never as SQL).",
                "examples": ["orders"],
            },
            "rows": {
                "type": "array",
                "items": {"type": "object"},
                "description": "Objects of column → value; a missing key takes the column's "
                "default.",
                "examples": ["{{ nodes.parse.output.rows }}", [{"id": 1, "email": "a@b.c"}]],
            },
            "on_conflict": {
                "enum": ["error", "do_nothing"],
                "default": "error",
                "description": "do_nothing skips rows that violate a unique constraint.",
            },
        },
    },
    output_schema={
        "type": "object",
        "properties": {"row_count": {"type": "integer", "description": "Rows inserted."}},
    },
)

NODE_TYPES = [POSTGRES_QUERY, POSTGRES_INSERT]
