"""transform.filter as the workflow calls it: config, run context, inputs → (output, port)."""

import pytest

from interpreter._pure_nodes import INLINE_NODES

ORDERS = [
    {"id": 1, "price": 5, "status": "paid", "tags": ["vip"], "country": "FR"},
    {"id": 2, "price": 12.5, "status": "open", "tags": [], "country": "DE"},
    {"id": 3, "price": 30, "status": "paid", "tags": ["vip", "eu"], "country": None},
    {"id": 4, "status": "paid", "note": "no price, no country"},
]


def run_filter(config: dict, items: list | None = None, inputs: dict | None = None) -> list:
    context = {"inputs": inputs or {}, "nodes": {"fetch": {"output": {"items": items or []}}}}
    output, port = INLINE_NODES["transform.filter"](config, context, {"in": ["fetch"]})
    assert port == "out" and output["count"] == len(output["items"])
    return [item["id"] for item in output["items"]]


@pytest.mark.parametrize(
    ("condition", "ids"),
    [
        ("price > `10`", [2, 3]),
        ("{{ price > `10` }}", [2, 3]),
        ("status == 'paid' && contains(tags || `[]`, 'vip')", [1, 3]),
        ("country", [1, 2]),
        ("!price", [4]),
    ],
)
def test_condition_is_evaluated_per_item(condition, ids):
    assert run_filter({"condition": condition}, ORDERS) == ids


@pytest.mark.parametrize(
    ("rules", "ids"),
    [
        ([{"field": "status", "op": "eq", "value": "paid"}], [1, 3, 4]),
        ([{"field": "status", "op": "ne", "value": "paid"}], [2]),
        ([{"field": "price", "op": "gt", "value": 12.5}], [3]),
        ([{"field": "price", "op": "gte", "value": 12.5}], [2, 3]),
        ([{"field": "price", "op": "lt", "value": 12.5}], [1]),
        ([{"field": "price", "op": "lte", "value": 12.5}], [1, 2]),
        ([{"field": "status", "op": "lt", "value": "paid"}], [2]),
        ([{"field": "tags", "op": "contains", "value": "eu"}], [3]),
        ([{"field": "note", "op": "contains", "value": "price"}], [4]),
        ([{"field": "country", "op": "in", "value": ["FR", "DE"]}], [1, 2]),
        ([{"field": "country", "op": "in", "value": [None]}], [3, 4]),
        ([{"field": "country", "op": "exists"}], [1, 2]),
        ([{"field": "country", "op": "exists", "value": False}], [3, 4]),
        ([{"field": "country", "op": "eq", "value": None}], [3, 4]),
        ([{"field": "tags.0", "op": "eq", "value": "vip"}], [1, 3]),
        ([{"field": "id", "op": "eq", "value": 1.0}], [1]),
        ([{"field": "id", "op": "eq", "value": True}], []),
    ],
)
def test_rules(rules, ids):
    assert run_filter({"rules": rules}, ORDERS) == ids


def test_rules_combine_with_all_or_any():
    rules = [
        {"field": "status", "op": "eq", "value": "paid"},
        {"field": "price", "op": "gte", "value": 10},
    ]
    assert run_filter({"rules": rules}, ORDERS) == [3]
    assert run_filter({"rules": rules, "match": "any"}, ORDERS) == [1, 2, 3, 4]


def test_rule_values_are_rendered_from_run_data():
    config = {"rules": [{"field": "price", "op": "gte", "value": "{{ inputs.min }}"}]}
    assert run_filter(config, ORDERS, inputs={"min": 12}) == [2, 3]


def test_items_from_an_expression_or_from_the_connected_nodes():
    context = {
        "inputs": {},
        "nodes": {"a": {"output": [{"id": 1}, {"id": 2}]}, "b": {"output": {"items": [{"id": 3}]}}},
    }
    node = INLINE_NODES["transform.filter"]
    both, _ = node({"condition": "id"}, context, {"in": ["a", "b"]})
    assert [i["id"] for i in both["items"]] == [1, 2, 3]
    explicit, _ = node({"items": "{{ nodes.a.output }}", "condition": "id > `1`"}, context, {})
    assert explicit == {"items": [{"id": 2}], "count": 1}


def test_empty_list():
    assert run_filter({"condition": "price"}, []) == []


def test_a_large_list_keeps_its_order():
    items = [{"id": i, "price": i % 97} for i in range(10_000)]
    kept = run_filter({"condition": "price > `90`"}, items)
    assert kept == [i for i in range(10_000) if i % 97 > 90]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"rules": [{"field": "status", "op": "gt", "value": 3}]},
            "config.rules[0] (status gt): item 0 holds a string ('paid'), which cannot be "
            "compared with the number 3",
        ),
        (
            {"rules": [{"field": "price", "op": "contains", "value": "1"}]},
            "config.rules[0] (price contains): item 0 holds a number; contains needs text",
        ),
        ({"rules": [{"field": "country", "op": "in", "value": "FR"}]}, "config.rules[0].value"),
        ({"rules": [{"field": "price", "op": "gt", "value": [1]}]}, "config.rules[0].value"),
        ({"rules": [{"field": "price", "op": "like", "value": 1}]}, "config.rules[0].op"),
        ({"rules": [{"op": "eq", "value": 1}]}, "config.rules[0].field"),
        ({"rules": []}, "config.rules must be a non-empty list"),
        ({"rules": [{"field": "a", "op": "eq"}], "match": "some"}, "config.match"),
        ({"condition": "price >"}, "config.condition: invalid JMESPath"),
        ({"condition": "length(price) > `1`"}, "config.condition failed on item 0"),
        ({"condition": "price > `{{ inputs.min }}`"}, "cannot embed {{ }}"),
        ({}, "exactly one of 'condition' and 'rules'"),
        ({"condition": "a", "rules": [{"field": "a", "op": "exists"}]}, "exactly one of"),
        ({"condition": "a", "items": {"a": 1}}, "config.items must be a list, not object"),
        (
            {"condition": "a", "items": "{{ nodes.fetch.output.itemz }}"},
            "config.items is null: its expression found nothing",
        ),
        ({"condition": "a", "items": {"$blob": "b1", "name": "big.csv"}}, "big.csv"),
    ],
)
def test_bad_config_or_data_names_the_field(config, message):
    with pytest.raises(ValueError) as info:
        run_filter(config, ORDERS)
    assert message in str(info.value)


def test_missing_items_say_where_they_were_looked_for():
    node = INLINE_NODES["transform.filter"]
    with pytest.raises(ValueError, match="no node is connected"):
        node({"condition": "a"}, {"inputs": {}, "nodes": {}}, {})
    context = {"inputs": {}, "nodes": {"fetch": {"output": {"status": 200, "body": []}}}}
    with pytest.raises(ValueError) as info:
        node({"condition": "a"}, context, {"in": ["fetch"]})
    assert "output of 'fetch' is object, not a list" in str(info.value)
    assert "{{ nodes.fetch.output.body }}" in str(info.value)


def test_a_file_reference_is_named_not_misread():
    # Claim-checked outputs never get here as references: they run as an activity on the
    # data (tests/interpreter/test_offload.py). A file does, and must be parsed first.
    file = {"$blob": "b-1", "name": "orders.csv", "size": 300_000, "content_type": "text/csv"}
    node = INLINE_NODES["transform.filter"]
    for output in (file, {"items": file, "count": 10_000}):
        context = {"inputs": {}, "nodes": {"fetch": {"output": output}}}
        with pytest.raises(ValueError, match="the output of 'fetch' is the file 'orders.csv'"):
            node({"condition": "a"}, context, {"in": ["fetch"]})
