"""http.request against a local peer: what is sent, and how the answer becomes the output."""

import pytest

from tests.utils.graphs import node, run_graph
from tests.utils.http_server import Reply


def one_node(config: dict, **data: object) -> dict:
    return {"nodes": [node("call", "http.request", config, **data)], "edges": []}


async def test_get_parses_a_json_body(client, settings, worker, http_server):
    url = http_server.script("/items", Reply(json={"items": [1, 2], "next": None}))
    result = await run_graph(client, settings, one_node({"url": url}))

    output = result.output["call"]
    assert output["status"] == 200
    assert output["body"] == {"items": [1, 2], "next": None}
    assert output["headers"]["content-type"] == "application/json"
    [call] = http_server.requests("/items")
    assert (call.method, call.body) == ("GET", b"")


async def test_post_json_with_headers_and_query(client, settings, worker, http_server):
    url = http_server.script("/orders", Reply(201, json={"id": "o-1"}))
    config = {
        "method": "POST",
        "url": url,
        "headers": {"Authorization": "Bearer t0ken", "X-Trace": "abc"},
        "query": {"dry_run": True, "page": 2, "q": "a b"},
        "json": {"sku": "A", "qty": 2, "tags": ["x"]},
    }
    result = await run_graph(client, settings, one_node(config))

    assert result.output["call"]["status"] == 201
    [call] = http_server.requests("/orders")
    assert call.method == "POST"
    assert call.json() == {"sku": "A", "qty": 2, "tags": ["x"]}
    assert call.headers["content-type"] == "application/json"
    assert call.headers["authorization"] == "Bearer t0ken"
    assert call.headers["x-trace"] == "abc"
    assert call.query == {"dry_run": ["true"], "page": ["2"], "q": ["a b"]}


async def test_post_form_body(client, settings, worker, http_server):
    url = http_server.script("/form", Reply(text="thanks"))
    config = {"method": "POST", "url": url, "body": {"name": "Ada Lovelace", "n": "1&2"}}
    result = await run_graph(client, settings, one_node(config))

    assert result.output["call"]["body"] == "thanks"
    [call] = http_server.requests("/form")
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.form() == {"name": ["Ada Lovelace"], "n": ["1&2"]}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_raw_text_body_and_method(client, settings, worker, http_server, method):
    url = http_server.script("/raw", Reply(204))
    result = await run_graph(
        client, settings, one_node({"method": method, "url": url, "body": "<x/>"})
    )

    assert result.output["call"]["status"] == 204
    [call] = http_server.requests("/raw")
    assert (call.method, call.body) == (method, b"<x/>")


async def test_json_content_type_with_bad_json_falls_back_to_text(
    client, settings, worker, http_server
):
    url = http_server.script(
        "/bad", Reply(text="{oops", headers={"Content-Type": "application/json"})
    )
    result = await run_graph(client, settings, one_node({"url": url}))

    assert result.output["call"]["body"] == "{oops"


async def test_oversized_body_is_claim_checked_not_put_in_history(
    client, settings, worker, http_server
):
    size = settings.max_inline_payload_bytes + 1000
    url = http_server.script("/big", Reply(text="x" * size))
    result = await run_graph(client, settings, one_node({"url": url}))

    output = result.output["call"]
    assert output["status"] == 200, "small fields stay inline for expressions"
    assert output["body"]["$blob"] and output["body"]["size"] >= size
    assert len(http_server.requests("/big")) == 1


async def test_side_effecting_calls_send_one_idempotency_key_across_retries(
    client, settings, worker, http_server
):
    url = http_server.script("/pay", Reply(503), Reply(200, json={"ok": True}))
    graph = one_node({"method": "POST", "url": url, "json": {"amount": 5}})
    graph["nodes"][0]["data"]["retry"] = {"initial_interval_seconds": 0.1}
    await run_graph(client, settings, graph)
    first, second = http_server.requests("/pay")
    key = first.headers["idempotency-key"]
    assert key == second.headers["idempotency-key"] and key.endswith(":call")
    get_url = http_server.script("/read", Reply(json={}))
    await run_graph(client, settings, one_node({"url": get_url}))
    [read] = http_server.requests("/read")
    assert "idempotency-key" not in read.headers
