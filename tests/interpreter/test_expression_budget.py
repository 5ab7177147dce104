"""Expression and config budgets: the `[@,@]` bomb, limits at save time, limits from the plan."""

import pytest

from activities import NODE_TYPES
from interpreter import ExpressionError, ExpressionLimits, render, validate_graph
from interpreter._budget import measure, nesting_depth, using_limits
from interpreter._expressions import check_expression, evaluate
from interpreter._transform_join import join_items
from interpreter._transform_nodes import TRANSFORM_NODES
from tests.utils.graphs import chain, node, run_graph, start_graph
from tests.utils.runs import node_failure

BOMB = " | ".join(["[@,@]"] * 20)
"""2^20 copies of the context once written out; a handful of list cells in memory."""
CONTEXT = {"inputs": {"name": "x" * 100}, "nodes": {}}


def test_the_bomb_stops_once_the_budget_is_spent():
    with pytest.raises(ExpressionError, match="EXPRESSION_MAX_RESULT_BYTES"):
        evaluate(BOMB, CONTEXT)
    with pytest.raises(ExpressionError, match="EXPRESSION_MAX_RESULT_BYTES"):
        render({"text": "copies: {{ " + BOMB + " }}"}, CONTEXT)


@pytest.mark.parametrize(
    "body",
    [
        "to_string(" + " | ".join(["[@,@]"] * 25) + ")",
        "join('', [inputs.name, inputs.name]) | join('', [@, @, @, @, @, @, @, @, @, @])"
        " | join('', [@, @, @, @, @, @, @, @, @, @]) | join('', [@, @, @, @, @, @, @, @, @, @])"
        " | join('', [@, @, @, @, @, @, @, @, @, @])",
        "[" + ", ".join(["inputs.name"] * 40) + "]" + " | [@, @, @, @, @, @, @, @, @, @][]" * 3,
    ],
)
def test_every_way_of_building_is_charged(body):
    with pytest.raises(ExpressionError, match="builds more than 1,000,000 bytes"):
        evaluate(body, CONTEXT)


def test_a_smaller_budget_from_the_limits_applies():
    body = "[inputs.name, inputs.name, inputs.name]"
    assert evaluate(body, CONTEXT) == ["x" * 100] * 3
    with using_limits(ExpressionLimits(max_result_bytes=250)):
        with pytest.raises(ExpressionError, match="more than 250 bytes"):
            evaluate(body, CONTEXT)
        # Reading existing data is not building: a reference costs nothing in the evaluation.
        assert evaluate("inputs.name", CONTEXT) == "x" * 100
        # ... but the rendered config holds it, and the config has one budget.
        with pytest.raises(ExpressionError, match="the rendered config"):
            render(
                {"a": "{{ inputs.name }}", "b": "{{ inputs.name }}", "c": "{{ inputs }}"}, CONTEXT
            )


def test_normal_expressions_still_work():
    context = {"inputs": {"items": [{"n": i} for i in range(50)]}, "nodes": {}}
    assert evaluate("inputs.items[?n > `47`].n", context) == [48, 49]
    assert render({"t": "{{ length(inputs.items) }} items"}, context) == {"t": "50 items"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a" * 4001, "4,001 characters long; the limit is 4,000 (EXPRESSION_MAX_LENGTH)"),
        ("[" * 40 + "@" + "]" * 40, "more than 32 levels deep (EXPRESSION_MAX_DEPTH)"),
        ("(" * 600 + "@" + ")" * 600, "EXPRESSION_MAX_DEPTH"),
    ],
)
def test_too_long_or_too_deep_expressions_are_refused(body, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_expression(body)


def test_a_literal_larger_than_the_budget_is_refused_at_save_time():
    with using_limits(ExpressionLimits(max_result_bytes=1000)):
        with pytest.raises(ExpressionError, match="literal larger than 1,000 bytes"):
            check_expression("`" + '"' + "y" * 1200 + '"' + "`")
        check_expression("`" + '"' + "y" * 900 + '"' + "`")


def test_save_time_config_checks_name_the_node_and_setting():
    deep: dict = {}
    cursor = deep
    for _ in range(40):
        cursor["x"] = {}
        cursor = cursor["x"]
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("deep", "transform.set", {"fields": deep}),
            node(
                "bomb",
                "transform.set",
                {"fields": {"a": "{{ " + "[" * 40 + "@" + "]" * 40 + " }}"}},
            ),
            node("big", "transform.set", {"fields": {"a": "z" * 5000}}),
        ],
        "edges": chain("start", "deep", "bomb", "big"),
    }
    limits = ExpressionLimits(max_result_bytes=4000)
    errors = validate_graph(graph, NODE_TYPES, max_nodes=100, limits=limits)
    found = {(e.node_id, e.field): e.message for e in errors}
    assert "CONFIG_MAX_DEPTH" in found[("deep", "config")]
    assert "EXPRESSION_MAX_DEPTH" in found[("bomb", "config.fields.a")]
    assert "EXPRESSION_MAX_RESULT_BYTES" in found[("big", "config")]
    assert len(errors) == 3, errors


def test_a_join_that_multiplies_rows_stops_at_the_budget():
    left = [{"k": 1, "text": "l" * 3000, "i": i} for i in range(300)]
    right = [{"k": 1, "other": "r" * 3000, "j": j} for j in range(300)]
    with pytest.raises(ExpressionError, match="transform.join's rows builds more than"):
        join_items(left, right, [{"left": "k"}])
    assert len(join_items(left[:10], right[:10], [{"left": "k"}])) == 100


def test_a_text_template_is_bounded_by_the_budget():
    template = "{{ join('', [inputs.name, inputs.name, inputs.name, inputs.name]) }}" * 3000
    with pytest.raises(ExpressionError, match="the rendered config builds more than"):
        TRANSFORM_NODES["transform.template"]({"template": template}, CONTEXT, {})


def test_measuring_stops_on_cycles_and_deep_values():
    cyclic: dict = {}
    cyclic["self"] = cyclic
    assert measure(cyclic, 1000) > 1000
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert nesting_depth(deep, 64) == 65
    assert measure(deep, 10**9) > 100_000


async def test_the_bomb_fails_its_node_and_the_worker_serves_the_next_run(client, settings, worker):
    # Inline (transform.set) and in an activity node's rendered config (util.noop).
    for bomb in (
        node("bomb", "transform.set", {"fields": {"copies": "{{ " + BOMB + " }}"}}),
        node("bomb", "util.noop", {"value": "{{ " + BOMB + " }}"}, retry={"max_attempts": 0}),
    ):
        graph = {
            "nodes": [node("start", "trigger.manual"), bomb, node("after", "util.noop")],
            "edges": chain("start", "bomb", "after"),
        }
        handle = await start_graph(client, settings, graph, {"name": "x" * 100})
        failure = await node_failure(handle)
        states = failure.details[0]["nodes"]
        assert states["bomb"]["status"] == "failed"
        assert "EXPRESSION_MAX_RESULT_BYTES" in states["bomb"]["error"]
        assert states["after"]["status"] == "pending"
        assert failure.non_retryable

    normal = {
        "nodes": [
            node("start", "trigger.manual"),
            node("pair", "transform.set", {"fields": {"pair": "{{ [inputs.name, inputs.name] }}"}}),
        ],
        "edges": chain("start", "pair"),
    }
    result = await run_graph(client, settings, normal, {"name": "ok"})
    assert result.output == {"pair": {"pair": ["ok", "ok"]}}


async def test_the_plan_carries_its_limits_into_the_run(client, settings, worker):
    graph = {
        "nodes": [
            node("start", "trigger.manual"),
            node("pair", "transform.set", {"fields": {"pair": "{{ [inputs.name, inputs.name] }}"}}),
        ],
        "edges": chain("start", "pair"),
    }
    small = ExpressionLimits(max_result_bytes=150)
    handle = await start_graph(client, settings, graph, {"name": "n" * 100}, limits=small)
    failure = await node_failure(handle)
    assert "more than 150 bytes" in failure.details[0]["nodes"]["pair"]["error"]
    result = await run_graph(client, settings, graph, {"name": "n" * 100})
    assert result.nodes["pair"].status == "succeeded"
