"""Save-time checks of the transform, switch and fail configs, and catalog consistency."""

import pytest

from activities import NODE_TYPES
from activities.flow.spec import CONTROL_TYPES
from activities.transform import NODE_TYPES as TRANSFORM_TYPES
from interpreter import validate_graph
from interpreter._pure_nodes import INLINE_NODES
from tests.utils.graphs import edge, node

OURS = [*TRANSFORM_TYPES, *CONTROL_TYPES]


def problems(graph: dict) -> list[tuple[str | None, str, str]]:
    return [
        (e.node_id, e.field, e.message) for e in validate_graph(graph, NODE_TYPES, max_nodes=50)
    ]


def fields(node_type: str, config: dict) -> list[str]:
    return [f for _, f, _ in problems({"nodes": [node("n", node_type, config)], "edges": []})]


@pytest.mark.parametrize(
    ("node_type", "config", "field"),
    [
        ("transform.filter", {}, "config"),
        ("transform.filter", {"condition": "a", "rules": [{"field": "a", "op": "eq"}]}, "config"),
        ("transform.filter", {"rules": [{"field": "a", "op": "like"}]}, "config.rules[0].op"),
        ("transform.filter", {"condition": "a", "items": "not a list"}, "config.items"),
        ("transform.sort", {}, "config"),
        ("transform.sort", {"by": [{"field": "a", "direction": "up"}]}, "config.by[0].direction"),
        ("transform.aggregate", {"aggregations": [{"op": "sum"}]}, "config.aggregations[0]"),
        (
            "transform.aggregate",
            {"aggregations": [{"op": "mode", "field": "x"}]},
            "config.aggregations[0].op",
        ),
        ("transform.dedupe", {"keep": "any"}, "config.keep"),
        ("transform.join", {"on": []}, "config.on"),
        ("transform.join", {"on": [{"left": "a"}], "how": "outer"}, "config.how"),
        ("transform.template", {}, "config"),
        (
            "logic.switch",
            {"rules": [{"port": "default", "expression": "a"}]},
            "config.rules[0].port",
        ),
        ("logic.switch", {"rules": [{"port": "a b", "expression": "a"}]}, "config.rules[0].port"),
        ("logic.switch", {"rules": []}, "config.rules"),
        ("flow.fail", {}, "config"),
        ("flow.fail", {"message": ""}, "config.message"),
    ],
)
def test_bad_config_is_refused_naming_the_field(node_type, config, field):
    assert fields(node_type, config) == [field]


@pytest.mark.parametrize(
    ("node_type", "config"),
    [
        ("transform.filter", {"items": "{{ inputs.rows }}", "condition": "price > `10`"}),
        ("transform.filter", {"rules": [{"field": "a", "op": "gte", "value": "{{ inputs.x }}"}]}),
        ("transform.sort", {"by": [{"field": "a"}, {"field": "b", "direction": "desc"}]}),
        ("transform.aggregate", {"group_by": ["a"], "aggregations": [{"op": "count"}]}),
        ("transform.dedupe", {}),
        ("transform.join", {"on": [{"left": "id", "right": "customer_id"}], "how": "left"}),
        ("transform.template", {"template": "Hi {{ inputs.name }}"}),
        ("flow.fail", {"message": "stop: {{ inputs.reason }}"}),
    ],
)
def test_good_config_is_accepted(node_type, config):
    assert fields(node_type, config) == []


def test_switch_rule_ports_are_output_ports():
    graph = {
        "nodes": [
            node("route", "logic.switch", {"rules": [{"port": "big", "expression": "inputs.big"}]}),
            node("a", "transform.set", {"fields": {}}),
            node("b", "transform.set", {"fields": {}}),
            node("c", "transform.set", {"fields": {}}),
        ],
        "edges": [
            edge("route", "a", "big"),
            edge("route", "b", "default"),
            edge("route", "c", "small"),
        ],
    }
    [(node_id, field, message)] = problems(graph)
    assert (node_id, field) == ("route", "graph.edges[2].sourceHandle")
    assert "no output port 'small' (ports: default, big)" in message


def test_join_has_left_and_right_inputs_and_fail_has_no_output():
    graph = {
        "nodes": [
            node("a", "transform.set", {"fields": {}}),
            node("j", "transform.join", {"on": [{"left": "id"}]}),
            node("stop", "flow.fail", {"message": "no"}),
            node("after", "transform.set", {"fields": {}}),
        ],
        "edges": [edge("a", "j", target_port="left"), edge("a", "j"), edge("stop", "after")],
    }
    assert [(n, f) for n, f, _ in problems(graph)] == [
        ("j", "graph.edges[1].targetHandle"),
        ("stop", "graph.edges[2].sourceHandle"),
    ]


def test_every_inline_node_type_has_an_implementation_and_back():
    inline = {name for name, t in NODE_TYPES.items() if t.kind == "inline"}
    assert inline == set(INLINE_NODES)
    assert all(t.kind == "inline" for t in OURS)


def _undocumented(schema: dict, path: str) -> list[str]:
    missing = []
    for name, prop in schema.get("properties", {}).items():
        if not prop.get("description"):
            missing.append(f"{path}.{name}")
        nested = prop.get("items", prop)
        missing += _undocumented(nested, f"{path}.{name}")
    return missing


@pytest.mark.parametrize("node_type", OURS, ids=lambda t: t.type)
def test_every_config_and_output_field_is_described(node_type):
    assert _undocumented(node_type.config_schema, "config") == []
    assert _undocumented(node_type.output_schema, "output") == []
    assert node_type.description and node_type.label
