"""The expression language: rendering config values and condition truthiness."""

import pytest

from interpreter import ExpressionError, render
from interpreter._expressions import check_expression, evaluate_condition, find_expressions

CONTEXT = {
    "inputs": {"n": 21, "name": "Ada", "tags": ["a", "b"], "empty": "", "flag": False},
    "nodes": {
        "fetch": {"output": {"status": 200, "body": {"items": [{"id": 7}, {"id": 8}]}}},
        "my-node": {"output": {"ok": True}},
    },
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{{ inputs.n }}", 21),
        ("  {{ inputs.tags }} ", ["a", "b"]),
        ("{{ nodes.fetch.output.body.items[0] }}", {"id": 7}),
        ("{{ nodes.fetch.output.body.items[*].id }}", [7, 8]),
        ("{{ inputs.flag }}", False),
        ("{{ inputs.missing }}", None),
        ('{{ nodes."my-node".output.ok }}', True),
    ],
)
def test_whole_field_expression_keeps_the_type(value, expected):
    assert render(value, CONTEXT) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Hello {{ inputs.name }}!", "Hello Ada!"),
        ("n={{ inputs.n }}", "n=21"),
        ("{{ inputs.name }} has {{ inputs.n }}", "Ada has 21"),
        ("tags: {{ inputs.tags }}", 'tags: ["a","b"]'),
        ("first: {{ nodes.fetch.output.body.items[0] }}", 'first: {"id":7}'),
        ("[{{ inputs.missing }}]", "[]"),
        ("ok={{ inputs.flag }}", "ok=false"),
    ],
)
def test_interpolation_renders_text(value, expected):
    assert render(value, CONTEXT) == expected


def test_nested_dicts_and_lists_are_rendered():
    value = {
        "url": "http://h/{{ inputs.name }}",
        "json": {"ids": ["{{ nodes.fetch.output.body.items[1].id }}", 3], "n": "{{ inputs.n }}"},
        "literal": {"x": [1, None, True]},
    }
    assert render(value, CONTEXT) == {
        "url": "http://h/Ada",
        "json": {"ids": [8, 3], "n": 21},
        "literal": {"x": [1, None, True]},
    }


def test_values_without_expressions_are_returned_as_is():
    for value in (5, None, "plain {text}", ["a"], {"k": 1.5}):
        assert render(value, CONTEXT) == value


def test_render_raises_expression_error_on_a_type_error():
    with pytest.raises(ExpressionError, match="failed"):
        render("{{ length(inputs.n) }}", CONTEXT)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("nodes.fetch.output.status == `200`", True),
        ("{{ nodes.fetch.output.status == `404` }}", False),
        ("inputs.n", True),
        ("inputs.empty", False),
        ("inputs.flag", False),
        ("inputs.missing", False),
        ("inputs.tags", True),
        ("`[]`", False),
        ("`{}`", False),
        ("`0`", False),
        ("length(inputs.tags) > `1`", True),
    ],
)
def test_condition_truthiness(expression, expected):
    assert evaluate_condition(expression, CONTEXT) is expected


def test_find_expressions_reports_field_paths():
    config = {"url": "http://h/{{ a.b }}/{{ c }}", "json": {"list": [1, "{{ d }}"]}}
    assert find_expressions(config) == [
        ("config.url", "a.b"),
        ("config.url", "c"),
        ("config.json.list[1]", "d"),
    ]


def test_check_expression_answers_the_nodes_it_reads():
    assert check_expression('nodes.a.output.x || nodes."b-2".output') == {"a", "b-2"}
    assert check_expression("inputs.nodes.x") == set()
    with pytest.raises(ExpressionError, match="invalid expression"):
        check_expression("nodes.a[")
    with pytest.raises(ExpressionError, match="empty"):
        check_expression("")
