"""Every graph validation error, through the API: a 422 naming node and field, nothing saved."""

import pytest

from tests.utils.graphs import chain, edge, node


def graph(nodes, edges=()):
    return {"nodes": nodes, "edges": list(edges)}


CASES = {
    "cycle": (
        graph(
            [node("a", "util.noop"), node("b", "util.noop"), node("c", "util.noop")],
            [edge("a", "b"), edge("b", "c"), edge("c", "a")],
        ),
        "a",
        "graph.edges",
        "cycle",
    ),
    "duplicate id": (
        graph([node("a", "util.noop"), node("a", "util.noop")]),
        "a",
        "id",
        "duplicate",
    ),
    "edge to missing node": (
        graph([node("a", "util.noop")], [edge("a", "ghost")]),
        None,
        "graph.edges[0].target",
        "ghost",
    ),
    "edge from missing port": (
        graph([node("a", "util.noop"), node("b", "util.noop")], [edge("a", "b", "yes")]),
        "a",
        "graph.edges[0].sourceHandle",
        "no output port 'yes'",
    ),
    "edge to missing port": (
        graph([node("a", "util.noop"), node("t", "trigger.manual")], [edge("a", "t")]),
        "t",
        "graph.edges[0].targetHandle",
        "no input port",
    ),
    "unknown node type": (
        graph([node("a", "no.such.type")]),
        "a",
        "type",
        "unknown node type",
    ),
    "config against schema": (
        graph([node("fetch", "http.request", {"url": "ftp://example.com", "method": "GET"})]),
        "fetch",
        "config.url",
        "does not match",
    ),
    "missing required config": (
        graph([node("c", "logic.condition", {})]),
        "c",
        "config",
        "'expression' is a required property",
    ),
    "expression reads a node that is not upstream": (
        graph(
            [
                node("a", "util.noop"),
                node("b", "transform.set", {"fields": {"x": "{{ nodes.c.output }}"}}),
                node("c", "util.noop"),
            ],
            chain("a", "b", "c"),
        ),
        "b",
        "config.fields.x",
        "not upstream",
    ),
    "expression reads an unknown node": (
        graph([node("b", "transform.set", {"fields": {"x": "{{ nodes.nope.output }}"}})]),
        "b",
        "config.fields.x",
        "unknown node 'nope'",
    ),
    "expression syntax": (
        graph([node("b", "transform.set", {"fields": {"x": "{{ inputs.[ }}"}})]),
        "b",
        "config.fields.x",
        "invalid expression",
    ),
    "local execution on an inline node": (
        graph([node("b", "transform.set", {"fields": {}}, execution="local")]),
        "b",
        "data.execution",
        "applies to activity nodes",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_invalid_graph_is_rejected_and_not_saved(api, case):
    body, node_id, field, words = CASES[case]
    before = (await api.get("/api/workflows")).json()["count"]
    response = await api.post("/api/workflows", json={"name": case, "graph": body})
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    match = [e for e in errors if e.get("node_id") == node_id and e.get("field") == field]
    assert match, errors
    assert words in match[0]["msg"], match
    assert match[0]["loc"][:2] == ["body", "graph"], match
    assert (await api.get("/api/workflows")).json()["count"] == before


async def test_node_limit(api, settings):
    nodes = [node(f"n{i}", "util.noop") for i in range(settings.max_nodes_per_graph + 1)]
    response = await api.post("/api/workflows", json={"name": "big", "graph": graph(nodes)})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "graph.nodes" and "limit" in error["msg"]


async def test_error_locates_config_field_for_the_editor(api):
    bad = graph([node("ok", "util.noop"), node("fetch", "http.request", {"url": 5})])
    response = await api.post("/api/workflows", json={"name": "x", "graph": bad})
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "graph", "nodes", 1, "data", "config", "url"]


async def test_invalid_update_keeps_the_previous_version(api):
    good = graph([node("a", "util.noop")])
    created = (await api.post("/api/workflows", json={"name": "keep", "graph": good})).json()
    bad = graph([node("a", "util.noop")], [edge("a", "a")])
    response = await api.put(f"/api/workflows/{created['id']}", json={"name": "keep", "graph": bad})
    assert response.status_code == 422
    current = (await api.get(f"/api/workflows/{created['id']}")).json()
    assert current["version"] == 1
    assert (await api.get(f"/api/workflows/{created['id']}/versions")).json()["count"] == 1


@pytest.mark.parametrize(
    "payload, loc",
    [
        ({"graph": {"nodes": []}}, ["body", "name"]),
        ({"name": "", "graph": {"nodes": []}}, ["body", "name"]),
        ({"name": "x", "graph": {"nodes": "no"}}, ["body", "graph", "nodes"]),
        (
            {"name": "x", "graph": {"nodes": [{"type": "util.noop"}]}},
            ["body", "graph", "nodes", 0, "id"],
        ),
        (
            {
                "name": "x",
                "graph": {
                    "nodes": [
                        {"id": "a", "type": "util.noop", "data": {"retry": {"max_attempts": -1}}}
                    ]
                },
            },
            ["body", "graph", "nodes", 0, "data", "retry", "max_attempts"],
        ),
    ],
)
async def test_wrong_shapes_name_the_field(api, payload, loc):
    response = await api.post("/api/workflows", json=payload)
    assert response.status_code == 422, response.text
    assert any(e["loc"] == loc for e in response.json()["detail"]), response.json()


async def test_bad_json_is_a_422_not_a_500(api):
    response = await api.post(
        "/api/workflows", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
