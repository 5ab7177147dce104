"""file.parse_csv, file.parse_excel, file.parse_json on real files in the blob store."""

import datetime as dt
import json

from tests.activities.files_conftest import config_errors, make_xlsx, one_node, put, read
from tests.utils.graphs import chain, node, run_graph, start_graph
from tests.utils.runs import node_failure

ORDERS_CSV = (
    "id,customer,total,paid,note\n"
    '1,Ada,12.5,true,"first, with comma"\n'
    "2,Grace,,false,\n"
    "3,Zoë,7,true,ünïcode\n"
).encode()


async def test_csv_from_an_upstream_file(client, settings, worker, blobs):
    ref = await put(blobs, "orders.csv", ORDERS_CSV)
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("parse", "file.parse_csv", {"file": "{{ inputs.file }}"}),
        ],
        "edges": chain("start", "parse"),
    }
    result = await run_graph(client, settings, graph, {"file": ref})

    output = result.output["parse"]
    assert output["columns"] == ["id", "customer", "total", "paid", "note"]
    assert output["row_count"] == 3
    assert output["rows"] == [
        {"id": 1, "customer": "Ada", "total": 12.5, "paid": True, "note": "first, with comma"},
        {"id": 2, "customer": "Grace", "total": None, "paid": False, "note": None},
        {"id": 3, "customer": "Zoë", "total": 7.0, "paid": True, "note": "ünïcode"},
    ]


async def test_csv_options(client, settings, worker, blobs):
    data = "Müller;3;x\nO'Brien;;y\nLast;9;z\n".encode("latin-1")
    ref = await put(blobs, "people.csv", data)
    config = {
        "file": ref,
        "delimiter": ";",
        "has_header": False,
        "encoding": "latin-1",
        "infer_types": False,
        "max_rows": 2,
    }
    result = await run_graph(client, settings, one_node("file.parse_csv", config))

    assert result.output["n"] == {
        "rows": [
            {"column_1": "Müller", "column_2": "3", "column_3": "x"},
            {"column_1": "O'Brien", "column_2": "", "column_3": "y"},
        ],
        "row_count": 2,
        "columns": ["column_1", "column_2", "column_3"],
    }


async def test_csv_inline_content_and_an_empty_file(client, settings, worker, blobs):
    graph = {
        "nodes": [
            node("text", "file.parse_csv", {"content": "a\tb\n1\t2\n", "delimiter": "\t"}),
            node("empty", "file.parse_csv", {"file": await put(blobs, "empty.csv", b"")}),
        ],
        "edges": [],
    }
    result = await run_graph(client, settings, graph)

    assert result.output["text"]["rows"] == [{"a": 1, "b": 2}]
    assert result.output["empty"] == {"rows": [], "row_count": 0, "columns": []}


async def test_csv_rows_above_the_inline_limit_become_a_file(client, settings, worker, blobs):
    lines = ["sku,name,qty"] + [f"S{i:06d},item number {i},{i % 17}" for i in range(20_000)]
    ref = await put(blobs, "big.csv", "\n".join(lines).encode())
    result = await run_graph(client, settings, one_node("file.parse_csv", {"file": ref}))

    output = result.output["n"]
    assert output["row_count"] == 20_000 and output["columns"] == ["sku", "name", "qty"]
    rows_ref = output["rows"]
    assert rows_ref["content_type"] == "application/json" and rows_ref["name"] == "big.rows.json"
    rows = json.loads(await read(blobs, rows_ref))
    assert len(rows) == 20_000
    assert rows[12_345] == {"sku": "S012345", "name": "item number 12345", "qty": 12_345 % 17}


def test_csv_config_is_checked_when_saved():
    errors = config_errors(
        one_node("file.parse_csv", {"content": "a", "delimiter": "::", "max_rows": 0})
    )
    assert "is too long" in errors["config.delimiter"]
    assert "config.max_rows" in errors
    both = config_errors(one_node("file.parse_csv", {"content": "a", "file": {"$blob": "x"}}))
    assert "config" in both
    assert "config.file" in config_errors(one_node("file.parse_csv", {"file": "orders.csv"}))
    assert config_errors(one_node("file.parse_csv", {"file": "{{ inputs.file }}"})) == {}


async def test_csv_file_that_is_not_a_reference_fails_at_once(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("parse", "file.parse_csv", {"file": "{{ inputs.name }}"}),
        ],
        "edges": chain("start", "parse"),
    }
    error = await node_failure(await start_graph(client, settings, graph, {"name": "orders.csv"}))

    assert "`file` must be a file reference from an upstream node" in error.message
    assert error.details[0]["nodes"]["parse"]["attempt"] == 1


async def test_csv_in_the_wrong_encoding_fails_without_retrying(client, settings, worker, blobs):
    ref = await put(blobs, "latin.csv", "name\nMüller\n".encode("latin-1"))
    handle = await start_graph(client, settings, one_node("file.parse_csv", {"file": ref}))
    error = await node_failure(handle)

    assert "not utf-8 text" in error.message and "set `encoding`" in error.message
    assert error.details[0]["nodes"]["n"]["attempt"] == 1


WORKBOOK = {
    "Summary": [["total"], [42]],
    "Orders": [
        ["id", "placed", "amount", "note"],
        [1, dt.datetime(2024, 3, 1, 9, 30), 10.5, "first"],
        [2, dt.datetime(2024, 3, 2), None, "two"],
    ],
}


async def test_excel_sheet_by_name_and_by_position(client, settings, worker, blobs):
    ref = await put(blobs, "book.xlsx", make_xlsx(WORKBOOK))
    graph = {
        "nodes": [
            node("orders", "file.parse_excel", {"file": ref, "sheet": "Orders"}),
            node("first", "file.parse_excel", {"file": ref}),
            node("text", "file.parse_excel", {"file": ref, "sheet": 1, "infer_types": False}),
        ],
        "edges": [],
    }
    result = await run_graph(client, settings, graph)

    orders = result.output["orders"]
    assert orders["sheet"] == "Orders" and orders["sheets"] == ["Summary", "Orders"]
    assert orders["columns"] == ["id", "placed", "amount", "note"]
    assert orders["rows"] == [
        {"id": 1, "placed": "2024-03-01T09:30:00", "amount": 10.5, "note": "first"},
        {"id": 2, "placed": "2024-03-02T00:00:00", "amount": None, "note": "two"},
    ]
    assert result.output["first"]["rows"] == [{"total": 42}]
    assert result.output["text"]["rows"][0]["id"] == "1"


async def test_excel_missing_sheet_names_the_sheets(client, settings, worker, blobs):
    ref = await put(blobs, "book.xlsx", make_xlsx(WORKBOOK))
    for sheet, expected in [("Nope", "'Summary', 'Orders'"), (5, "has 2 sheet(s)")]:
        handle = await start_graph(
            client, settings, one_node("file.parse_excel", {"file": ref, "sheet": sheet})
        )
        error = await node_failure(handle)
        assert "`sheet`" in error.message and expected in error.message
        assert error.details[0]["nodes"]["n"]["attempt"] == 1


async def test_excel_of_a_file_that_is_not_a_workbook(client, settings, worker, blobs):
    ref = await put(blobs, "orders.xlsx", ORDERS_CSV)
    error = await node_failure(
        await start_graph(client, settings, one_node("file.parse_excel", {"file": ref}))
    )
    assert "not an Excel .xlsx workbook" in error.message
    assert error.details[0]["nodes"]["n"]["attempt"] == 1


def test_excel_config_is_checked_when_saved():
    errors = config_errors(one_node("file.parse_excel", {"sheet": -1}))
    assert "'file' is a required property" in errors["config"]
    assert "config.sheet" in errors


async def test_json_from_a_file_and_from_text(client, settings, worker, blobs):
    ref = await put(blobs, "data.json", json.dumps({"items": [1, 2], "ok": True}).encode())
    graph = {
        "nodes": [
            node("file", "file.parse_json", {"file": ref}),
            node("text", "file.parse_json", {"content": '[{"a": null}]'}),
        ],
        "edges": [],
    }
    result = await run_graph(client, settings, graph)

    assert result.output["file"] == {"data": {"items": [1, 2], "ok": True}}
    assert result.output["text"] == {"data": [{"a": None}]}


async def test_invalid_json_names_the_position(client, settings, worker):
    handle = await start_graph(
        client, settings, one_node("file.parse_json", {"content": '{\n  "a": 1,\n}'})
    )
    error = await node_failure(handle)
    assert "not valid JSON" in error.message and "line 3 column 1" in error.message
    assert error.details[0]["nodes"]["n"]["attempt"] == 1


def test_json_config_is_checked_when_saved():
    assert "config" in config_errors(one_node("file.parse_json", {}))
    assert "config.content" in config_errors(one_node("file.parse_json", {"content": 5}))
