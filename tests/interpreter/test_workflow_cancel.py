"""GraphWorkflow on Temporal: cancelling a run stops its timers and its activities."""

import asyncio

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import CancelledError

from interpreter import GraphWorkflow
from tests.utils.graphs import chain, node, start_graph
from tests.utils.http_server import Reply
from tests.utils.runs import HEARTBEAT_SECONDS


async def cancel_and_check(handle) -> dict:
    """Cancel a run; assert it ends CANCELED; answer its final node states."""
    await handle.cancel()
    with pytest.raises(WorkflowFailureError) as info:
        await handle.result()
    assert isinstance(info.value.cause, CancelledError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    return await handle.query(GraphWorkflow.node_states)


async def wait_until_running(handle, node_id: str) -> None:
    for _ in range(500):
        # Before the run's binding is verified no node has a state yet.
        state = (await handle.query(GraphWorkflow.node_states)).get(node_id)
        if state is not None and state.status == "running":
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{node_id} never started")


async def test_cancel_stops_a_long_delay(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("wait", "util.delay", {"seconds": 60}),
            node("after", "util.noop"),
        ],
        "edges": chain("start", "wait", "after"),
    }
    handle = await start_graph(client, settings, graph)
    await wait_until_running(handle, "wait")
    states = await cancel_and_check(handle)

    assert (states["wait"].status, states["wait"].error) == ("failed", "cancelled")
    assert states["after"].status == "pending"
    assert states["start"].status == "succeeded"


async def test_cancel_reaches_a_running_http_call(client, settings, worker, http_server):
    url = http_server.script("/slow", Reply(hold=True, json={"late": True}))
    graph = {
        "nodes": [node("start", "trigger.manual"), node("call", "http.request", {"url": url})],
        "edges": chain("start", "call"),
    }
    handle = await start_graph(client, settings, graph)
    await http_server.wait_for("/slow")
    states = await cancel_and_check(handle)

    assert (states["call"].status, states["call"].error) == ("failed", "cancelled")
    # The activity itself stopped: its connection dropped while the peer still held the answer,
    # sooner than a heartbeat timeout would have stopped it.
    call = await http_server.wait_for("/slow", disconnected=True, timeout=HEARTBEAT_SECONDS + 5)
    assert call.finished - call.started < HEARTBEAT_SECONDS
    assert len(http_server.requests("/slow")) == 1
