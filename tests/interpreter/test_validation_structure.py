"""validate_graph: the shape of the graph (ids, types, edges, ports, cycles, size)."""

from activities import NODE_TYPES
from interpreter import GraphError, validate_graph
from tests.utils.graphs import chain, edge, node


def problems(graph: object, max_nodes: int = 50) -> list[tuple[str | None, str]]:
    return [(e.node_id, e.field) for e in validate_graph(graph, NODE_TYPES, max_nodes=max_nodes)]


def test_a_valid_graph_has_no_errors():
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("check", "logic.condition", {"expression": "inputs.ok"}),
            node("yes", "util.noop"),
            node("no", "util.noop"),
            node("join", "logic.merge"),
        ],
        "edges": [
            edge("start", "check"),
            edge("check", "yes", "true"),
            edge("check", "no", "false"),
            edge("yes", "join"),
            edge("no", "join"),
        ],
    }
    assert validate_graph(graph, NODE_TYPES, max_nodes=50) == []


def test_not_an_object_or_lists():
    assert problems([]) == [(None, "graph")]
    assert problems({"nodes": {}}) == [(None, "graph.nodes")]
    assert problems({"nodes": [], "edges": "x"}) == [(None, "graph.edges")]


def test_cycle_names_its_nodes():
    graph = {
        "nodes": [node("start", "trigger.manual"), node("a", "util.noop"), node("b", "util.noop")],
        "edges": [*chain("start", "a", "b"), edge("b", "a")],
    }
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [("a", "graph.edges")]
    assert "cycle through a, b" in errors[0].message


def test_self_loop_is_rejected():
    graph = {"nodes": [node("a", "util.noop")], "edges": [edge("a", "a")]}
    assert problems(graph) == [("a", "graph.edges[0].target")]


def test_duplicate_ids():
    graph = {"nodes": [node("a", "util.noop"), node("a", "util.noop")], "edges": []}
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert errors == [GraphError("a", "id", "duplicate node id 'a'")]


def test_invalid_id():
    graph = {"nodes": [node("a", "util.noop"), node("1 bad", "util.noop")], "edges": []}
    assert problems(graph) == [(None, "graph.nodes[1].id")]


def test_edges_to_missing_nodes():
    graph = {
        "nodes": [node("a", "util.noop")],
        "edges": [edge("a", "ghost"), edge("phantom", "a")],
    }
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [
        (None, "graph.edges[0].target"),
        (None, "graph.edges[1].source"),
    ]
    assert "'ghost'" in errors[0].message and "'phantom'" in errors[1].message


def test_edge_from_missing_output_port():
    graph = {
        "nodes": [
            node("check", "logic.condition", {"expression": "inputs.x"}),
            node("a", "util.noop"),
        ],
        "edges": [edge("check", "a", "out")],
    }
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [("check", "graph.edges[0].sourceHandle")]
    assert "true, false" in errors[0].message


def test_error_port_exists_only_with_continue_on_error():
    nodes = [node("a", "util.noop"), node("b", "util.noop")]
    assert problems({"nodes": nodes, "edges": [edge("a", "b", "error")]}) == [
        ("a", "graph.edges[0].sourceHandle")
    ]
    nodes[0] = node("a", "util.noop", continue_on_error=True)
    assert problems({"nodes": nodes, "edges": [edge("a", "b", "error")]}) == []


def test_edge_to_missing_input_port():
    graph = {
        "nodes": [node("a", "util.noop"), node("start", "trigger.manual")],
        "edges": [edge("a", "start"), edge("start", "a", target_port="side")],
    }
    assert problems(graph) == [
        ("start", "graph.edges[0].targetHandle"),
        ("a", "graph.edges[1].targetHandle"),
    ]


def test_unknown_node_type():
    graph = {"nodes": [node("a", "http.teleport")], "edges": []}
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [("a", "type")]
    assert "'http.teleport'" in errors[0].message


def test_more_nodes_than_the_limit():
    graph = {"nodes": [node(f"n{i}", "util.noop") for i in range(4)], "edges": []}
    assert problems(graph, max_nodes=4) == []
    errors = validate_graph(graph, NODE_TYPES, max_nodes=3)
    assert errors == [GraphError(None, "graph.nodes", "has 4 nodes; the limit is 3")]
