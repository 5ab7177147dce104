"""validate_graph: node config against its type's schema, per-node options, expressions."""

import pytest

from activities import NODE_TYPES
from interpreter import validate_graph
from tests.utils.graphs import chain, edge, node


def problems(graph: dict) -> list[tuple[str | None, str]]:
    return [(e.node_id, e.field) for e in validate_graph(graph, NODE_TYPES, max_nodes=50)]


def single(node_type: str, config: dict | None = None, **data: object) -> dict:
    return {"nodes": [node("n", node_type, config, **data)], "edges": []}


@pytest.mark.parametrize(
    ("node_type", "config", "field"),
    [
        ("http.request", {"url": "ftp://example.com"}, "config.url"),
        ("http.request", {}, "config"),
        ("http.request", {"url": "http://x", "method": "BREW"}, "config.method"),
        ("http.request", {"url": "http://x", "headers": {"X-Count": 3}}, "config.headers.X-Count"),
        ("http.request", {"url": "http://x", "json": {}, "body": "raw"}, "config"),
        ("http.request", {"url": "http://x", "verbose": True}, "config"),
        ("util.delay", {"seconds": -1}, "config.seconds"),
        ("logic.condition", {"expression": ""}, "config.expression"),
        ("transform.set", {"fields": []}, "config.fields"),
    ],
)
def test_config_must_match_the_type_schema(node_type, config, field):
    assert problems(single(node_type, config)) == [("n", field)]


def test_schema_message_is_kept():
    [error] = validate_graph(
        single("http.request", {"url": "file:///etc"}), NODE_TYPES, max_nodes=5
    )
    assert "does not match '^https?://'" in error.message


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"retry": {"max_attempts": -1}}, "data.retry.max_attempts"),
        ({"retry": {"initial_interval_seconds": 0}}, "data.retry.initial_interval_seconds"),
        ({"retry": {"backoff_coefficient": 0.5}}, "data.retry.backoff_coefficient"),
        ({"retry": {"attempts": 3}}, "data.retry"),
        ({"execution": "remote"}, "data.execution"),
        ({"timeout_seconds": 0}, "data.timeout_seconds"),
        ({"continue_on_error": "yes"}, "data.continue_on_error"),
    ],
)
def test_bad_node_options(data, field):
    assert problems(single("util.noop", **data)) == [("n", field)]


def test_local_execution_only_for_activity_nodes():
    assert problems(single("util.noop", execution="local")) == []
    assert problems(single("transform.set", {"fields": {}}, execution="local")) == [
        ("n", "data.execution")
    ]


def test_whole_field_expressions_satisfy_required_and_typed_fields():
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("fetch", "http.request", {"url": "{{ inputs.url }}", "method": "{{ inputs.m }}"}),
            node("wait", "util.delay", {"seconds": "{{ inputs.wait }}"}),
            node("check", "logic.condition", {"expression": "{{ nodes.fetch.output.ok }}"}),
        ],
        "edges": chain("start", "fetch", "wait", "check"),
    }
    assert problems(graph) == []


def test_partial_expression_in_a_patterned_field_is_accepted():
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("fetch", "http.request", {"url": "{{ inputs.base }}/orders"}),
        ],
        "edges": chain("start", "fetch"),
    }
    assert problems(graph) == []


def test_literal_beside_an_expression_is_still_checked():
    config = {"url": "{{ inputs.url }}", "timeout_seconds": 900}
    graph = {"nodes": [node("start", "trigger.manual"), node("f", "http.request", config)]}
    graph["edges"] = chain("start", "f")
    assert problems(graph) == [("f", "config.timeout_seconds")]


def test_expression_reading_a_node_that_is_not_upstream():
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("a", "util.noop"),
            node("b", "util.noop", {"value": {"from_a": "{{ nodes.a.output }}"}}),
        ],
        "edges": [edge("start", "a"), edge("start", "b")],
    }
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [("b", "config.value.from_a")]
    assert "not upstream of 'b'" in errors[0].message


def test_expression_reading_a_downstream_node():
    graph = {
        "nodes": [
            node("a", "util.noop", {"value": "{{ nodes.b.output }}"}),
            node("b", "util.noop"),
        ],
        "edges": [edge("a", "b")],
    }
    assert problems(graph) == [("a", "config.value")]


def test_expression_reading_an_unknown_node():
    graph = {
        "nodes": [node("a", "http.request", {"url": "http://h/{{ nodes.ghost.output.id }}"})],
        "edges": [],
    }
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [("a", "config.url")]
    assert "unknown node 'ghost'" in errors[0].message


def test_expression_in_a_list_reports_its_index():
    graph = {
        "nodes": [node("a", "util.noop", {"value": ["ok", "{{ nodes.nope.output }}"]})],
        "edges": [],
    }
    assert problems(graph) == [("a", "config.value[1]")]


@pytest.mark.parametrize("body", ["{{ nodes.a.output[ }}", "{{ }}", "{{ inputs.( }}"])
def test_bad_expression_syntax(body):
    graph = {"nodes": [node("a", "util.noop", {"value": body})], "edges": []}
    errors = validate_graph(graph, NODE_TYPES, max_nodes=50)
    assert [(e.node_id, e.field) for e in errors] == [("a", "config.value")]
    assert "expression" in errors[0].message
