"""transform.template, logic.switch and flow.fail as the workflow calls them."""

import pytest

from interpreter._pure_nodes import INLINE_NODES
from interpreter._transform_control import FlowFailed

CONTEXT = {
    "inputs": {"name": "Ada", "priority": "high", "region": "eu"},
    "nodes": {"order": {"output": {"id": 7, "total": 12.5, "lines": [{"sku": "A"}], "note": None}}},
}


def call(node_type: str, config: dict) -> tuple:
    return INLINE_NODES[node_type](config, CONTEXT, {"in": ["order"]})


def test_template_renders_text_data_as_json_and_null_as_nothing():
    output, port = call(
        "transform.template",
        {
            "template": "Hi {{ inputs.name }}: order {{ nodes.order.output.id }} "
            "({{ nodes.order.output.total }}) {{ nodes.order.output.lines }}"
            "[{{ nodes.order.output.note }}] {{ join(',', nodes.order.output.lines[*].sku) }}"
        },
    )
    assert port == "out"
    assert output == {"text": 'Hi Ada: order 7 (12.5) [{"sku":"A"}][] A'}


def test_template_that_is_one_expression_is_still_text():
    assert call("transform.template", {"template": "{{ nodes.order.output.total }}"})[0] == {
        "text": "12.5"
    }
    assert call("transform.template", {"template": "plain"})[0] == {"text": "plain"}


def test_template_errors():
    with pytest.raises(ValueError, match="config.template must be text"):
        call("transform.template", {"template": {"not": "text"}})
    with pytest.raises(ValueError, match="expression 'nodes.\\[' failed"):
        call("transform.template", {"template": "Hi {{ nodes.[ }}"})


RULES = [
    {"port": "urgent", "expression": "inputs.priority == 'high'"},
    {"port": "europe", "expression": "{{ inputs.region == 'eu' }}"},
]


def test_switch_first_matching_rule_wins():
    assert call("logic.switch", {"rules": RULES}) == ({"port": "urgent", "rule": 0}, "urgent")
    assert call("logic.switch", {"rules": RULES[1:]}) == ({"port": "europe", "rule": 0}, "europe")


def test_switch_falls_back_to_default():
    rules = [{"port": "low", "expression": "inputs.priority == 'low'"}]
    assert call("logic.switch", {"rules": rules}) == ({"port": "default", "rule": None}, "default")


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"port": "default", "expression": "a"}], "config.rules[0].port cannot be 'default'"),
        ([{"port": "error", "expression": "a"}], "config.rules[0].port cannot be 'error'"),
        ([{"port": "{{ inputs.p }}", "expression": "a"}], "config.rules[0].port must be a port"),
        ([{"port": "x", "expression": ""}], "config.rules[0].expression must be"),
        ([RULES[1], {"port": "x", "expression": "a ||"}], "config.rules[1].expression"),
        ([], "config.rules must list at least one rule"),
        ("x", "config.rules must be a list"),
    ],
)
def test_switch_errors_name_the_rule(rules, message):
    with pytest.raises(ValueError) as info:
        call("logic.switch", {"rules": rules})
    assert message in str(info.value)


def test_switch_reports_an_expression_that_fails_to_evaluate():
    rules = [{"port": "x", "expression": "length(nodes.order.output.total) > `1`"}]
    with pytest.raises(ValueError, match=r"config.rules\[0\].expression: expression .* failed"):
        call("logic.switch", {"rules": rules})


def test_fail_raises_a_value_error_with_the_rendered_message():
    with pytest.raises(FlowFailed) as info:
        call("flow.fail", {"message": "Order {{ nodes.order.output.id }} for {{ inputs.name }}"})
    assert isinstance(info.value, ValueError), "the workflow turns ValueError into a node failure"
    assert str(info.value) == "Order 7 for Ada"


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("{{ nodes.order.output.lines }}", '[{"sku":"A"}]'),
        ("{{ nodes.order.output.note }}", "stopped by flow.fail"),
        (None, "stopped by flow.fail"),
    ],
)
def test_fail_message_as_text(message, text):
    with pytest.raises(FlowFailed, match="^" + text.replace("[", r"\[") + "$"):
        call("flow.fail", {"message": message})
