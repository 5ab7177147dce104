"""Postgres v2 → postgres.query / postgres.insert."""

from importers.n8n import convert

from ._export import MANUAL, chain, node

PG = "n8n-nodes-base.postgres"
CRED = {"postgres": {"id": "1", "name": "Main DB"}}


def _one(parameters: dict, version: float = 2.5):
    result = convert(chain(MANUAL, node("DB", PG, version, parameters, credentials=CRED)))
    graph_node = next((n for n in result.graph["nodes"] if n["data"]["label"] == "DB"), None)
    lines = [line for line in result.report if line.node == "DB"]
    return graph_node, lines, result


def test_execute_query_binds_query_parameters_by_name() -> None:
    graph_node, lines, result = _one(
        {
            "operation": "executeQuery",
            "query": "SELECT * FROM t WHERE a = $1 AND b LIKE 'x%' AND c = $2 OR d = $1",
            "options": {"queryReplacement": "={{ $json.a }}, {{ $json.b.join(',') }}"},
        }
    )
    config = graph_node["data"]["config"]
    assert graph_node["type"] == "postgres.query"
    assert config["sql"] == (
        "SELECT * FROM t WHERE a = %(p1)s AND b LIKE 'x%%' AND c = %(p2)s OR d = %(p1)s"
    )
    assert config["parameters"] == {
        "p1": "{{ nodes.start.output.a }}",
        "p2": "{{ join(',', nodes.start.output.b) }}",
    }
    assert config["credential_id"] == "<placeholder:postgres:Main DB>"
    assert [c.sluice_type for c in result.credentials] == ["postgres"]
    assert lines[-1].status == "converted" and "first row" in lines[-1].message


def test_inline_expressions_become_bound_parameters() -> None:
    graph_node, lines, _ = _one(
        {"operation": "executeQuery", "query": "=SELECT * FROM t WHERE name = '{{ $json.n }}'"}
    )
    config = graph_node["data"]["config"]
    assert config["sql"] == "SELECT * FROM t WHERE name = %(e1)s"
    assert config["parameters"] == {"e1": "{{ nodes.start.output.n }}"}
    assert lines[0].status == "approximated" and lines[0].parameter == "query"


def test_missing_query_parameter_is_unsupported() -> None:
    _, lines, _ = _one({"operation": "executeQuery", "query": "SELECT $1, $2", "options": {}})
    assert lines[0].status == "unsupported" and "$1, $2" in lines[0].message


def test_insert_defaults_to_the_insert_operation_and_public_schema() -> None:
    graph_node, lines, _ = _one(
        {
            "table": {"__rl": True, "value": "orders", "mode": "list"},
            "columns": {"mappingMode": "defineBelow", "value": {"id": "={{ $json.id }}"}},
            "options": {"skipOnConflict": True},
        }
    )
    assert graph_node["type"] == "postgres.insert"
    assert graph_node["data"]["config"] == {
        "credential_id": "<placeholder:postgres:Main DB>",
        "schema": "public",
        "table": "orders",
        "rows": [{"id": "{{ nodes.start.output.id }}"}],
        "on_conflict": "do_nothing",
    }
    assert lines[-1].status == "converted"


def test_insert_v2_0_auto_maps_the_input_items() -> None:
    graph_node, lines, _ = _one({"table": {"__rl": True, "value": "orders"}}, version=2)
    assert graph_node["data"]["config"]["rows"] == "{{ [nodes.start.output] }}"
    assert lines[0].status == "approximated"


def test_select_builds_quoted_sql_with_bound_values_and_the_default_limit() -> None:
    graph_node, _, _ = _one(
        {
            "operation": "select",
            "table": {"__rl": True, "value": "my table"},
            "where": {"values": [{"column": "a", "condition": ">", "value": "={{ $json.x }}"}]},
            "combineConditions": "OR",
        }
    )
    config = graph_node["data"]["config"]
    assert config["sql"] == 'SELECT * FROM "public"."my table" WHERE "a" > %(w1)s LIMIT 50'
    assert config["parameters"] == {"w1": "{{ nodes.start.output.x }}"}
    assert config["mode"] == "read"


def test_update_matches_on_the_matching_columns() -> None:
    graph_node, _, _ = _one(
        {
            "operation": "update",
            "table": {"__rl": True, "value": "orders"},
            "columns": {
                "mappingMode": "defineBelow",
                "value": {"id": "={{ $json.id }}", "status": "paid"},
                "matchingColumns": ["id"],
            },
        }
    )
    config = graph_node["data"]["config"]
    assert (
        config["sql"]
        == 'UPDATE "public"."orders" SET "status" = %(v2)s WHERE "id" = %(v1)s RETURNING *'
    )
    assert config["parameters"] == {"v1": "{{ nodes.start.output.id }}", "v2": "paid"}
    assert config["mode"] == "write"


def test_upsert_is_unsupported_with_what_to_do() -> None:
    _, lines, _ = _one({"operation": "upsert", "table": {"__rl": True, "value": "t"}})
    assert lines[0].status == "unsupported" and "ON CONFLICT" in lines[0].message


def test_v1_execute_query_binds_the_listed_properties() -> None:
    graph_node, lines, _ = _one(
        {
            "operation": "executeQuery",
            "query": "SELECT * FROM t WHERE a = $1 AND b = $2",
            "additionalFields": {"queryParams": "a, b c"},
        },
        version=1,
    )
    config = graph_node["data"]["config"]
    assert config["sql"] == "SELECT * FROM t WHERE a = %(p1)s AND b = %(p2)s"
    assert config["parameters"] == {
        "p1": "{{ nodes.start.output.a }}",
        "p2": '{{ nodes.start.output."b c" }}',
    }
    assert lines[-1].status == "converted"


def test_v1_insert_picks_the_columns_of_every_item_and_update_uses_the_key() -> None:
    graph_node, _, _ = _one({"table": "orders", "columns": "id:int,name"}, version=1)
    assert graph_node["type"] == "postgres.insert"
    assert graph_node["data"]["config"] == {
        "credential_id": "<placeholder:postgres:Main DB>",
        "schema": "public",
        "table": "orders",
        "rows": '{{ [nodes.start.output][*].{"id": "id", "name": "name"} }}',
    }
    graph_node, lines, _ = _one(
        {"operation": "update", "table": "orders", "columns": "id,status"}, version=1
    )
    config = graph_node["data"]["config"]
    assert config["sql"] == (
        'UPDATE "public"."orders" SET "status" = %(v2)s WHERE "id" = %(v1)s RETURNING *'
    )
    assert config["parameters"] == {
        "v1": '{{ nodes.start.output."id" }}',
        "v2": '{{ nodes.start.output."status" }}',
    }
    assert lines[0].status == "approximated"


def test_downstream_json_reads_the_first_row_and_all_reads_rows() -> None:
    set_node = node(
        "Use",
        "n8n-nodes-base.set",
        3.4,
        {
            "assignments": {
                "assignments": [
                    {"name": "first", "value": "={{ $json.email }}"},
                    {"name": "all", "value": "={{ $('DB').all() }}"},
                ]
            }
        },
    )
    db = node("DB", PG, 2.5, {"operation": "executeQuery", "query": "SELECT 1"}, credentials=CRED)
    result = convert(chain(MANUAL, db, set_node))
    fields = result.graph["nodes"][-1]["data"]["config"]["fields"]
    assert fields == {
        "first": "{{ nodes.db.output.rows[0].email }}",
        "all": "{{ nodes.db.output.rows }}",
    }


def test_downstream_json_of_an_insert_reads_the_inserted_values() -> None:
    db = node(
        "DB",
        PG,
        2.5,
        {
            "table": {"__rl": True, "value": "t"},
            "columns": {"mappingMode": "defineBelow", "value": {"a": "={{ $json.x }}", "k": 3}},
        },
        credentials=CRED,
    )
    use = node(
        "Use",
        "n8n-nodes-base.set",
        3.4,
        {
            "assignments": {
                "assignments": [
                    {"name": "a", "value": "={{ $json.a }}"},
                    {"name": "k", "value": "={{ $json.k }}"},
                ]
            }
        },
    )
    result = convert(chain(MANUAL, db, use))
    fields = result.graph["nodes"][-1]["data"]["config"]["fields"]
    assert fields == {"a": "{{ nodes.start.output.x }}", "k": "{{ `3` }}"}


def test_auto_mapped_insert_keeps_the_columns_the_export_lists() -> None:
    graph_node, lines, _ = _one(
        {
            "table": {"__rl": True, "value": "t"},
            "columns": {
                "mappingMode": "autoMapInputData",
                "value": {},
                "schema": [{"id": "a"}, {"id": "b c"}, {"id": "gone", "removed": True}],
            },
        }
    )
    assert graph_node["data"]["config"]["rows"] == (
        '{{ [nodes.start.output][*].{"a": "a", "b c": "b c"} }}'
    )
    assert lines[0].status == "approximated"


def test_defined_insert_after_a_list_of_items_says_only_one_row_is_inserted() -> None:
    query = node("Q", PG, 2.5, {"operation": "executeQuery", "query": "SELECT 1"}, credentials=CRED)
    insert = node(
        "DB",
        PG,
        2.5,
        {
            "table": {"__rl": True, "value": "t"},
            "columns": {"mappingMode": "defineBelow", "value": {"a": "={{ $json.a }}"}},
        },
        credentials=CRED,
    )
    result = convert(chain(MANUAL, query, insert))
    lines = [line for line in result.report if line.node == "DB"]
    assert lines[0].status == "approximated" and "one row per input item" in lines[0].message
