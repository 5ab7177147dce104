"""GraphWorkflow on Temporal: conditions, skipped branches and merges."""

import pytest

from tests.utils.graphs import chain, edge, node, run_graph


def branching(merge: bool) -> dict:
    """start → check → true: yes1 / false: no1 → no2 → no3, optionally joined by a merge."""
    nodes = [
        node("start", "trigger.manual"),
        node("check", "logic.condition", {"expression": "inputs.amount > `100`"}),
        node("yes1", "util.noop", {"value": {"route": "big", "amount": "{{ inputs.amount }}"}}),
        node("no1", "util.noop", {"value": {"route": "small"}}),
        node("no2", "transform.set", {"fields": {"route": "{{ nodes.no1.output.route }}"}}),
        node("no3", "util.noop", {"value": "{{ nodes.no2.output }}"}),
    ]
    edges = [
        edge("start", "check"),
        edge("check", "yes1", "true"),
        edge("check", "no1", "false"),
        *chain("no1", "no2", "no3"),
    ]
    if merge:
        nodes += [
            node("join", "logic.merge"),
            node("after", "transform.set", {"fields": {"merged": "{{ nodes.join.output }}"}}),
        ]
        edges += [edge("yes1", "join"), edge("no3", "join"), edge("join", "after")]
    return {"nodes": nodes, "edges": edges}


async def test_untaken_branch_is_skipped_down_the_chain(client, settings, worker):
    result = await run_graph(client, settings, branching(merge=False), {"amount": 150})

    states = result.nodes
    assert (states["check"].output, states["check"].port) == ({"result": True}, "true")
    assert states["yes1"].status == "succeeded"
    assert [states[n].status for n in ("no1", "no2", "no3")] == ["skipped"] * 3
    assert all(states[n].started_at is None for n in ("no1", "no2", "no3"))
    assert result.output == {"yes1": {"route": "big", "amount": 150}}


async def test_false_branch_runs_its_whole_chain(client, settings, worker):
    result = await run_graph(client, settings, branching(merge=False), {"amount": 20})

    assert result.nodes["check"].port == "false"
    assert result.nodes["yes1"].status == "skipped"
    assert [result.nodes[n].status for n in ("no1", "no2", "no3")] == ["succeeded"] * 3
    assert result.output == {"no3": {"route": "small"}}


@pytest.mark.parametrize(
    ("amount", "taken", "skipped"), [(150, "yes1", "no3"), (20, "no3", "yes1")]
)
async def test_merge_waits_for_the_taken_branch(client, settings, worker, amount, taken, skipped):
    result = await run_graph(client, settings, branching(merge=True), {"amount": amount})

    expected = {"yes1": {"route": "big", "amount": 150}, "no3": {"route": "small"}}[taken]
    assert result.nodes[skipped].status == "skipped"
    assert result.nodes["join"].status == "succeeded"
    assert result.nodes["join"].output == {taken: expected}
    assert result.output == {"after": {"merged": {taken: expected}}}


async def test_merge_of_two_taken_branches_has_both_outputs(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("left", "util.noop", {"value": "L"}),
            node("right", "transform.set", {"fields": {"side": "R"}}),
            node("join", "logic.merge"),
        ],
        "edges": [
            edge("start", "left"),
            edge("start", "right"),
            edge("left", "join"),
            edge("right", "join"),
        ],
    }
    result = await run_graph(client, settings, graph)

    assert result.output == {"join": {"left": "L", "right": {"side": "R"}}}


async def test_merge_with_no_taken_branch_is_skipped(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("check", "logic.condition", {"expression": "inputs.go"}),
            node("a", "util.noop"),
            node("b", "util.noop"),
            node("join", "logic.merge"),
            node("other", "util.noop", {"value": 1}),
        ],
        "edges": [
            edge("start", "check"),
            edge("check", "a", "true"),
            edge("check", "b", "true"),
            edge("a", "join"),
            edge("b", "join"),
            edge("check", "other", "false"),
        ],
    }
    result = await run_graph(client, settings, graph, {"go": False})

    assert [result.nodes[n].status for n in ("a", "b", "join")] == ["skipped"] * 3
    assert result.output == {"other": 1}
