"""Inline transforms over claim-checked data run as the `inline.run` activity, on real Temporal.

Small data stays inline (no activity, no patch marker); data the claim check stored is
resolved in a worker, and history keeps references.
"""

from typing import Any

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent

from interpreter import (
    INLINE_NODES,
    LEGACY_WORKFLOW_TYPE,
    WORKFLOW_TYPE,
    GraphWorkflow,
    LegacyGraphWorkflow,
)
from tests.activities.files_conftest import put
from tests.interpreter.test_replay import replayer
from tests.utils.graphs import chain, edge, node, result_with_outputs, start_graph
from tests.utils.runs import FAST_RETRY, node_failure
from worker import build_worker

REGIONS = ("north", "south", "east", "west")
PAID_RULES = [
    {"field": "status", "op": "eq", "value": "paid"},
    {"field": "amount", "op": "gte", "value": 50},
]


def orders(count: int) -> list[dict[str, Any]]:
    """Rows of an orders export: about half are paid orders of 50 or more."""
    return [
        {
            "order_id": i,
            "region": REGIONS[i % 4],
            "amount": (i * 37) % 200,
            "status": "refunded" if i % 3 == 0 else "paid",
        }
        for i in range(count)
    ]


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    lines = [",".join(rows[0])] + [",".join(str(v) for v in row.values()) for row in rows]
    return "\n".join(lines).encode()


def paid(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["status"] == "paid" and r["amount"] >= 50]


def totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `transform.aggregate` must answer for TOTALS over `rows`."""
    by_region: dict[str, list[int]] = {}
    for row in rows:
        by_region.setdefault(row["region"], []).append(row["amount"])
    return [
        {"region": r, "orders": len(a), "revenue": sum(a), "average": sum(a) / len(a)}
        | {"smallest": min(a), "largest": max(a)}
        for r, a in by_region.items()
    ]


TOTALS = {
    "group_by": ["region"],
    "aggregations": [
        {"op": "count", "as": "orders"},
        {"op": "sum", "field": "amount", "as": "revenue"},
        {"op": "avg", "field": "amount", "as": "average"},
        {"op": "min", "field": "amount", "as": "smallest"},
        {"op": "max", "field": "amount", "as": "largest"},
    ],
}


def report_graph(rules: list[dict] = PAID_RULES) -> dict:
    """parse → paid (items by expression) → totals (items from its input); and a note that
    reads only the parse's inline row count."""
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("parse", "file.parse_csv", {"file": "{{ inputs.file }}"}),
            node(
                "paid",
                "transform.filter",
                {"items": "{{ nodes.parse.output.rows }}", "rules": rules},
                retry=FAST_RETRY,
            ),
            node("totals", "transform.aggregate", TOTALS),
            node("note", "transform.template", {"template": "{{ nodes.parse.output.row_count }}"}),
        ],
        "edges": [*chain("start", "parse", "paid", "totals"), edge("parse", "note")],
    }


async def run_report(
    client, settings, blobs, rows: list[dict], workflow_type: str = WORKFLOW_TYPE, **graph: Any
):
    ref = await put(blobs, "orders.csv", as_csv(rows))
    graph_ = report_graph(**graph)
    handle = await start_graph(client, settings, graph_, {"file": ref}, workflow_type=workflow_type)
    return handle


def activities_of(events: list[HistoryEvent]) -> list[tuple[str, str]]:
    """(activity type, activity id) of every activity the run scheduled, in order."""
    return [
        (a.activity_type.name, a.activity_id)
        for e in events
        if e.HasField("activity_task_scheduled_event_attributes")
        for a in [e.activity_task_scheduled_event_attributes]
    ]


def markers(events: list[HistoryEvent]) -> int:
    """Markers of the offload patch (only runs of the legacy GraphWorkflow type ask it)."""
    return sum(
        e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
        and b"inline-offload" in e.SerializeToString()
        for e in events
    )


async def test_claim_checked_rows_are_filtered_and_aggregated_by_an_activity(
    client, settings, worker, blobs
):
    rows = orders(20_000)
    handle = await run_report(client, settings, blobs, rows)
    result = await result_with_outputs(handle)

    nodes = result["nodes"]
    assert "$blob" in nodes["parse"]["output"]["rows"], "the parsed rows were claim-checked"
    kept = nodes["paid"]["output"]
    assert kept["count"] == len(paid(rows)) > 9_000 and "$blob" in kept["items"]
    assert await blobs.load_json("", kept["items"]) == paid(rows)
    assert result["output"]["totals"] == {"items": totals(paid(rows)), "count": 4}
    assert result["output"]["note"] == {"text": "20000"}
    assert (nodes["totals"]["status"], nodes["totals"]["attempt"]) == ("succeeded", 1)

    history = await handle.fetch_history()
    assert activities_of(history.events) == [
        ("file.parse_csv", "parse"),
        ("inline.run", "paid"),
        ("inline.run", "totals"),
    ], "the note reads only an inline field: it stays in the workflow"
    assert markers(history.events) == 0, "GraphWorkflowV2 is born with offloading: no marker"
    size = sum(event.ByteSize() for event in history.events)
    largest = max(event.ByteSize() for event in history.events)
    print(f"\nhistory: {len(history.events)} events, {size} bytes, largest event {largest} bytes")
    assert size < 40_000 and largest < 8_000, "references, not rows"

    replayed = await replayer().replay_workflow(history)
    assert replayed.replay_failure is None


async def test_small_data_stays_inline(client, settings, worker, blobs):
    rows = orders(40)
    handle = await run_report(client, settings, blobs, rows)
    result = await result_with_outputs(handle)

    assert result["nodes"]["paid"]["output"] == {"items": paid(rows), "count": len(paid(rows))}
    assert result["output"]["totals"]["items"] == totals(paid(rows))
    history = await handle.fetch_history()
    assert activities_of(history.events) == [("file.parse_csv", "parse")]
    assert markers(history.events) == 0, "the command sequence is as before"


async def test_an_offloaded_node_fails_as_it_would_inline_without_retrying(
    client, settings, worker, blobs
):
    rows = orders(20_000)
    rules = [{"field": "region", "op": "gt", "value": 5}]
    handle = await run_report(client, settings, blobs, rows, rules=rules)
    error = await node_failure(handle)

    with pytest.raises(ValueError) as inline:
        INLINE_NODES["transform.filter"]({"items": rows, "rules": rules}, {"nodes": {}}, {})
    assert error.message == f"node 'paid' (transform.filter) failed: {inline.value}"
    assert "item 0 holds a string ('north')" in error.message
    assert error.details[0]["nodes"]["paid"]["attempt"] == 1, "a data error is not retried"


@workflow.defn(name=LEGACY_WORKFLOW_TYPE, sandboxed=False)
class BeforeOffloading(LegacyGraphWorkflow):
    """GraphWorkflow as it was before: inline nodes never leave the workflow."""

    def _offloads(self, scheduler: Any, node: Any) -> bool:
        return False

    @workflow.run
    async def run(self, raw: dict[str, Any]) -> dict[str, Any]:
        return await super().run(raw)


async def test_runs_started_before_offloading_still_replay(client, settings, blobs, monkeypatch):
    own = settings.model_copy(update={"temporal_task_queue": f"{settings.temporal_task_queue}-old"})
    monkeypatch.setattr("worker._worker.GRAPH_WORKFLOWS", [GraphWorkflow, BeforeOffloading])
    async with build_worker(client, own) as old_worker, old_worker:
        handle = await run_report(
            client, own, blobs, orders(20_000), workflow_type=LEGACY_WORKFLOW_TYPE
        )
        error = await node_failure(handle)
    assert "is the file 'orders.rows.json'" in error.message, "the old way: data it cannot read"

    history = await handle.fetch_history()
    replayed = await replayer().replay_workflow(history)
    assert replayed.replay_failure is None, "workflow.patched keeps such a run inline on replay"
