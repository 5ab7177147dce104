"""transform.aggregate as the workflow calls it."""

import pytest

from interpreter._pure_nodes import INLINE_NODES

SALES = [
    {"country": "FR", "channel": "web", "total": 10, "city": "Paris"},
    {"country": "DE", "channel": "web", "total": 2.5, "city": "Berlin"},
    {"country": "FR", "channel": "shop", "total": 5, "city": "Lyon"},
    {"country": "FR", "channel": "web", "total": None, "city": "Nice"},
    {"channel": "web", "total": 1},
]


def aggregate(config: dict, items: list) -> list:
    output, port = INLINE_NODES["transform.aggregate"](
        {"items": items, **config}, {"inputs": {}, "nodes": {}}, {}
    )
    assert port == "out" and output["count"] == len(output["items"])
    return output["items"]


def test_group_rows_in_order_of_first_appearance():
    rows = aggregate(
        {
            "group_by": ["country"],
            "aggregations": [
                {"op": "count"},
                {"op": "count", "field": "total", "as": "priced"},
                {"op": "sum", "field": "total"},
                {"op": "avg", "field": "total"},
                {"op": "min", "field": "city"},
                {"op": "max", "field": "total", "as": "biggest"},
            ],
        },
        SALES,
    )
    assert rows == [
        {
            "country": "FR",
            "count": 3,
            "priced": 2,
            "sum_total": 15,
            "avg_total": 7.5,
            "min_city": "Lyon",
            "biggest": 10,
        },
        {
            "country": "DE",
            "count": 1,
            "priced": 1,
            "sum_total": 2.5,
            "avg_total": 2.5,
            "min_city": "Berlin",
            "biggest": 2.5,
        },
        {
            "country": None,
            "count": 1,
            "priced": 1,
            "sum_total": 1,
            "avg_total": 1.0,
            "min_city": None,
            "biggest": 1,
        },
    ]


def test_several_group_fields_and_nested_ones():
    items = [{"a": {"b": 1}, "c": "x"}, {"a": {"b": 1.0}, "c": "x"}, {"a": {"b": 2}, "c": "x"}]
    rows = aggregate({"group_by": ["a.b", "c"], "aggregations": [{"op": "count"}]}, items)
    assert rows == [{"a.b": 1, "c": "x", "count": 2}, {"a.b": 2, "c": "x", "count": 1}]


def test_sums_stay_exact():
    ints = [{"v": 10**18}, {"v": 1}]
    assert aggregate({"aggregations": [{"op": "sum", "field": "v"}]}, ints) == [
        {"sum_v": 10**18 + 1}
    ]
    tenths = [{"v": 0.1}] * 10
    [row] = aggregate(
        {"aggregations": [{"op": "sum", "field": "v"}, {"op": "avg", "field": "v"}]}, tenths
    )
    assert row == {"sum_v": 1.0, "avg_v": 0.1}


def test_totals_without_group_by_even_over_no_items():
    aggregations = [
        {"op": "count"},
        {"op": "sum", "field": "total"},
        {"op": "avg", "field": "total"},
    ]
    assert aggregate({"aggregations": aggregations}, SALES) == [
        {"count": 5, "sum_total": 18.5, "avg_total": 4.625}
    ]
    assert aggregate({"aggregations": aggregations}, []) == [
        {"count": 0, "sum_total": 0, "avg_total": None}
    ]
    assert aggregate({"group_by": ["country"], "aggregations": aggregations}, []) == []


def test_ten_thousand_items():
    items = [{"k": i % 10, "v": i} for i in range(10_000)]
    rows = aggregate({"group_by": ["k"], "aggregations": [{"op": "sum", "field": "v"}]}, items)
    assert [r["k"] for r in rows] == list(range(10))
    assert sum(r["sum_v"] for r in rows) == sum(range(10_000))


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"aggregations": [{"op": "sum", "field": "city"}]},
            "config.aggregations[0] (sum of 'city'): item 0 holds a string ('Paris'); "
            "sum needs numbers",
        ),
        (
            {"aggregations": [{"op": "min", "field": "channel"}, {"op": "max", "field": "x"}]},
            None,
        ),
        ({"aggregations": [{"op": "sum"}]}, "config.aggregations[0].field is required for sum"),
        ({"aggregations": [{"op": "median", "field": "total"}]}, "config.aggregations[0].op"),
        ({"aggregations": []}, "config.aggregations must list at least one aggregation"),
        ({"aggregations": [{"op": "count"}, {"op": "count"}]}, "column 'count' is already made"),
        (
            {"group_by": ["country"], "aggregations": [{"op": "count", "as": "country"}]},
            "config.aggregations[0]: column 'country' is already made by config.group_by",
        ),
        (
            {"group_by": "country", "aggregations": [{"op": "count"}]},
            "config.group_by must be a list",
        ),
    ],
)
def test_errors_name_the_field(config, message):
    if message is None:
        aggregate(config, SALES)  # min over text is fine
        return
    with pytest.raises(ValueError) as info:
        aggregate(config, SALES)
    assert message in str(info.value)


def test_min_of_mixed_types_fails_naming_the_item():
    items = [{"v": 3}, {"v": "4"}]
    with pytest.raises(ValueError) as info:
        aggregate({"aggregations": [{"op": "min", "field": "v"}]}, items)
    assert "(min of 'v'): item 1 holds a string" in str(info.value)


def test_an_unexpected_error_fails_the_node_instead_of_the_workflow_task():
    # int + float past float range raises OverflowError, which the workflow would not catch.
    with pytest.raises(ValueError, match="unexpected OverflowError"):
        aggregate({"aggregations": [{"op": "sum", "field": "v"}]}, [{"v": 10**400}, {"v": 0.5}])
