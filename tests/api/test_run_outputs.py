"""Runs whose outputs add up past Temporal's payload limit complete; the API shows them all."""

from tests.utils.api import create_workflow, start_run, wait_for_run
from tests.utils.graphs import edge, node
from tests.utils.http_server import Reply

NODES = 20
BODY = "x" * 110_000  # under the claim check's 128 KiB: each output alone stays inline


async def test_outputs_past_the_payload_limit_complete_and_read_back(api, http_server):
    url = http_server.script("/big", *[Reply(json={"data": BODY}) for _ in range(NODES)])
    ids = [f"get{i}" for i in range(NODES)]
    graph = {
        "nodes": [node("start", "trigger.manual")]
        + [node(i, "http.request", {"url": url}) for i in ids],
        "edges": [edge("start", i) for i in ids],
    }
    workflow = await create_workflow(api, graph)

    run = await wait_for_run(api, (await start_run(api, workflow["id"]))["id"], timeout=120)

    assert run["status"] == "completed", run.get("error")
    outputs = [run["nodes"][i]["output"] for i in ids]
    inline = [o for o in outputs if o["body"] == {"data": BODY}]
    by_reference = [o for o in outputs if isinstance(o["body"].get("$blob"), str)]
    # ~2.2 MB in all: the first ~1 MiB (RUN_INLINE_OUTPUT_BYTES) inline, the rest as blobs.
    assert inline and by_reference and len(inline) + len(by_reference) == NODES
    assert all(
        o["body"]["name"] == f"{i}.body.json"
        for i, o in zip(ids, outputs, strict=True)
        if o in by_reference
    )
    assert all(o["status"] == 200 for o in outputs)


async def test_a_manual_run_names_a_trigger_of_the_version_or_gets_a_422(api):
    graph = {
        "nodes": [node("manual", "trigger.manual"), node("also", "trigger.manual")],
        "edges": [],
    }
    workflow = await create_workflow(api, graph)

    wrong = await api.post(f"/api/workflows/{workflow['id']}/runs", json={"trigger": "nope"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "trigger"]
    run = await wait_for_run(api, (await start_run(api, workflow["id"], trigger="also"))["id"])
    assert {n: s["status"] for n, s in run["nodes"].items()} == {
        "manual": "skipped",
        "also": "succeeded",
    }
