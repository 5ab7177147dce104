"""Starting, reading, listing and cancelling runs through the real API."""

import asyncio
import uuid

from core.temporal import VERSION_KEY, WORKFLOW_ID_KEY, WORKFLOW_NAME_KEY
from tests.utils.api import create_workflow, simple_graph, start_run, wait_for_run
from tests.utils.graphs import chain, node
from worker import build_id


async def test_run_result_and_node_states(api, settings):
    workflow = await create_workflow(api, simple_graph(), name="runs")
    run = await start_run(api, workflow["id"], inputs={"x": [1, 2]})
    assert run["status"] == "running"
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "completed", body
    assert body["output"] == {"a": [1, 2]}
    assert set(body["nodes"]) == {"start", "a"}
    state = body["nodes"]["a"]
    assert state["status"] == "succeeded" and state["attempt"] == 1
    assert state["started_at"] <= state["finished_at"]
    assert body["finished_at"] is not None
    assert body["build_id"] == build_id(settings), "the worker build the run is pinned to"


async def test_run_is_findable_in_temporal(api, client, settings):
    workflow = await create_workflow(api, simple_graph(), name="findable")
    run = await start_run(api, workflow["id"])
    temporal_id = f"{workflow['id']}-{run['id']}"
    assert (
        f"/namespaces/{settings.temporal_namespace}/workflows/{temporal_id}/"
        in run["temporal_ui_url"]
    )
    await wait_for_run(api, run["id"])
    description = await client.get_workflow_handle(temporal_id).describe()
    attributes = description.typed_search_attributes
    assert attributes.get(WORKFLOW_ID_KEY) == workflow["id"]
    assert attributes.get(WORKFLOW_NAME_KEY) == "findable"
    assert attributes.get(VERSION_KEY) == 1
    assert await description.static_summary() == "findable (v1)"
    history = await client.get_workflow_handle(temporal_id).fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
    ]
    assert [(a.activity_id, a.activity_type.name) for a in scheduled] == [("a", "util.noop")]


async def test_runs_pin_their_version(api):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("wait", "util.delay", {"seconds": 1}),
            node("out", "transform.set", {"fields": {"version": "first"}}),
        ],
        "edges": chain("start", "wait", "out"),
    }
    workflow = await create_workflow(api, graph, name="pinned")
    run = await start_run(api, workflow["id"])
    graph["nodes"][2]["data"]["config"]["fields"]["version"] = "second"
    response = await api.put(
        f"/api/workflows/{workflow['id']}", json={"name": "pinned", "graph": graph}
    )
    assert response.json()["version"] == 2
    body = await wait_for_run(api, run["id"])
    assert body["output"] == {"out": {"version": "first"}}
    assert body["version"] == 1
    # The latest version and version 1 again, side by side (each waits its 1 s delay).
    latest = await start_run(api, workflow["id"])
    first = await start_run(api, workflow["id"], version=1)
    again, old = await asyncio.gather(
        wait_for_run(api, latest["id"]), wait_for_run(api, first["id"])
    )
    assert (again["version"], again["output"]) == (2, {"out": {"version": "second"}})
    assert (old["version"], old["output"]) == (1, {"out": {"version": "first"}})


async def test_start_validates_body_and_version(api):
    workflow = await create_workflow(api, simple_graph())
    path = f"/api/workflows/{workflow['id']}/runs"
    response = await api.post(path, json={"version": 9})
    assert response.status_code == 404
    assert "version 9" in response.json()["detail"]
    response = await api.post(path, json={"inputs": "nope"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "inputs"]
    response = await api.post(path, json={"version": 0})
    assert response.json()["detail"][0]["loc"] == ["body", "version"]
    response = await api.post(path, json={"imputs": {}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "imputs"]
    response = await api.post(f"/api/workflows/{uuid.uuid4()}/runs", json={})
    assert response.status_code == 404


async def test_cancel_a_running_run(api):
    graph = {
        "nodes": [node("start", "trigger.manual"), node("wait", "util.delay", {"seconds": 60})],
        "edges": chain("start", "wait"),
    }
    workflow = await create_workflow(api, graph, name="cancel me")
    run = await start_run(api, workflow["id"])
    await wait_for_run(
        api, run["id"], until=lambda b: b["nodes"].get("wait", {}).get("status") == "running"
    )
    response = await api.post(f"/api/runs/{run['id']}/cancel")
    assert response.status_code == 202, response.text
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "cancelled"
    assert body["nodes"]["wait"]["status"] == "failed"
    assert "cancelled" in body["nodes"]["wait"]["error"]
    response = await api.post(f"/api/runs/{run['id']}/cancel")
    assert response.status_code == 409
    assert "already cancelled" in response.json()["detail"]


async def test_failed_run_names_the_node(api):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("check", "logic.condition", {"expression": "inputs.flag"}),
            node("broken", "transform.set", {"fields": {"x": "{{ length(inputs.flag) }}"}}),
        ],
        "edges": [
            *chain("start", "check"),
            {"source": "check", "sourceHandle": "true", "target": "broken"},
        ],
    }
    workflow = await create_workflow(api, graph, name="fails")
    body = await wait_for_run(api, (await start_run(api, workflow["id"], inputs={"flag": 5}))["id"])
    assert body["status"] == "failed"
    assert "node 'broken' (transform.set) failed" in body["error"]
    assert body["nodes"]["broken"]["status"] == "failed"
    assert body["nodes"]["check"]["status"] == "succeeded"


async def test_list_runs_with_filters(api):
    workflow = await create_workflow(api, simple_graph(), name="listed")
    ids = [(await start_run(api, workflow["id"]))["id"] for _ in range(3)]
    for run_id in ids:
        await wait_for_run(api, run_id)
    listed = (await api.get("/api/runs", params={"workflow_id": workflow["id"]})).json()
    assert listed["count"] == 3
    assert [r["id"] for r in listed["data"]] == list(reversed(ids))
    done = (
        await api.get("/api/runs", params={"workflow_id": workflow["id"], "status": "completed"})
    ).json()
    assert done["count"] == 3
    response = await api.get("/api/runs", params={"status": "bogus"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]
