"""GraphWorkflow on Temporal: failed nodes fail the run, or route to `error` if allowed."""

import asyncio

from temporalio.client import WorkflowExecutionStatus

from tests.utils.graphs import chain, edge, node, run_graph, start_graph
from tests.utils.http_server import Reply
from tests.utils.runs import HEARTBEAT_SECONDS, node_failure


async def test_continue_on_error_routes_to_the_error_port(client, settings, worker, http_server):
    url = http_server.script("/missing", Reply(404, text="no such order"))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("fetch", "http.request", {"url": url}, continue_on_error=True),
            node("use", "util.noop", {"value": "{{ nodes.fetch.output.body }}"}),
            node("then", "util.noop", {"value": "after use"}),
            node("handle", "transform.set", {"fields": {"why": "{{ nodes.fetch.output.error }}"}}),
        ],
        "edges": [
            edge("start", "fetch"),
            *chain("fetch", "use", "then"),
            edge("fetch", "handle", "error"),
        ],
    }
    result = await run_graph(client, settings, graph)

    fetch = result.nodes["fetch"]
    assert (fetch.status, fetch.port, fetch.attempt) == ("failed", "error", 1)
    assert "404" in fetch.error and "no such order" in fetch.error
    assert fetch.output == {"error": fetch.error}
    assert [result.nodes[n].status for n in ("use", "then")] == ["skipped", "skipped"]
    assert result.output == {"handle": {"why": fetch.error}}
    assert len(http_server.requests("/missing")) == 1


async def test_failed_node_fails_the_run_and_cancels_its_siblings(
    client, settings, worker, http_server
):
    # `bad` answers 404 only once `slow` is in flight, so there is a sibling to cancel.
    bad = http_server.script("/bad", Reply(404, barrier=2, text="gone"))
    slow = http_server.script("/slow", Reply(hold=True, json={}))
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("bad", "http.request", {"url": bad}),
            node("slow", "http.request", {"url": slow}),
            node("after", "util.noop"),
        ],
        "edges": [edge("start", "bad"), edge("start", "slow"), edge("bad", "after")],
    }
    handle = await start_graph(client, settings, graph)
    error = await node_failure(handle)

    assert "node 'bad' (http.request) failed" in error.message and "404" in error.message
    detail = error.details[0]
    assert (detail["node_id"], detail["node_type"]) == ("bad", "http.request")
    nodes = detail["nodes"]
    assert nodes["bad"]["status"] == "failed" and "gone" in nodes["bad"]["error"]
    assert nodes["slow"] == nodes["slow"] | {
        "status": "failed",
        "error": "cancelled: another node failed",
    }
    assert nodes["after"]["status"] == "pending"
    assert nodes["start"]["status"] == "succeeded"
    call = await http_server.wait_for("/slow", disconnected=True, timeout=HEARTBEAT_SECONDS + 5)
    assert call.finished - call.started < HEARTBEAT_SECONDS


async def test_failing_inline_node_names_itself(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("shape", "transform.set", {"fields": {"n": "{{ length(inputs.count) }}"}}),
        ],
        "edges": chain("start", "shape"),
    }
    handle = await start_graph(client, settings, graph, {"count": 3})
    error = await node_failure(handle)

    assert "node 'shape' (transform.set) failed" in error.message
    assert "length" in error.message
    assert error.details[0]["nodes"]["shape"]["status"] == "failed"


async def test_delay_with_a_non_numeric_expression_fails_the_run(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("wait", "util.delay", {"seconds": "{{ inputs.wait }}"}),
        ],
        "edges": chain("start", "wait"),
    }
    handle = await start_graph(client, settings, graph, {"wait": "soon"})
    try:
        error = await asyncio.wait_for(node_failure(handle), timeout=15)
    finally:
        await _terminate_if_running(handle)

    assert "node 'wait' (util.delay) failed" in error.message
    assert "'soon'" in error.message


async def test_non_retryable_failure_is_not_retried(client, settings, worker, http_server):
    url = http_server.script("/teapot", Reply(418, text="short and stout"))
    graph = {
        "nodes": [node("brew", "http.request", {"url": url}, retry={"max_attempts": 5})],
        "edges": [],
    }
    handle = await start_graph(client, settings, graph)
    error = await node_failure(handle)

    assert error.details[0]["nodes"]["brew"]["attempt"] == 1
    assert len(http_server.requests("/teapot")) == 1


async def _terminate_if_running(handle) -> None:
    if (await handle.describe()).status == WorkflowExecutionStatus.RUNNING:
        await handle.terminate("test cleanup")
