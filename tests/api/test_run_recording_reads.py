"""Recording a finished run reads its result, never the `node_states` query: a query of a
closed run makes a worker replay the whole run to answer it."""

from typing import Any

import pytest
from temporalio.client import (
    Client,
    Interceptor,
    OutboundInterceptor,
    QueryWorkflowInput,
    WorkflowFailureError,
)

from api.runs.control import fetch_state
from core.models import Run
from interpreter import measure
from tests.utils.graphs import chain, node, start_graph


class CountQueries(Interceptor):
    def __init__(self) -> None:
        self.queries = 0

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        counter = self

        class Counting(OutboundInterceptor):
            async def query_workflow(self, input: QueryWorkflowInput) -> Any:
                counter.queries += 1
                return await super().query_workflow(input)

        return Counting(next)


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
    counter = CountQueries()
    counting = Client(
        client.service_client,
        namespace=client.namespace,
        data_converter=client.data_converter,
        interceptors=[counter],
    )
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
    counter = CountQueries()
    counting = Client(
        client.service_client,
        namespace=client.namespace,
        data_converter=client.data_converter,
        interceptors=[counter],
    )
    run = Run(temporal_workflow_id=handle.id, temporal_run_id=handle.result_run_id)

    recorded = await fetch_state(counting, run, outputs=False)
    assert recorded.status == "failed" and "stop here" in (recorded.error or "")
    assert counter.queries == 0
    assert recorded.output_bytes is not None and set(recorded.output_bytes) == {"start", "a", "b"}
    assert recorded.nodes["boom"].status == "failed"
