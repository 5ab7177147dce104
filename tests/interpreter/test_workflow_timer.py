"""GraphWorkflow on Temporal: `util.delay` is a durable server-side timer."""

from datetime import timedelta

from temporalio.api.enums.v1 import EventType

from interpreter import RunResult
from tests.utils.graphs import chain, node, start_graph
from tests.utils.runs import interval


async def test_delay_is_a_durable_timer(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("wait", "util.delay", {"seconds": "{{ inputs.seconds }}"}, label="Wait a bit"),
            node("after", "util.noop", {"value": "done"}),
        ],
        "edges": chain("start", "wait", "after"),
    }
    handle = await start_graph(client, settings, graph, {"seconds": 1})
    result = RunResult.from_dict(await handle.result())

    assert result.output == {"after": "done"}
    assert result.nodes["wait"].status == "succeeded"
    started, finished = interval(result.nodes["wait"])
    assert finished - started >= timedelta(seconds=1)
    history = await handle.fetch_history()
    timers = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_TIMER_STARTED]
    assert len(timers) == 1
    assert timers[
        0
    ].timer_started_event_attributes.start_to_fire_timeout.ToTimedelta() == timedelta(seconds=1)
    fired = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_TIMER_FIRED]
    assert len(fired) == 1
