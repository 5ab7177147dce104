"""Workflows CRUD and versions through the real API."""

import uuid

from tests.utils.api import create_workflow, simple_graph


async def test_put_saves_a_new_version_and_keeps_the_old(api):
    created = await create_workflow(api, simple_graph("one"), name="versions")
    assert created["version"] == 1
    response = await api.put(
        f"/api/workflows/{created['id']}",
        json={"name": "renamed", "description": "d", "graph": simple_graph("two")},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["version"], updated["name"]) == (2, "renamed")
    assert updated["graph"]["nodes"][1]["data"]["config"]["value"] == "two"
    versions = (await api.get(f"/api/workflows/{created['id']}/versions")).json()
    assert [v["version"] for v in versions["data"]] == [2, 1]
    assert versions["data"][1]["graph"]["nodes"][1]["data"]["config"]["value"] == "one"


async def test_graph_round_trips_editor_fields(api):
    graph = simple_graph()
    graph["nodes"][0]["position"] = {"x": 120.5, "y": -40}
    graph["nodes"][0]["width"] = 180
    created = await create_workflow(api, graph)
    stored = (await api.get(f"/api/workflows/{created['id']}")).json()["graph"]["nodes"][0]
    assert stored["position"] == {"x": 120.5, "y": -40}
    assert stored["width"] == 180


async def test_list_and_delete(api):
    created = await create_workflow(api, simple_graph(), name="to delete")
    listed = (await api.get("/api/workflows", params={"limit": 500})).json()
    assert created["id"] in [w["id"] for w in listed["data"]]
    assert (await api.delete(f"/api/workflows/{created['id']}")).status_code == 204
    assert (await api.get(f"/api/workflows/{created['id']}")).status_code == 404
    listed = (await api.get("/api/workflows", params={"limit": 500})).json()
    assert created["id"] not in [w["id"] for w in listed["data"]]
    assert (await api.delete(f"/api/workflows/{created['id']}")).status_code == 404


async def test_unknown_and_malformed_ids(api):
    missing = uuid.uuid4()
    for method, path in [
        ("GET", f"/api/workflows/{missing}"),
        ("DELETE", f"/api/workflows/{missing}"),
        ("GET", f"/api/workflows/{missing}/versions"),
        ("GET", f"/api/runs/{missing}"),
        ("POST", f"/api/runs/{missing}/cancel"),
    ]:
        response = await api.request(method, path)
        assert response.status_code == 404, (method, path, response.text)
        assert str(missing) in response.json()["detail"]
    response = await api.get("/api/workflows/not-a-uuid")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "workflow_id"]
    response = await api.put(
        f"/api/workflows/{missing}", json={"name": "x", "graph": simple_graph()}
    )
    assert response.status_code == 404


async def test_paging_is_validated(api):
    response = await api.get("/api/workflows", params={"limit": 0})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


async def test_node_types_describe_the_catalog(api):
    types = {t["type"]: t for t in (await api.get("/api/node-types")).json()}
    core = {
        "trigger.manual",
        "transform.set",
        "logic.condition",
        "logic.merge",
        "http.request",
        "util.delay",
        "util.noop",
    }
    assert core <= set(types)
    http = types["http.request"]
    assert http["config_schema"]["required"] == ["url"]
    assert http["category"] and http["label"] and http["description"]
    assert "status" in http["output_schema"]["properties"]
    assert types["logic.condition"]["output_ports"] == ["true", "false"]
    assert types["trigger.manual"]["input_ports"] == []
    assert all("credential_type" in t for t in types.values())


async def test_health_and_readiness(api):
    assert (await api.get("/api/health")).json() == {"status": "ok"}
    response = await api.get("/api/ready")
    assert response.json() == {"status": "ok", "database": "ok", "temporal": "ok"}
