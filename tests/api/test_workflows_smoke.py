from tests.utils.graphs import chain, node


async def test_create_and_run(api):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("a", "util.noop", {"value": "{{ inputs.x }}"}),
        ],
        "edges": chain("start", "a"),
    }
    r = await api.post("/api/workflows", json={"name": "smoke", "graph": graph})
    assert r.status_code == 201, r.text
    wf = r.json()
    r = await api.post(f"/api/workflows/{wf['id']}/runs", json={"inputs": {"x": 5}})
    assert r.status_code == 201, r.text
    run = r.json()
    import asyncio

    for _ in range(50):
        r = await api.get(f"/api/runs/{run['id']}")
        if r.json()["status"] != "running":
            break
        await asyncio.sleep(0.1)
    body = r.json()
    assert body["status"] == "completed", body
    assert body["output"] == {"a": 5}
    assert body["nodes"]["a"]["attempt"] == 1
