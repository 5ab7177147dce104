"""Recording a finished run reads its result, never the `node_states` query: a query of a
closed run makes a worker replay the whole run to answer it."""

import asyncio
from typing import Any

import pytest
from temporalio.client import (
    Client,
    DescribeWorkflowInput,
    Interceptor,
    OutboundInterceptor,
    QueryWorkflowInput,
    WorkflowExecutionStatus,
    WorkflowFailureError,
)

from api.runs.control import closed_state, fetch_state
from core.models import Run
from interpreter import measure
from tests.utils.graphs import chain, node, start_graph


class CountQueries(Interceptor):
    """Counts the client's node_states queries and describe calls."""

    def __init__(self) -> None:
        self.queries = 0
        self.describes = 0

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        counter = self

        class Counting(OutboundInterceptor):
            async def query_workflow(self, input: QueryWorkflowInput) -> Any:
                counter.queries += 1
                return await super().query_workflow(input)

            async def describe_workflow(self, input: DescribeWorkflowInput) -> Any:
                counter.describes += 1
                return await super().describe_workflow(input)

        return Counting(next)


def counting_client(client: Client) -> tuple[Client, CountQueries]:
    counter = CountQueries()
    counting = Client(
        client.service_client,
        namespace=client.namespace,
        data_converter=client.data_converter,
        interceptors=[counter],
    )
    return counting, counter


GRAPH = {
    "nodes": [
        node("start", "trigger.manual"),
        node("a", "util.noop", {"value": {"greeting": "hello", "n": [1, 2, 3]}}),
        node("b", "transform.set", {"fields": {"copy": "{{ nodes.a.output.greeting }}"}}),
    ],
    "edges": chain("start", "a", "b"),
}


async def test_a_finished_run_is_recorded_with_output_sizes_and_no_query(client, settings, worker):
    handle = await start_graph(client, settings, GRAPH)
    await handle.result()
    counting, counter = counting_client(client)
    run = Run(temporal_workflow_id=handle.id, temporal_run_id=handle.result_run_id)

    recorded = await fetch_state(counting, run, outputs=False)
    assert counter.queries == 0, "the recorder's read made a worker replay the run"
    read = await fetch_state(counting, run)
    assert counter.queries == 1, "the run page's read asks for the outputs"

    outputs = {node_id: state.output for node_id, state in read.nodes.items()}
    assert outputs["b"] == {"copy": "hello"}
    assert recorded.status == read.status == "completed"
    assert recorded.output_bytes == {k: measure(v, 10**9) for k, v in outputs.items()}
    assert all(state.output is None for state in recorded.nodes.values())
    assert {k: s.status for k, s in recorded.nodes.items()} == dict.fromkeys(outputs, "succeeded")


async def test_a_failed_run_is_recorded_with_output_sizes_and_no_query(client, settings, worker):
    graph = {
        "nodes": [*GRAPH["nodes"], node("boom", "flow.fail", {"message": "stop here"})],
        "edges": [*GRAPH["edges"], *chain("b", "boom")],
    }
    handle = await start_graph(client, settings, graph)
    with pytest.raises(WorkflowFailureError):
        await handle.result()
    counting, counter = counting_client(client)
    run = Run(temporal_workflow_id=handle.id, temporal_run_id=handle.result_run_id)

    recorded = await fetch_state(counting, run, outputs=False)
    assert recorded.status == "failed" and "stop here" in (recorded.error or "")
    assert counter.queries == 0
    assert recorded.output_bytes is not None and set(recorded.output_bytes) == {"start", "a", "b"}
    assert recorded.nodes["boom"].status == "failed"


async def test_the_recorder_reads_a_listed_run_with_its_result_alone(client, settings, worker):
    """The sweep's listing already says how the run closed: no describe, no query."""
    handle = await start_graph(client, settings, GRAPH)
    await handle.result()
    run = Run(temporal_workflow_id=handle.id, temporal_run_id=handle.result_run_id)
    [execution] = [e async for e in client.list_workflows(f"WorkflowId = '{handle.id}'")]
    for _ in range(100):  # visibility may lag the close a little
        if execution.status != WorkflowExecutionStatus.RUNNING:
            break
        await asyncio.sleep(0.05)
        [execution] = [e async for e in client.list_workflows(f"WorkflowId = '{handle.id}'")]
    counting, counter = counting_client(client)

    listed = await closed_state(counting, run, execution)
    assert (counter.describes, counter.queries) == (0, 0)
    described = await fetch_state(counting, run, outputs=False)
    assert counter.describes == 1
    assert (listed.status, listed.closed_at) == (described.status, described.closed_at)
    assert listed.output_bytes == described.output_bytes and listed.output_bytes
    assert listed.totals == described.totals
