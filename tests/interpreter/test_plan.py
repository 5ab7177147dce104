"""build_plan: each node's type defaults with the node's own overrides."""

from activities import NODE_TYPES
from interpreter import EdgePlan, RetrySpec, build_plan
from tests.utils.graphs import edge, node


def test_type_defaults_and_node_overrides_are_resolved():
    graph = {
        "nodes": [
            node("plain", "http.request", {"url": "http://h"}),
            node(
                "tuned",
                "http.request",
                {"url": "http://h"},
                label="Tuned call",
                retry={"max_attempts": 2, "initial_interval_seconds": 0.1},
                timeout_seconds=5,
                continue_on_error=True,
                execution="local",
            ),
        ],
        "edges": [{"id": "e", "source": "plain", "target": "tuned"}],
    }
    plan = build_plan(
        graph, NODE_TYPES, workflow_id="w", workflow_name="n", version=3, max_parallel=4
    )
    plain, tuned = plan.nodes
    assert (plan.version, plan.max_parallel) == (3, 4)
    assert plain.retry == NODE_TYPES["http.request"].retry
    assert plain.timeout_seconds == 330.0 and plain.heartbeat_seconds == 10.0
    assert plain.output_ports == ["out"] and plain.execution == "activity"
    assert plain.label == "plain"
    assert tuned.retry == RetrySpec(
        max_attempts=2,
        initial_interval_seconds=0.1,
        backoff_coefficient=2.0,
        maximum_interval_seconds=60.0,
    )
    assert tuned.timeout_seconds == 5.0 and tuned.label == "Tuned call"
    assert tuned.continue_on_error and tuned.output_ports == ["out", "error"]
    assert tuned.execution == "local"
    assert plan.edges == [EdgePlan("plain", "out", "tuned", "in")]


def test_inline_and_merge_kinds_come_from_the_type():
    graph = {
        "nodes": [node("m", "logic.merge"), node("d", "util.delay", {"seconds": 1})],
        "edges": [edge("m", "d")],
    }
    plan = build_plan(
        graph, NODE_TYPES, workflow_id="w", workflow_name="n", version=1, max_parallel=1
    )
    merge, delay = plan.nodes
    assert (merge.kind, merge.waits_for_any) == ("inline", True)
    assert (delay.kind, delay.waits_for_any) == ("timer", False)
