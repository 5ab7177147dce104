"""file.write_csv and file.write_excel: rows → new files, read back by real readers."""

import csv
import io

from openpyxl import load_workbook

from tests.activities.files_conftest import config_errors, one_node, read
from tests.utils.graphs import chain, node, run_graph, start_graph
from tests.utils.runs import node_failure

ROWS = [
    {"id": 1, "name": "Ada", "tags": ["a", "b"], "note": '=HYPERLINK("http://evil")'},
    {"id": 2, "name": "Zoë", "extra": True, "note": None},
]


async def test_csv_written_and_read_back(client, settings, worker, blobs):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "write",
                "file.write_csv",
                {"rows": "{{ inputs.rows }}", "file_name": "../../out.csv", "delimiter": ";"},
            ),
            node(
                "parse",
                "file.parse_csv",
                {"file": "{{ nodes.write.output.file }}", "delimiter": ";", "infer_types": False},
            ),
        ],
        "edges": chain("start", "write", "parse"),
    }
    result = await run_graph(client, settings, graph, {"rows": ROWS})

    written = result.output["parse"]
    ref = result.nodes["write"].output["file"]
    assert (ref["name"], ref["content_type"]) == ("out.csv", "text/csv")
    assert result.nodes["write"].output["row_count"] == 2
    # Temporal's JSON sorts keys; configure `columns` for a chosen order.
    assert written["columns"] == ["id", "name", "note", "tags", "extra"]
    assert written["rows"][0] == {
        "id": "1",
        "name": "Ada",
        "tags": '["a", "b"]',
        "note": '\'=HYPERLINK("http://evil")',
        "extra": "",
    }
    assert written["rows"][1]["extra"] == "True"


async def test_csv_columns_header_and_encoding(client, settings, worker, blobs):
    config = {
        "rows": ROWS,
        "columns": ["name", "id"],
        "include_header": False,
        "encoding": "utf-16",
    }
    result = await run_graph(client, settings, one_node("file.write_csv", config))

    data = await read(blobs, result.output["n"]["file"])
    assert list(csv.reader(io.StringIO(data.decode("utf-16")))) == [["Ada", "1"], ["Zoë", "2"]]


INJECTIONS = [
    {"cell": "=1+2", "n": -5},
    {"cell": "+SUM(A1)", "n": 3.5},
    {"cell": "-2+3", "n": -0.5},
    {"cell": "@cmd", "n": 0},
    {"cell": "\tTAB", "n": 1},
    {"cell": "\rCR", "n": 2},
    {"cell": "safe = text", "n": -7},
]


async def test_csv_neutralizes_formulas_by_default_and_keeps_numbers(
    client, settings, worker, blobs
):
    config = {"rows": INJECTIONS, "columns": ["cell", "n", "=evil header"]}
    result = await run_graph(client, settings, one_node("file.write_csv", config))
    data = await read(blobs, result.output["n"]["file"])
    table = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert table[0] == ["cell", "n", "'=evil header"]
    assert table[1:] == [
        ["'=1+2", "-5", ""],
        ["'+SUM(A1)", "3.5", ""],
        ["'-2+3", "-0.5", ""],
        ["'@cmd", "0", ""],
        ["'\tTAB", "1", ""],
        ["'\rCR", "2", ""],
        ["safe = text", "-7", ""],
    ]

    raw = {"rows": INJECTIONS[:2], "columns": ["cell", "n"], "neutralize_formulas": False}
    result = await run_graph(client, settings, one_node("file.write_csv", raw))
    data = await read(blobs, result.output["n"]["file"])
    table = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert table == [["cell", "n"], ["=1+2", "-5"], ["+SUM(A1)", "3.5"]]


async def test_excel_neutralizes_formulas_and_keeps_numbers(client, settings, worker, blobs):
    config = {"rows": INJECTIONS[:4], "columns": ["cell", "n"]}
    result = await run_graph(client, settings, one_node("file.write_excel", config))
    sheet = load_workbook(io.BytesIO(await read(blobs, result.output["n"]["file"])))["Sheet1"]
    assert [[c.value for c in row] for row in sheet.iter_rows()][1:] == [
        ["'=1+2", -5],
        ["'+SUM(A1)", 3.5],
        ["'-2+3", -0.5],
        ["'@cmd", 0],
    ]
    assert all(sheet[f"A{i}"].data_type == "s" for i in range(2, 6))
    assert all(sheet[f"B{i}"].data_type == "n" for i in range(2, 6))


async def test_csv_value_the_encoding_cannot_hold_fails_at_once(client, settings, worker):
    config = {"rows": [{"name": "Zoë 😀"}], "encoding": "latin-1"}
    error = await node_failure(
        await start_graph(client, settings, one_node("file.write_csv", config))
    )
    assert (
        "cannot be written as latin-1" in error.message
        and "choose another `encoding`" in error.message
    )
    assert error.details[0]["nodes"]["n"]["attempt"] == 1


async def test_rows_that_are_not_objects_fail_at_once(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("write", "file.write_excel", {"rows": "{{ inputs.rows }}"}),
        ],
        "edges": chain("start", "write"),
    }
    error = await node_failure(await start_graph(client, settings, graph, {"rows": [{"a": 1}, 7]}))
    assert "`rows[1]` must be an object" in error.message
    assert error.details[0]["nodes"]["write"]["attempt"] == 1


async def test_excel_written_with_text_kept_as_text(client, settings, worker, blobs):
    config = {"rows": ROWS, "sheet_name": "Export", "file_name": "export.xlsx"}
    result = await run_graph(client, settings, one_node("file.write_excel", config))

    ref = result.output["n"]["file"]
    assert ref["name"] == "export.xlsx" and ref["content_type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(await read(blobs, ref)))["Export"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["id", "name", "note", "tags", "extra"],
        [1, "Ada", '\'=HYPERLINK("http://evil")', '["a", "b"]', None],
        [2, "Zoë", None, None, True],
    ]
    assert sheet["C2"].data_type == "s", "data that looks like a formula must stay text"


async def test_excel_sheet_name_checked_at_run_time(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("write", "file.write_excel", {"rows": ROWS, "sheet_name": "{{ inputs.sheet }}"}),
        ],
        "edges": chain("start", "write"),
    }
    error = await node_failure(await start_graph(client, settings, graph, {"sheet": "a/b"}))
    assert "`sheet_name` 'a/b' is not allowed" in error.message
    assert error.details[0]["nodes"]["write"]["attempt"] == 1


def test_write_config_is_checked_when_saved():
    errors = config_errors(one_node("file.write_excel", {"sheet_name": "a/b"}))
    assert "'rows' is a required property" in errors["config"]
    assert "config.sheet_name" in errors
    errors = config_errors(one_node("file.write_csv", {"rows": 5, "columns": "id"}))
    assert {"config.rows", "config.columns"} <= set(errors)
