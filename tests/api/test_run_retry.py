"""Retry from the failed node: nodes that succeeded are reused, the rest run again."""

from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import chain, node
from tests.utils.http_server import Reply


async def test_retry_reexecutes_only_the_failed_node_and_after(api, http_server):
    first = http_server.script("/first", Reply(json={"n": 1}))
    flaky = http_server.script("/flaky", Reply(404, text="not yet"), Reply(json={"n": 2}))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("a", "http.request", {"url": first}),
            node("b", "http.request", {"url": flaky}),
            node(
                "c",
                "transform.set",
                {
                    "fields": {
                        "a": "{{ nodes.a.output.body.n }}",
                        "b": "{{ nodes.b.output.body.n }}",
                        "who": "{{ inputs.who }}",
                    }
                },
            ),
        ],
        "edges": chain("start", "a", "b", "c"),
    }
    workflow = await create_workflow(api, graph, name="retry me")
    failed = await wait_for_run(
        api, (await start_run(api, workflow["id"], inputs={"who": "ada"}))["id"]
    )
    assert failed["status"] == "failed" and failed["nodes"]["b"]["status"] == "failed"
    response = await api.post(f"/api/runs/{failed['id']}/retry")
    assert response.status_code == 201, response.text
    retried = response.json()
    assert retried["retry_of"] == failed["id"] and retried["version"] == failed["version"]
    body = await wait_for_run(api, retried["id"])
    assert body["status"] == "completed", body
    assert body["output"] == {"c": {"a": 1, "b": 2, "who": "ada"}}
    assert len(http_server.requests("/first")) == 1, "the node that succeeded was reused"
    assert len(http_server.requests("/flaky")) == 2
    again = await api.post(f"/api/runs/{retried['id']}/retry")
    assert again.status_code == 409 and "completed" in again.json()["detail"]


async def test_finished_runs_are_recorded_without_being_read(api, settings):
    import asyncio

    from sqlmodel import Session, select

    from core.db import make_engine
    from core.models import NodeExecution

    graph = {
        "nodes": [node("start", "trigger.manual"), node("a", "util.noop", {"value": 1})],
        "edges": chain("start", "a"),
    }
    workflow = await create_workflow(api, graph, name="recorded")
    run = await start_run(api, workflow["id"])
    for _ in range(200):
        listed = (await api.get("/api/runs", params={"workflow_id": workflow["id"]})).json()
        if listed["data"][0]["status"] != "running":
            break
        await asyncio.sleep(0.1)
    assert listed["data"][0]["status"] == "completed", "the recorder did not record the run"
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        rows = session.exec(select(NodeExecution).where(NodeExecution.run_id == run["id"])).all()
    engine.dispose()
    by_node = {r.node_id: r for r in rows}
    assert set(by_node) == {"start", "a"}
    assert (by_node["a"].node_type, by_node["a"].status, by_node["a"].attempt) == (
        "util.noop",
        "succeeded",
        1,
    )
    assert by_node["a"].duration_ms is not None and by_node["a"].output_bytes == 1
