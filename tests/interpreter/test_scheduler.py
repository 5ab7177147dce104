"""Scheduler: readiness, branch-taking, skips and merges, without Temporal."""

from interpreter import EdgePlan, NodePlan, RetrySpec, RunPlan
from interpreter._scheduler import Scheduler


def plan(nodes: dict[str, bool], edges: list[tuple[str, str, str]]) -> RunPlan:
    """`nodes`: id → waits_for_any; `edges`: (source, port, target)."""
    return RunPlan(
        workflow_id="w",
        workflow_name="w",
        version=1,
        nodes=[
            NodePlan(
                id=node_id,
                type="util.noop",
                label=node_id,
                kind="activity",
                config={},
                output_ports=["out"],
                retry=RetrySpec(),
                timeout_seconds=1.0,
                heartbeat_seconds=None,
                waits_for_any=waits_for_any,
            )
            for node_id, waits_for_any in nodes.items()
        ],
        edges=[EdgePlan(s, port, t, "in") for s, port, t in edges],
    )


def ids(scheduler: Scheduler) -> list[str]:
    return [n.id for n in scheduler.ready()]


def test_ready_follows_dependencies_in_graph_order():
    s = Scheduler(
        plan({"a": False, "b": False, "c": False}, [("a", "out", "c"), ("b", "out", "c")])
    )
    assert ids(s) == ["a", "b"]
    s.start("a")
    s.start("b")
    assert ids(s) == []
    s.finish("a", "out")
    assert ids(s) == []
    s.finish("b", "out")
    assert ids(s) == ["c"]
    assert s.taken("c") and not s.done
    s.start("c")
    s.finish("c", "out")
    assert s.done and ids(s) == []


def test_node_behind_an_untaken_port_is_skipped_and_skips_propagate():
    s = Scheduler(
        plan(
            {"check": False, "yes": False, "no": False, "after_no": False},
            [("check", "true", "yes"), ("check", "false", "no"), ("no", "out", "after_no")],
        )
    )
    s.start("check")
    s.finish("check", "true")
    assert ids(s) == ["yes", "no"]
    assert s.taken("yes") and not s.taken("no")
    s.start("no")
    s.finish("no", None)
    assert not s.taken("after_no")


def test_node_needs_every_incoming_branch_unless_it_waits_for_any():
    edges = [("a", "out", "all"), ("b", "out", "all"), ("a", "out", "any"), ("b", "out", "any")]
    s = Scheduler(plan({"a": False, "b": False, "all": False, "any": True}, edges))
    for node_id, port in (("a", "out"), ("b", None)):
        s.start(node_id)
        s.finish(node_id, port)
    assert ids(s) == ["all", "any"]
    assert not s.taken("all")
    assert s.taken("any")
    assert s.active_inputs("any") == {"in": ["a"]}


def test_merge_is_skipped_when_no_branch_was_taken():
    s = Scheduler(plan({"a": False, "b": False, "m": True}, [("a", "out", "m"), ("b", "out", "m")]))
    for node_id in ("a", "b"):
        s.start(node_id)
        s.finish(node_id, None)
    assert not s.taken("m")
    assert s.active_inputs("m") == {}


def test_error_port_routes_only_to_error_edges():
    s = Scheduler(
        plan(
            {"a": False, "ok": False, "handler": False},
            [("a", "out", "ok"), ("a", "error", "handler")],
        )
    )
    s.start("a")
    s.finish("a", "error")
    assert not s.taken("ok")
    assert s.taken("handler")


def test_sinks_are_nodes_without_outgoing_edges():
    s = Scheduler(plan({"a": False, "b": False, "c": False}, [("a", "out", "b")]))
    assert s.sinks() == ["b", "c"]
