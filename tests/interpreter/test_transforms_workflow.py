"""Transforms, switch and fail on real Temporal: inline (no activity events), routed, failing."""

import asyncio

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.worker import Replayer

from core.codec import data_converter
from interpreter import GraphWorkflow
from tests.utils.graphs import chain, edge, node, result_with_outputs, run_graph, start_graph
from tests.utils.runs import node_failure
from worker import workflow_runner

ORDERS = [
    {"id": 1, "customer": "c1", "total": 30, "status": "paid"},
    {"id": 2, "customer": "c2", "total": 5, "status": "paid"},
    {"id": 3, "customer": "c1", "total": 12, "status": "open"},
    {"id": 4, "customer": "c3", "total": 50, "status": "paid"},
    {"id": 4, "customer": "c3", "total": 50, "status": "paid"},
]


async def scheduled_activities(handle) -> list[str]:
    history = await handle.fetch_history()
    return [
        e.activity_task_scheduled_event_attributes.activity_id
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]


async def test_a_transform_pipeline_runs_inline(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("fetch", "util.noop", {"value": {"orders": "{{ inputs.orders }}"}}),
            node(
                "paid",
                "transform.filter",
                {
                    "items": "{{ nodes.fetch.output.orders }}",
                    "rules": [
                        {"field": "status", "op": "eq", "value": "paid"},
                        {"field": "total", "op": "gte", "value": "{{ inputs.min_total }}"},
                    ],
                },
            ),
            node("unique", "transform.dedupe", {"fields": ["id"]}),
            node("ranked", "transform.sort", {"by": [{"field": "total", "direction": "desc"}]}),
            node(
                "per_customer",
                "transform.aggregate",
                {"group_by": ["customer"], "aggregations": [{"op": "sum", "field": "total"}]},
            ),
            node(
                "summary",
                "transform.template",
                {
                    "template": "{{ join(',', nodes.ranked.output.items[*].customer) }}: "
                    "{{ nodes.per_customer.output.count }} customers"
                },
            ),
        ],
        "edges": chain("start", "fetch", "paid", "unique", "ranked", "per_customer", "summary"),
    }
    handle = await start_graph(client, settings, graph, {"orders": ORDERS, "min_total": 10})
    result = await result_with_outputs(handle)

    nodes = result["nodes"]
    assert nodes["paid"]["output"]["count"] == 3
    assert nodes["unique"]["output"]["removed"] == 1
    assert [o["id"] for o in nodes["ranked"]["output"]["items"]] == [4, 1]
    assert nodes["per_customer"]["output"]["items"] == [
        {"customer": "c3", "sum_total": 50},
        {"customer": "c1", "sum_total": 30},
    ]
    assert result["output"] == {"summary": {"text": "c3,c1: 2 customers"}}
    assert all(nodes[n]["status"] == "succeeded" and nodes[n]["attempt"] == 1 for n in nodes)
    assert await scheduled_activities(handle) == ["fetch"], "transforms must not be activities"
    replayer = Replayer(
        workflows=[GraphWorkflow],
        workflow_runner=workflow_runner(),
        data_converter=data_converter(settings),
    )
    replay = await replayer.replay_workflow(await handle.fetch_history())
    assert replay.replay_failure is None, "inline transforms must replay deterministically"


def switch_graph() -> dict:
    rules = [
        {"port": "urgent", "expression": "inputs.priority == 'high'"},
        {"port": "eu", "expression": "{{ inputs.region == 'eu' }}"},
    ]
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node("route", "logic.switch", {"rules": rules}),
            node("page", "util.noop", {"value": "paged"}),
            node("page_log", "transform.set", {"fields": {"log": "{{ nodes.page.output }}"}}),
            node("gdpr", "transform.set", {"fields": {"queue": "eu"}}),
            node("other", "transform.set", {"fields": {"queue": "default"}}),
        ],
        "edges": [
            edge("start", "route"),
            edge("route", "page", "urgent"),
            edge("route", "gdpr", "eu"),
            edge("route", "other", "default"),
            edge("page", "page_log"),
        ],
    }


@pytest.mark.parametrize(
    ("inputs", "port", "ran"),
    [
        ({"priority": "high", "region": "eu"}, "urgent", {"page", "page_log"}),
        ({"priority": "low", "region": "eu"}, "eu", {"gdpr"}),
        ({"priority": "low", "region": "us"}, "default", {"other"}),
    ],
)
async def test_switch_routes_to_one_port_and_skips_the_others(
    client, settings, worker, inputs, port, ran
):
    result = await run_graph(client, settings, switch_graph(), inputs)

    assert (result.nodes["route"].port, result.nodes["route"].output["port"]) == (port, port)
    branches = {"page", "page_log", "gdpr", "other"}
    assert {n for n in branches if result.nodes[n].status == "succeeded"} == ran
    assert {n for n in branches if result.nodes[n].status == "skipped"} == branches - ran


async def test_join_receives_both_inputs(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("customers", "util.noop", {"value": {"rows": "{{ inputs.customers }}"}}),
            node("orders", "transform.set", {"fields": {"items": "{{ inputs.orders }}"}}),
            node(
                "joined",
                "transform.join",
                {"left_path": "rows", "on": [{"left": "id", "right": "customer"}], "how": "left"},
            ),
        ],
        "edges": [
            edge("start", "customers"),
            edge("start", "orders"),
            edge("customers", "joined", target_port="left"),
            edge("orders", "joined", target_port="right"),
        ],
    }
    customers = [{"id": "c1", "name": "Ada"}, {"id": "c9", "name": "Zed"}]
    result = await run_graph(client, settings, graph, {"customers": customers, "orders": ORDERS})

    rows = result.output["joined"]["items"]
    assert [(r["name"], r.get("total")) for r in rows] == [("Ada", 30), ("Ada", 12), ("Zed", None)]
    assert rows[0] == {
        "left_id": "c1",
        "name": "Ada",
        "right_id": 1,
        "customer": "c1",
        "total": 30,
        "status": "paid",
    }


async def test_flow_fail_fails_the_run_with_its_message(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("check", "logic.condition", {"expression": "inputs.customer == null"}),
            node("stop", "flow.fail", {"message": "Order {{ inputs.order }} has no customer"}),
            node("ship", "util.noop", {"value": "shipped"}),
        ],
        "edges": [
            edge("start", "check"),
            edge("check", "stop", "true"),
            edge("check", "ship", "false"),
        ],
    }
    handle = await start_graph(client, settings, graph, {"order": 42})
    error = await asyncio.wait_for(node_failure(handle), 20)

    assert error.message == "node 'stop' (flow.fail) failed: Order 42 has no customer"
    states = error.details[0]["nodes"]
    assert states["stop"]["status"] == "failed"
    assert states["stop"]["error"] == "Order 42 has no customer"
    assert states["ship"]["started_at"] is None
    assert await scheduled_activities(handle) == []

    shipped = await run_graph(client, settings, graph, {"order": 43, "customer": "c1"})
    assert shipped.nodes["stop"].status == "skipped" and shipped.output == {"ship": "shipped"}


async def test_flow_fail_with_continue_on_error_takes_the_error_port(client, settings, worker):
    graph = {
        "nodes": [
            node("stop", "flow.fail", {"message": "soft stop"}, continue_on_error=True),
            node("after", "transform.set", {"fields": {"why": "{{ nodes.stop.output.error }}"}}),
        ],
        "edges": [edge("stop", "after", "error")],
    }
    result = await run_graph(client, settings, graph)
    assert result.output == {"after": {"why": "soft stop"}}


@pytest.mark.parametrize(
    ("transform", "message"),
    [
        (
            node("sum", "transform.aggregate", {"aggregations": [{"op": "sum", "field": "v"}]}),
            "node 'sum' (transform.aggregate) failed: config.aggregations[0] (sum of 'v'): "
            "item 1 holds a string ('7'); sum needs numbers",
        ),
        (
            # Past float range: an OverflowError, which must fail the node, not wedge the run.
            node("sum", "transform.aggregate", {"aggregations": [{"op": "sum", "field": "big"}]}),
            "node 'sum' (transform.aggregate) failed: unexpected OverflowError",
        ),
    ],
)
async def test_bad_data_fails_the_run_naming_node_and_field(
    client, settings, worker, transform, message
):
    graph = {
        "nodes": [node("start", "trigger.manual"), transform],
        "edges": [edge("start", "sum")],
    }
    items = [{"v": 1, "big": 10**400}, {"v": "7", "big": 0.5}]
    handle = await start_graph(client, settings, graph, {"items": items})
    error = await asyncio.wait_for(node_failure(handle), 20)
    assert error.message.startswith(message), error.message
