"""Bounded graphs and bodies through the real API: 422s naming the field, never a 500."""

import json

from api.platform.limits import too_deep
from tests.utils.api import create_workflow, simple_graph, start_run, wait_for_run
from tests.utils.graphs import chain, node

DEEP = 10_000


def graph_with(value: object) -> dict:
    return simple_graph(value)


def deep_body(prefix: str, suffix: str) -> bytes:
    """A body nested DEEP levels at one place; built as text (json.dumps would recurse)."""
    return (prefix + "[" * DEEP + "]" * DEEP + suffix).encode()


def problems(response) -> list[dict]:
    assert response.status_code == 422, (response.status_code, response.text[:500])
    return response.json()["detail"]


async def test_too_long_and_too_deep_expressions_are_refused_at_save(api):
    long_expression = "{{ inputs." + "a" * 4001 + " }}"
    detail = problems(
        await api.post("/api/workflows", json={"name": "x", "graph": graph_with(long_expression)})
    )
    assert detail[0]["node_id"] == "a" and detail[0]["field"] == "config.value"
    assert "EXPRESSION_MAX_LENGTH" in detail[0]["msg"]

    created = await create_workflow(api, simple_graph())
    deep_expression = "{{ " + "[" * 40 + "inputs.x" + "]" * 40 + " }}"
    response = await api.put(
        f"/api/workflows/{created['id']}",
        json={"name": "x", "graph": graph_with(deep_expression)},
    )
    detail = problems(response)
    assert detail[0]["field"] == "config.value" and "EXPRESSION_MAX_DEPTH" in detail[0]["msg"]
    assert detail[0]["loc"] == ["body", "graph", "nodes", 1, "data", "config", "value"]
    versions = (await api.get(f"/api/workflows/{created['id']}/versions")).json()
    assert [v["version"] for v in versions["data"]] == [1]


async def test_a_config_nested_past_config_max_depth_is_refused(api):
    value: object = "leaf"
    for _ in range(40):  # within REQUEST_MAX_DEPTH, past CONFIG_MAX_DEPTH
        value = {"x": value}
    detail = problems(
        await api.post("/api/workflows", json={"name": "x", "graph": graph_with(value)})
    )
    assert detail[0]["field"] == "config" and "CONFIG_MAX_DEPTH" in detail[0]["msg"]


async def test_json_nested_ten_thousand_deep_is_a_422_naming_the_field(api):
    created = await create_workflow(api, simple_graph())
    graph = (
        '{"name":"deep","graph":{"nodes":[{"id":"a","type":"util.noop","data":{"config":{"value":'
    )
    body = deep_body(graph, '}}}],"edges":[]}}')
    headers = {"content-type": "application/json"}
    for method, url in (("POST", "/api/workflows"), ("PUT", f"/api/workflows/{created['id']}")):
        response = await api.request(method, url, content=body, headers=headers)
        detail = problems(response)
        assert detail[0]["type"] == "json_too_deep"
        assert detail[0]["loc"][:8] == ["body", "graph", "nodes", 0, "data", "config", "value", 0]
        assert "REQUEST_MAX_DEPTH" in detail[0]["msg"]

    inputs = deep_body('{"inputs":{"order":', "}}")
    response = await api.post(
        f"/api/workflows/{created['id']}/runs", content=inputs, headers=headers
    )
    detail = problems(response)
    assert detail[0]["loc"][:3] == ["body", "inputs", "order"]
    # Without a content type FastAPI parses JSON too: so does the guard.
    response = await api.post(f"/api/workflows/{created['id']}/runs", content=inputs)
    assert problems(response)[0]["type"] == "json_too_deep"
    # The same objects nested deep, without the brackets of the depth guard: still a 422.
    objects = ('{"a":' * DEEP + "1" + "}" * DEEP).encode()
    detail = problems(await api.post("/api/workflows", content=objects, headers=headers))
    assert detail[0]["loc"][:4] == ["body", "a", "a", "a"]
    # A normal run on the same API right after.
    run = await start_run(api, created["id"], inputs={"x": "fine"})
    assert (await wait_for_run(api, run["id"]))["status"] == "completed"


async def test_the_expression_bomb_fails_the_run_through_the_api(api):
    bomb = "{{ " + " | ".join(["[@,@]"] * 20) + " }}"
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("bomb", "transform.set", {"fields": {"b": bomb}}),
        ],
        "edges": chain("start", "bomb"),
    }
    created = await create_workflow(api, graph)
    run = await start_run(api, created["id"], inputs={"x": "y" * 100})
    body = await wait_for_run(api, run["id"])
    assert body["status"] == "failed", body
    assert "EXPRESSION_MAX_RESULT_BYTES" in json.dumps(body)


def test_too_deep_ignores_brackets_inside_strings_and_names_the_path():
    text = json.dumps({"a": "[" * 100, "b": [{"c": [[1]]}]}).encode()
    assert too_deep(text, 5) is None
    assert too_deep(text, 3) == ["b", 0, "c"]
    escaped = b'{"k\\"[": ' + b"[" * 10 + b"]" * 10 + b"}"
    assert too_deep(escaped, 4) == ['k"[', 0, 0, 0]
