"""Every file node retries when the blob store cannot be read, and recovers once it can."""

import json

import pytest

from interpreter import RunResult
from tests.activities.files_conftest import (
    make_pdf,
    make_xlsx,
    one_node,
    put,
    unreadable,
    wait_for_attempt,
)
from tests.utils.graphs import result_with_outputs, start_graph
from tests.utils.runs import FAST_RETRY, node_failure

ROWS = [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 5}]

CASES = {
    "file.parse_csv": ("in.csv", b"sku,qty\nA,2\nB,5\n", "file", lambda o: o["rows"] == ROWS),
    "file.parse_excel": (
        "in.xlsx",
        make_xlsx({"S": [["sku", "qty"], ["A", 2], ["B", 5]]}),
        "file",
        lambda o: o["rows"] == ROWS,
    ),
    "file.parse_pdf": ("in.pdf", make_pdf(["hello"]), "file", lambda o: o["page_count"] == 1),
    "file.parse_xml": (
        "in.xml",
        b"<a><b>1</b></a>",
        "file",
        lambda o: o["data"] == {"a": {"b": "1"}},
    ),
    "file.parse_json": ("in.json", json.dumps(ROWS).encode(), "file", lambda o: o["data"] == ROWS),
    "file.write_csv": (
        "rows.json",
        json.dumps(ROWS).encode(),
        "rows",
        lambda o: o["row_count"] == 2,
    ),
    "file.write_excel": (
        "rows.json",
        json.dumps(ROWS).encode(),
        "rows",
        lambda o: o["row_count"] == 2,
    ),
}


@pytest.mark.parametrize("node_type", list(CASES))
async def test_unreadable_blob_is_retried_until_it_reads(
    client, settings, worker, local_blobs, node_type
):
    name, data, field, check = CASES[node_type]
    ref = await put(local_blobs, name, data)
    graph = one_node(node_type, {field: ref}, retry={**FAST_RETRY, "max_attempts": 200})

    with unreadable(local_blobs, ref) as restore:
        handle = await start_graph(client, settings, graph)
        failure_types = await wait_for_attempt(handle, "n", 2)
        restore()
    result = RunResult.from_dict(await result_with_outputs(handle))

    assert {node_type, "BlobUnavailable", "IsADirectoryError"} <= set(failure_types)
    state = result.nodes["n"]
    assert state.status == "succeeded" and state.attempt >= 2
    assert check(state.output), state.output


async def test_the_failure_says_what_went_wrong_but_not_where(
    client, settings, worker, local_blobs
):
    ref = await put(local_blobs, "in.csv", b"a\n1\n")
    with unreadable(local_blobs, ref):
        handle = await start_graph(
            client, settings, one_node("file.parse_csv", {"file": ref}, retry={"max_attempts": 1})
        )
        error = await node_failure(handle)

    assert "could not read file 'in.csv': Is a directory" in error.message
    assert local_blobs.root.name not in error.message, "the store's folder is not for users"
