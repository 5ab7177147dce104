"""flow.subworkflow and flow.for_each run saved workflows as Temporal child workflows."""

import uuid

from interpreter import _children
from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node


def doubler() -> dict:
    return {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "double",
                "transform.set",
                {
                    "fields": {
                        "n": "{{ inputs.item }}",
                        "index": "{{ inputs.index }}",
                        "twice": "{{ join('', [to_string(inputs.item), to_string(inputs.item)]) }}",
                    }
                },
            ),
        ],
        "edges": chain("start", "double"),
    }


async def test_for_each_runs_a_child_per_item_in_order(api, client):
    child = await create_workflow(api, doubler(), name="doubler")
    parent = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "each",
                "flow.for_each",
                {"workflow_id": child["id"], "items": "{{ inputs.numbers }}", "concurrency": 2},
            ),
        ],
        "edges": chain("start", "each"),
    }
    workflow = await create_workflow(api, parent, name="fan out")
    run = await start_run(api, workflow["id"], inputs={"numbers": [1, 2, 3]})
    body = await wait_for_run(api, run["id"], timeout=60)
    assert body["status"] == "completed", body
    results = body["output"]["each"]["results"]
    assert [r["double"]["twice"] for r in results] == ["11", "22", "33"]
    assert body["output"]["each"]["count"] == 3
    child_run = client.get_workflow_handle(f"{workflow['id']}-{run['id']}-each-1")
    assert (await child_run.describe()).status.name == "COMPLETED"


async def test_subworkflow_pins_the_version_and_passes_inputs(api):
    child = await create_workflow(api, doubler(), name="child")
    parent = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "call",
                "flow.subworkflow",
                {
                    "workflow_id": child["id"],
                    "version": 1,
                    "inputs": {"item": "{{ inputs.x }}", "index": 0},
                },
            ),
        ],
        "edges": chain("start", "call"),
    }
    workflow = await create_workflow(api, parent, name="caller")
    body = await wait_for_run(api, (await start_run(api, workflow["id"], inputs={"x": 4}))["id"])
    assert body["output"] == {"call": {"double": {"n": 4, "index": 0, "twice": "44"}}}


async def test_large_lists_go_to_batch_children(api, monkeypatch):
    monkeypatch.setattr(_children, "MAX_CHILDREN_PER_RUN", 2)  # the worker is in this process
    child = await create_workflow(api, doubler(), name="small batches")
    parent = {
        "nodes": [
            node("start", "trigger.manual"),
            node(
                "each",
                "flow.for_each",
                {"workflow_id": child["id"], "items": "{{ inputs.numbers }}"},
            ),
        ],
        "edges": chain("start", "each"),
    }
    workflow = await create_workflow(api, parent, name="batched")
    body = await wait_for_run(
        api, (await start_run(api, workflow["id"], inputs={"numbers": [5, 6, 7]}))["id"], timeout=60
    )
    assert body["status"] == "completed", body
    results = body["output"]["each"]["results"]
    assert [r["double"]["n"] for r in results] == [5, 6, 7]
    assert [r["double"]["index"] for r in results] == [0, 1, 2], "index counts across batches"


async def test_unknown_workflow_is_refused_at_save(api):
    graph = {"nodes": [node("call", "flow.subworkflow", {"workflow_id": str(uuid.uuid4())})]}
    response = await api.post("/api/workflows", json={"name": "x", "graph": graph})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["node_id"], error["field"]) == ("call", "config.workflow_id")
