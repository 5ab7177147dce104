"""http.request error classification: 5xx, 429 and timeouts retry; other 4xx fail at once."""

import email.utils
import time

import pytest

from tests.utils.graphs import node, run_graph, start_graph
from tests.utils.http_server import Reply
from tests.utils.runs import FAST_RETRY, node_failure
from worker.dev_server import free_port


def one_node(config: dict, retry: dict | None = None) -> dict:
    return {
        "nodes": [node("call", "http.request", config, retry=retry or FAST_RETRY)],
        "edges": [],
    }


async def test_503_twice_then_success(client, settings, worker, http_server):
    url = http_server.script("/flaky", Reply(503), Reply(503), Reply(json={"ok": True}))
    result = await run_graph(client, settings, one_node({"url": url}))

    assert result.output == {"call": result.nodes["call"].output}
    assert result.nodes["call"].output["body"] == {"ok": True}
    assert result.nodes["call"].attempt == 3
    assert len(http_server.requests("/flaky")) == 3


async def test_404_fails_the_run_naming_the_node(client, settings, worker, http_server):
    url = http_server.script("/nothing", Reply(404, text="no such thing"))
    handle = await start_graph(client, settings, one_node({"url": url}))
    error = await node_failure(handle)

    assert "node 'call' (http.request) failed" in error.message
    assert "404" in error.message and "no such thing" in error.message
    state = error.details[0]["nodes"]["call"]
    assert (state["status"], state["attempt"]) == ("failed", 1)
    assert "404" in state["error"]
    assert len(http_server.requests("/nothing")) == 1


async def test_5xx_until_attempts_run_out(client, settings, worker, http_server):
    url = http_server.script("/down", Reply(502))
    handle = await start_graph(
        client, settings, one_node({"url": url}, {**FAST_RETRY, "max_attempts": 3})
    )
    error = await node_failure(handle)

    assert "502" in error.message
    assert error.details[0]["nodes"]["call"]["attempt"] == 3
    assert len(http_server.requests("/down")) == 3


@pytest.mark.parametrize(
    "retry_after",
    [lambda: "1", lambda: email.utils.formatdate(time.time() + 2, usegmt=True)],
    ids=["seconds", "http-date"],
)
async def test_429_waits_for_retry_after(client, settings, worker, http_server, retry_after):
    url = http_server.script(
        "/limited", Reply(429, headers={"Retry-After": retry_after()}), Reply(json={"ok": 1})
    )
    result = await run_graph(client, settings, one_node({"url": url}))

    assert result.nodes["call"].attempt == 2
    first, second = http_server.requests("/limited")
    # The node's own retry interval is 0.1 s: a later second call is the peer's Retry-After.
    assert second.started - first.started >= 0.9


async def test_429_with_a_malformed_retry_after_is_still_a_429(
    client, settings, worker, http_server
):
    url = http_server.script("/limited", Reply(429, headers={"Retry-After": "soon"}))
    handle = await start_graph(
        client, settings, one_node({"url": url}, {**FAST_RETRY, "max_attempts": 2})
    )
    error = await node_failure(handle)

    assert "answered 429" in error.message
    assert len(http_server.requests("/limited")) == 2


async def test_timeout_is_retried(client, settings, worker, http_server):
    url = http_server.script(
        "/slow-once", Reply(delay=3, json={"late": 1}), Reply(json={"on": "time"})
    )
    result = await run_graph(client, settings, one_node({"url": url, "timeout_seconds": 0.3}))

    assert result.nodes["call"].attempt == 2
    assert result.nodes["call"].output["body"] == {"on": "time"}
    first, second = http_server.requests("/slow-once")
    assert first.disconnected and not second.disconnected


async def test_connection_refused_is_retried(client, settings, worker, http_server):
    url = f"http://127.0.0.1:{free_port()}/nobody-home"
    handle = await start_graph(
        client, settings, one_node({"url": url}, {**FAST_RETRY, "max_attempts": 2})
    )
    error = await node_failure(handle)

    assert "ConnectError" in error.message
    assert error.details[0]["nodes"]["call"]["attempt"] == 2
