"""A retry fires the trigger its first run fired: only that trigger's branch runs again."""

from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import edge, node
from tests.utils.http_server import Reply
from tests.utils.runs import NO_RETRY


async def test_a_retry_runs_the_same_triggers_branch(api, http_server):
    flaky = http_server.script("/flaky", Reply(500, text="down"), Reply(json={"ok": True}))
    graph = {
        "nodes": [
            node("manual", "trigger.manual"),
            node("hook", "trigger.webhook"),
            node("by_hand", "transform.set", {"fields": {"from": "hand"}}),
            node("by_hook", "http.request", {"method": "POST", "url": flaky}, retry=NO_RETRY),
        ],
        "edges": [edge("manual", "by_hand"), edge("hook", "by_hook")],
    }
    workflow = await create_workflow(api, graph, name="two triggers retried")
    first = await wait_for_run(api, (await start_run(api, workflow["id"], trigger="hook"))["id"])
    assert first["status"] == "failed", first
    assert first["nodes"]["by_hand"]["status"] == "skipped"

    response = await api.post(f"/api/runs/{first['id']}/retry")
    assert response.status_code == 201, response.text
    retried = await wait_for_run(api, response.json()["id"])

    assert retried["status"] == "completed", retried
    status = {n: s["status"] for n, s in retried["nodes"].items()}
    assert status["by_hook"] == "succeeded", status
    assert status["manual"] == "skipped" and status["by_hand"] == "skipped", status
    assert len(http_server.requests("/flaky")) == 2
