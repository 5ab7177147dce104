"""Filter, Sort, Limit, Remove Duplicates, Aggregate, Split Out, Summarize: config, report,
and what the converted nodes compute when the interpreter runs them."""

import json

from importers.n8n import convert

from ._export import MANUAL, chain, node
from ._export import converted_after_manual as _convert
from ._export import report_lines as _lines
from ._inline import run_inline

ORDERS = [
    {"id": 1, "status": "paid", "total": 80, "email": "a@x", "lines": [{"sku": "A", "qty": 2}]},
    {"id": 2, "status": "open", "total": 20, "email": "b@x", "lines": [{"sku": "B", "qty": 1}]},
    {"id": 3, "status": "paid", "total": 120, "email": "a@x", "lines": [{"sku": "A", "qty": 5}]},
]


def _condition(left: str, op: str, right=None, kind: str = "string") -> dict:
    return {"leftValue": left, "rightValue": right, "operator": {"type": kind, "operation": op}}


def _filter(*conditions: dict, combinator: str = "and", version: float = 2.2) -> dict:
    block = {"conditions": list(conditions), "combinator": combinator, "options": {}}
    return node("Keep", "n8n-nodes-base.filter", version, {"conditions": block})


def test_filter_keeps_matching_items_with_a_per_item_condition() -> None:
    keep = _filter(
        _condition("={{ $json.status }}", "equals", "paid"),
        _condition("={{ $json.total }}", "gt", 100, "number"),
        combinator="or",
    )
    by_label, result = _convert(keep)
    config = by_label["Keep"]["data"]["config"]
    assert config["items"] == "{{ to_array(nodes.start.output) }}"
    assert "@.status" in config["condition"] and "||" in config["condition"]
    assert _lines(result, "Keep")[0].status == "converted"
    out = run_inline(result.graph, ORDERS)
    assert [o["id"] for o in out["keep"]["items"]] == [1, 3]


def test_filter_comparing_with_another_node_becomes_rules_rendered_from_run_data() -> None:
    settings = node(
        "Settings",
        "n8n-nodes-base.set",
        3.4,
        {"assignments": {"assignments": [{"name": "min", "value": 50}]}},
    )
    keep = _filter(
        _condition("={{ $json.total }}", "gte", "={{ $('Settings').item.json.min }}", "number")
    )
    export = chain(MANUAL, settings, keep)
    result = convert(export)
    config = {n["id"]: n for n in result.graph["nodes"]}["keep"]["data"]["config"]
    assert config["rules"] == [
        {"field": "total", "op": "gte", "value": "{{ nodes.settings.output.min }}"}
    ]
    assert config["match"] == "all"
    # In n8n the orders would come from a request after Settings: give them as a literal.
    config["items"] = "{{ `" + json.dumps(ORDERS) + "` }}"
    out = run_inline(result.graph, {})
    assert [o["id"] for o in out["keep"]["items"]] == [1, 3]


def test_filter_rules_cannot_take_an_expression_on_the_left_side() -> None:
    keep = _filter(
        _condition("={{ $json.name.toLowerCase() }}", "equals", "={{ $('Start').item.json.name }}")
    )
    _, result = _convert(keep)
    (line,) = _lines(result, "Keep")
    assert line.status == "unsupported" and "filter rules cannot express" in line.message


def test_filter_v1_conditions_and_case_insensitive_option_is_reported() -> None:
    v1 = node(
        "Keep",
        "n8n-nodes-base.filter",
        1,
        {
            "conditions": {
                "number": [{"value1": "={{ $json.total }}", "operation": "smaller", "value2": 50}]
            }
        },
    )
    by_label, result = _convert(v1)
    assert run_inline(result.graph, ORDERS)["keep"]["count"] == 1
    block = {
        "conditions": [_condition("={{ $json.status }}", "equals", "PAID")],
        "options": {"caseSensitive": False},
    }
    _, result = _convert(node("Keep", "n8n-nodes-base.filter", 2, {"conditions": block}))
    assert any(line.parameter == "options.ignoreCase" for line in _lines(result, "Keep"))


def test_sort_then_limit_keeps_the_top_items_and_chains_through_items() -> None:
    sort = node(
        "Sort",
        "n8n-nodes-base.sort",
        1,
        {"sortFieldsUi": {"sortField": [{"fieldName": "total", "order": "descending"}]}},
    )
    top = node("Top", "n8n-nodes-base.limit", 1, {"maxItems": 2})
    by_label, result = _convert(sort, top)
    assert by_label["Sort"]["data"]["config"]["by"] == [{"field": "total", "direction": "desc"}]
    assert by_label["Top"]["data"]["config"]["fields"]["items"] == (
        "{{ nodes.sort.output.items[:2] }}"
    )
    out = run_inline(result.graph, ORDERS)
    assert [o["id"] for o in out["top"]["items"]] == [3, 1] and out["top"]["count"] == 2


def test_limit_defaults_to_one_first_item_and_can_keep_the_last() -> None:
    _, result = _convert(node("One", "n8n-nodes-base.limit", 1, {}))
    assert [o["id"] for o in run_inline(result.graph, ORDERS)["one"]["items"]] == [1]
    last = node("Last", "n8n-nodes-base.limit", 1, {"maxItems": 2, "keep": "lastItems"})
    _, result = _convert(last)
    assert [o["id"] for o in run_inline(result.graph, ORDERS)["last"]["items"]] == [2, 3]


def test_sort_random_and_code_are_unsupported_with_what_to_do() -> None:
    for kind in ("random", "code"):
        _, result = _convert(node("S", "n8n-nodes-base.sort", 1, {"type": kind}))
        (line,) = _lines(result, "S")
        assert line.status == "unsupported" and "field" in line.message


def test_remove_duplicates_by_selected_fields_and_whole_items() -> None:
    dedupe = node(
        "Dedupe",
        "n8n-nodes-base.removeDuplicates",
        1.1,
        {"compare": "selectedFields", "fieldsToCompare": "email"},
    )
    by_label, result = _convert(dedupe)
    assert by_label["Dedupe"]["data"]["config"]["fields"] == ["email"]
    out = run_inline(result.graph, ORDERS)["dedupe"]
    assert [o["id"] for o in out["items"]] == [1, 2] and out["removed"] == 1
    by_label, _ = _convert(node("D", "n8n-nodes-base.removeDuplicates", 2, {}))
    assert "fields" not in by_label["D"]["data"]["config"]  # default: all fields


def test_remove_duplicates_across_executions_is_unsupported() -> None:
    seen = node(
        "Seen",
        "n8n-nodes-base.removeDuplicates",
        2,
        {"operation": "removeItemsSeenInPreviousExecutions", "dedupeValue": "={{ $json.id }}"},
    )
    _, result = _convert(seen)
    (line,) = _lines(result, "Seen")
    assert line.status == "unsupported" and "across executions" in line.message


def test_aggregate_individual_fields_and_all_item_data() -> None:
    fields = {
        "fieldToAggregate": [
            {"fieldToAggregate": "email", "renameField": True, "outputFieldName": "emails"},
            {"fieldToAggregate": "lines", "renameField": False},
        ]
    }
    parameters = {"fieldsToAggregate": fields, "options": {"mergeLists": True}}
    agg = node("Agg", "n8n-nodes-base.aggregate", 1, parameters)
    _, result = _convert(agg)
    out = run_inline(result.graph, ORDERS)["agg"]
    assert out["emails"] == ["a@x", "b@x", "a@x"]
    assert [line["sku"] for line in out["lines"]] == ["A", "B", "A"]  # merged lists
    every = node(
        "All",
        "n8n-nodes-base.aggregate",
        1,
        {
            "aggregate": "aggregateAllItemData",
            "include": "specifiedFields",
            "fieldsToInclude": "id, total",
        },
    )
    _, result = _convert(every)
    assert run_inline(result.graph, ORDERS)["all"]["data"][0] == {"id": 1, "total": 80}


def test_split_out_flattens_a_list_field_and_says_what_differs() -> None:
    split = node("Lines", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "lines"})
    _, result = _convert(split)
    out = run_inline(result.graph, ORDERS)["lines"]
    assert out["items"] == [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}, {"sku": "A", "qty": 5}]
    assert {line.parameter for line in _lines(result, "Lines")} == {"fieldToSplitOut"}
    _, result = _convert(node("Two", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "a, b"}))
    assert _lines(result, "Two")[0].status == "unsupported"


def test_summarize_groups_with_n8n_column_names_and_drops_what_aggregate_lacks() -> None:
    split = node("Lines", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "lines"})
    values = [
        {"field": "qty", "aggregation": "sum"},
        {"field": "qty", "aggregation": "average"},
        {"field": "sku", "aggregation": "countUnique"},
    ]
    summary = node(
        "Sum",
        "n8n-nodes-base.summarize",
        1.1,
        {"fieldsToSummarize": {"values": values}, "fieldsToSplitBy": "sku"},
    )
    by_label, result = _convert(split, summary)
    config = by_label["Sum"]["data"]["config"]
    assert config["group_by"] == ["sku"]
    assert [a["as"] for a in config["aggregations"]] == ["sum_qty", "average_qty"]
    rows = run_inline(result.graph, ORDERS)["sum"]["items"]
    assert rows == [
        {"sku": "A", "sum_qty": 7, "average_qty": 3.5},
        {"sku": "B", "sum_qty": 1, "average_qty": 1},
    ]
    (dropped,) = [line for line in _lines(result, "Sum") if "countUnique" in line.message]
    assert dropped.status == "approximated"


def test_summarize_default_is_count_and_only_unknown_aggregations_is_unsupported() -> None:
    count = node(
        "Count", "n8n-nodes-base.summarize", 1, {"fieldsToSummarize": {"values": [{"field": "id"}]}}
    )
    _, result = _convert(count)
    assert run_inline(result.graph, ORDERS)["count"]["items"] == [{"count_id": 3}]
    concat = {"values": [{"field": "id", "aggregation": "concatenate"}]}
    _, result = _convert(node("C", "n8n-nodes-base.summarize", 1, {"fieldsToSummarize": concat}))
    assert any(line.status == "unsupported" for line in _lines(result, "C"))


def test_downstream_json_reads_the_first_item_and_all_reads_the_list() -> None:
    keep = _filter(_condition("={{ $json.status }}", "equals", "paid"))
    after = node(
        "After",
        "n8n-nodes-base.set",
        3.4,
        {
            "assignments": {
                "assignments": [
                    {"name": "first", "value": "={{ $json.id }}"},
                    {"name": "n", "value": "={{ $input.all().length }}"},
                    {"name": "last", "value": "={{ $('Keep').last().json.id }}"},
                ]
            }
        },
    )
    _, result = _convert(keep, after)
    assert run_inline(result.graph, ORDERS)["after"] == {"first": 1, "n": 2, "last": 3}
