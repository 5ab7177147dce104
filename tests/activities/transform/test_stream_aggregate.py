"""`transform.aggregate` over claim-checked rows streams them (activities/transform/
stream_aggregate.py), on real Temporal: same output and errors as the pure node, whatever
way the JSON array was written."""

import json

import pytest

from interpreter import AggregateGroups
from tests.activities.files_conftest import put
from tests.activities.transform.test_inline_offload import activities_of, as_csv
from tests.utils.graphs import chain, node, start_graph
from tests.utils.runs import node_failure

REGIONS = ("north", "south", "east", "west", "centre")

TOTALS = {
    "group_by": ["region"],
    "aggregations": [
        {"op": "count"},
        {"op": "sum", "field": "amount", "as": "revenue"},
        {"op": "sum", "field": "units"},
        {"op": "avg", "field": "amount"},
        {"op": "min", "field": "amount"},
        {"op": "max", "field": "label"},
    ],
}


def rows(count: int) -> list[dict]:
    """Ints and floats (sums stay ints where every value is one), text, a few nulls."""
    return [
        {
            "id": i,
            "region": REGIONS[(i * 7) % 5],
            "amount": round((i % 1000) / 10 + 0.1, 2),
            "units": i % 13,
            "label": f"order {i:07d}",
        }
        for i in range(count)
    ]


def pure_aggregate(items: list, config: dict) -> dict:
    """What the interpreter's own aggregate answers (its groups, without the render budget
    that inline configs get)."""
    groups = AggregateGroups(config.get("group_by"), config["aggregations"])
    for index, item in enumerate(items):
        groups.add(item, index)
    found = groups.rows()
    return {"items": found, "count": len(found)}


def graph(aggregate: dict) -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("parse", "file.parse_csv", {"file": "{{ inputs.file }}"}),
            node("totals", "transform.aggregate", aggregate),
        ],
        "edges": chain("start", "parse", "totals"),
    }


@pytest.fixture
def whole_json_refused(monkeypatch):
    """The general offload path loads a claim-checked value whole: make that fail for
    anything past 256 KiB, so only a streaming aggregate can pass."""
    monkeypatch.setattr("core.blobs._store.MAX_JSON_BLOB_BYTES", 256 * 1024)


async def test_a_few_mib_of_csv_aggregate_like_the_pure_node(
    client, settings, worker, blobs, whole_json_refused
):
    data = rows(80_000)
    ref = await put(blobs, "orders.csv", as_csv(data))
    assert ref["size"] > 2 * 1024 * 1024
    config = {**TOTALS, "items": "{{ nodes.parse.output.rows }}"}
    handle = await start_graph(client, settings, graph(config), {"file": ref})
    result = await handle.result()

    # The CSV round-trips these rows exactly (ints, 2-decimal floats, text).
    assert result["output"]["totals"] == pure_aggregate(data, TOTALS)
    first = result["output"]["totals"]["items"][0]
    assert isinstance(first["sum_units"], int) and isinstance(first["revenue"], float)
    history = await handle.fetch_history()
    assert ("inline.run", "totals") in activities_of(history.events)
    assert sum(e.ByteSize() for e in history.events) < 40_000, "references, not rows"


async def test_items_from_the_input_port_stream_too(
    client, settings, worker, blobs, whole_json_refused
):
    data = rows(30_000)
    items = await blobs.put_bytes(
        "", "up.items.json", "application/json", json.dumps(data).encode()
    )
    totals = {"group_by": ["units"], "aggregations": [{"op": "avg", "field": "amount"}]}
    g = {
        "nodes": [node("start", "trigger.manual"), node("totals", "transform.aggregate", totals)],
        "edges": chain("start", "totals"),
    }
    handle = await start_graph(client, settings, g, {"items": items, "count": len(data)})
    result = await handle.result()
    assert result["output"]["totals"] == pure_aggregate(data, totals)


async def test_a_ref_written_as_one_indented_json_array_still_reads(
    client, settings, worker, blobs, whole_json_refused
):
    """Refs written before streaming (the claim check's `json.dumps`) are plain arrays."""
    data = rows(5_000)
    old = await blobs.put_bytes(
        "", "old.rows.json", "application/json", json.dumps(data, indent=2).encode()
    )
    config = {**TOTALS, "items": "{{ nodes.start.output.rows }}"}
    g = {
        "nodes": [node("start", "trigger.manual"), node("totals", "transform.aggregate", config)],
        "edges": chain("start", "totals"),
    }
    handle = await start_graph(client, settings, g, {"rows": old})
    result = await handle.result()
    assert result["output"]["totals"] == pure_aggregate(data, TOTALS)


async def test_a_data_error_reads_as_inline_and_is_not_retried(client, settings, worker, blobs):
    data = rows(20_000)
    ref = await put(blobs, "orders.csv", as_csv(data))
    bad = {
        "items": "{{ nodes.parse.output.rows }}",
        "aggregations": [{"op": "sum", "field": "label"}],
    }
    error = await node_failure(await start_graph(client, settings, graph(bad), {"file": ref}))

    with pytest.raises(ValueError) as inline:
        pure_aggregate(data, {"aggregations": bad["aggregations"]})
    assert error.message == f"node 'totals' (transform.aggregate) failed: {inline.value}"
    assert error.details[0]["nodes"]["totals"]["attempt"] == 1
