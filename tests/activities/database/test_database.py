"""postgres.query and postgres.insert against the machine's PostgreSQL, through the real API."""

import uuid

from activities import NODE_TYPES
from interpreter import validate_graph
from tests.activities.comms_conftest import create_credential, run_nodes
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import edge, node
from tests.utils.runs import FAST_RETRY
from worker.dev_server import free_port

SECRET = f"pg-{uuid.uuid4().hex}"
RETRY3 = {**FAST_RETRY, "max_attempts": 3}


def table_name() -> str:
    return f"t_{uuid.uuid4().hex[:10]}"


async def postgres(api, scratch_database, **overrides) -> str:
    # Trust auth ignores the password; it is there to prove it never shows up anywhere.
    data = {**scratch_database.credential(), "password": SECRET, **overrides}
    return await create_credential(api, "postgres", data)


def query(node_id: str, credential: str, sql: str, **config) -> dict:
    retry = config.pop("retry", RETRY3)
    return node(
        node_id,
        "postgres.query",
        {"credential_id": credential, "sql": sql, **config},
        retry=retry,
        continue_on_error=True,
    )


def errors_of(config: dict, node_type: str = "postgres.query") -> list[tuple[str, str]]:
    graph = {"nodes": [node("q", node_type, config)], "edges": []}
    return [(e.field, e.message) for e in validate_graph(graph, NODE_TYPES, max_nodes=10)]


def test_bad_configs_are_refused_at_save_time():
    credential = str(uuid.uuid4())
    templated = errors_of({"credential_id": credential, "sql": "SELECT '{{ inputs.name }}'"})
    assert templated == [
        ("config", "'sql must not contain {{ }} expressions: put values in parameters' "
         "is a required property")
    ]  # fmt: skip
    assert errors_of({"credential_id": credential, "sql": "SELECT %s", "parameters": [1]}) == []
    assert (
        errors_of(
            {"credential_id": credential, "sql": "SELECT %s", "parameters": ["{{ inputs.name }}"]}
        )
        == []
    )
    assert [f for f, _ in errors_of({"credential_id": credential, "sql": "x", "mode": "drop"})] == [
        "config.mode"
    ]
    assert [f for f, _ in errors_of({"credential_id": credential})] == ["config"]
    timeout = {"credential_id": credential, "sql": "x", "statement_timeout_seconds": 0}
    assert [f for f, _ in errors_of(timeout)] == ["config.statement_timeout_seconds"]
    insert = {"credential_id": credential, "table": "t", "rows": "not rows"}
    assert [f for f, _ in errors_of(insert, "postgres.insert")] == ["config.rows"]


async def test_read_returns_rows_as_json(api, scratch_database):
    table = table_name()
    scratch_database.execute(
        f"CREATE TABLE {table} (id int, name text, born date, at timestamptz, price numeric,"
        " big numeric, data jsonb, raw bytea, uid uuid, tags text[])"
    )
    scratch_database.execute(
        f"INSERT INTO {table} VALUES (1, 'Ada', '1815-12-10', '2024-05-01 10:00+00', 12.50,"
        " 12345678901234567890.123456789, '{\"k\": [1, 2]}', '\\x00ff',"
        " '8c7f2a4e-0000-4000-8000-000000000001', '{a,b}'), (2, 'Bob', NULL, NULL, 1, 1,"
        " NULL, NULL, NULL, NULL)"
    )
    credential = await postgres(api, scratch_database)
    body = await run_nodes(
        api,
        query("by_list", credential, f"SELECT * FROM {table} WHERE id = %s", parameters=[1]),
        query(
            "by_name",
            credential,
            f"SELECT name FROM {table} WHERE name = ANY(%(names)s) ORDER BY id",
            parameters={"names": ["{{ inputs.first }}", "Bob"]},
            mode="read",
            max_rows=1,
        ),
        inputs={"first": "Ada"},
    )

    assert body["status"] == "completed", body
    assert body["nodes"]["by_list"]["output"] == {
        "row_count": 1,
        "truncated": False,
        "rows": [
            {
                "id": 1,
                "name": "Ada",
                "born": "1815-12-10",
                "at": "2024-05-01T10:00:00+00:00",
                "price": 12.5,
                "big": "12345678901234567890.123456789",
                "data": {"k": [1, 2]},
                "raw": "AP8=",
                "uid": "8c7f2a4e-0000-4000-8000-000000000001",
                "tags": ["a", "b"],
            }
        ],
    }
    assert body["nodes"]["by_name"]["output"] == {
        "row_count": 2,
        "rows": [{"name": "Ada"}],
        "truncated": True,
    }


async def test_write_counts_rows_and_injection_is_inert(api, scratch_database):
    table = table_name()
    scratch_database.execute(f"CREATE TABLE {table} (id serial, name text)")
    credential = await postgres(api, scratch_database)
    attack = f"x'); DROP TABLE {table}; --"
    body = await run_nodes(
        api,
        query(
            "write",
            credential,
            f"INSERT INTO {table} (name) VALUES (%s), (%s) RETURNING id",
            parameters=["{{ inputs.name }}", "plain"],
            mode="write",
        ),
        inputs={"name": attack},
    )

    assert body["nodes"]["write"]["output"] == {
        "row_count": 2,
        "rows": [{"id": 1}, {"id": 2}],
        "truncated": False,
    }
    assert scratch_database.execute(f"SELECT name FROM {table} ORDER BY id") == [
        (attack,),
        ("plain",),
    ]


async def test_insert_checks_columns_and_skips_conflicts(api, scratch_database):
    table = table_name()
    scratch_database.execute(
        f"CREATE TABLE {table} (id int PRIMARY KEY, email text NOT NULL, tags jsonb,"
        " source text NOT NULL DEFAULT 'import')"
    )
    credential = await postgres(api, scratch_database)

    def insert(node_id: str, rows, **config) -> dict:
        config = {"credential_id": credential, "table": table, "rows": rows, **config}
        return node(node_id, "postgres.insert", config, retry=RETRY3, continue_on_error=True)

    body = await run_nodes(
        api,
        insert(
            "load",
            [
                {"id": 1, "email": "ada@example.com", "tags": {"vip": True}},
                {"id": 2, "email": "'); DROP TABLE x; --", "source": "api"},
                {"id": 1, "email": "again@example.com"},
            ],
            on_conflict="do_nothing",
        ),
        insert("unknown", [{"id": 9, "email": "e", "emial": "typo", "nope": 1}]),
        insert("missing_table", [{"id": 1}], table=f"{table}; DROP TABLE {table}"),
    )

    nodes = body["nodes"]
    assert nodes["load"]["output"] == {"row_count": 2}
    assert scratch_database.execute(f"SELECT id, email, tags, source FROM {table} ORDER BY id") == [
        (1, "ada@example.com", {"vip": True}, "import"),
        (2, "'); DROP TABLE x; --", None, "api"),
    ]
    assert (nodes["unknown"]["status"], nodes["unknown"]["attempt"]) == ("failed", 1)
    assert "no column 'emial', 'nope'" in nodes["unknown"]["error"]
    assert "its columns are id, email, tags, source" in nodes["unknown"]["error"]
    assert (nodes["missing_table"]["status"], nodes["missing_table"]["attempt"]) == ("failed", 1)
    assert "does not exist" in nodes["missing_table"]["error"]


async def test_insert_reads_large_upstream_rows_from_the_blob_store(api, scratch_database):
    table = table_name()
    scratch_database.execute(f"CREATE TABLE {table} (id int, email text)")
    credential = await postgres(api, scratch_database)
    source = query(
        "source",
        credential,
        "SELECT g AS id, repeat('x', 100) || '@example.com' AS email"
        " FROM generate_series(1, 2000) AS g",
        max_rows=5000,
    )
    insert = node(
        "load",
        "postgres.insert",
        {"credential_id": credential, "table": table, "rows": "{{ nodes.source.output.rows }}"},
    )
    graph = {
        "nodes": [node("start", "trigger.manual"), source, insert],
        "edges": [edge("start", "source"), edge("source", "load")],
    }
    workflow = await create_workflow(api, graph)
    run = await wait_for_run(api, (await start_run(api, workflow["id"]))["id"])

    assert run["status"] == "completed", run
    assert "$blob" in run["nodes"]["source"]["output"]["rows"], "claim-checked, not inline"
    assert run["nodes"]["load"]["output"] == {"row_count": 2000}
    assert scratch_database.execute(f"SELECT count(*), max(id) FROM {table}") == [(2000, 2000)]


async def test_serialization_failure_is_retried_until_it_passes(api, scratch_database):
    # A sequence is not rolled back with the failed transaction: it counts attempts.
    name = table_name()
    scratch_database.execute(f"CREATE SEQUENCE {name}_calls")
    scratch_database.execute(
        f"CREATE FUNCTION {name}() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
        f"IF nextval('{name}_calls') = 1 THEN RAISE EXCEPTION 'could not serialize access' "
        "USING ERRCODE = 'serialization_failure'; END IF; RETURN 1; END $$"
    )
    credential = await postgres(api, scratch_database)
    body = await run_nodes(api, query("flaky", credential, f"SELECT {name}() AS ok"))

    assert body["status"] == "completed", body
    assert body["nodes"]["flaky"]["attempt"] == 2
    assert body["nodes"]["flaky"]["output"]["rows"] == [{"ok": 1}]


async def test_timeouts_and_unreachable_servers_are_retried(api, scratch_database):
    credential = await postgres(api, scratch_database)
    nowhere = await postgres(api, scratch_database, port=free_port())
    retry = {**FAST_RETRY, "max_attempts": 2}
    body = await run_nodes(
        api,
        query("slow", credential, "SELECT pg_sleep(5)", statement_timeout_seconds=0.2, retry=retry),
        query("down", nowhere, "SELECT 1", retry=retry),
    )

    slow, down = body["nodes"]["slow"], body["nodes"]["down"]
    assert (slow["status"], slow["attempt"]) == ("failed", 2)
    assert "57014" in slow["error"] and "statement_timeout_seconds" in slow["error"]
    assert (down["status"], down["attempt"]) == ("failed", 2)
    assert "Connection refused" in down["error"] and "will retry" in down["error"]


async def test_errors_retrying_cannot_fix_fail_at_once(api, scratch_database):
    table = table_name()
    scratch_database.execute(f"CREATE TABLE {table} (id int PRIMARY KEY)")
    scratch_database.execute(f"INSERT INTO {table} VALUES (1)")
    credential = await postgres(api, scratch_database)
    reader = await postgres(api, scratch_database, user=scratch_database.reader)
    cases = {
        "syntax": (credential, "SELEC 1", {}, "42601"),
        "no_table": (credential, "SELECT * FROM nope_missing", {}, "table does not exist"),
        "no_column": (credential, f"SELECT nope FROM {table}", {}, "42703"),
        "denied": (reader, f"SELECT * FROM {table}", {}, "lacks a privilege"),
        "duplicate": (credential, f"INSERT INTO {table} VALUES (%s)", {"parameters": [1]}, "23505"),
        "read_only": (
            credential,
            f"DELETE FROM {table}",
            {"mode": "read"},
            "set mode to 'write'",
        ),
        "placeholders": (credential, "SELECT %s, %s", {"parameters": [1]}, "2 placeholders"),
        "bad_parameters": (
            credential,
            "SELECT %s",
            {"parameters": "{{ inputs.text }}"},
            "config.parameters must be a list or an object",
        ),
    }
    body = await run_nodes(
        api,
        *(query(name, cred, sql, **extra) for name, (cred, sql, extra, _) in cases.items()),
        inputs={"text": "a string, not a list"},
    )

    assert body["status"] == "completed", body
    for name, (_, _, _, expected) in cases.items():
        state = body["nodes"][name]
        assert (state["status"], state["attempt"]) == ("failed", 1), (name, state)
        assert expected in state["error"], (name, state["error"])
    assert scratch_database.execute(f"SELECT count(*) FROM {table}") == [(1,)]
    assert SECRET not in str(body)


async def test_templated_sql_is_refused_by_the_api(api, scratch_database):
    credential = await postgres(api, scratch_database)
    graph = {
        "nodes": [
            node(
                "q", "postgres.query", {"credential_id": credential, "sql": "SELECT {{ inputs.x }}"}
            )
        ],
        "edges": [],
    }
    response = await api.post("/api/workflows", json={"name": "templated", "graph": graph})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["node_id"] == "q" and "sql must not contain {{ }}" in error["msg"]
