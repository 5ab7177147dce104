"""transform.sort and transform.dedupe as the workflow calls them."""

import pytest

from interpreter._pure_nodes import INLINE_NODES


def run(node_type: str, config: dict, items: list) -> dict:
    output, port = INLINE_NODES[node_type](
        {"items": items, **config}, {"inputs": {}, "nodes": {}}, {}
    )
    assert port == "out" and output["count"] == len(output["items"])
    return output


def sort_ids(by: list, items: list) -> list:
    return [item["id"] for item in run("transform.sort", {"by": by}, items)["items"]]


PEOPLE = [
    {"id": 1, "team": "b", "age": 30},
    {"id": 2, "team": "a", "age": None},
    {"id": 3, "team": "b", "age": 25},
    {"id": 4, "team": "a", "age": 41},
    {"id": 5, "age": 30},
    {"id": 6, "team": "a", "age": 41},
]


@pytest.mark.parametrize(
    ("by", "ids"),
    [
        ([{"field": "age"}], [3, 1, 5, 4, 6, 2]),
        ([{"field": "age", "direction": "desc"}], [4, 6, 1, 5, 3, 2]),
        ([{"field": "team"}, {"field": "age", "direction": "desc"}], [4, 6, 2, 1, 3, 5]),
        ([{"field": "team", "direction": "desc"}, {"field": "age"}], [3, 1, 4, 6, 2, 5]),
    ],
)
def test_sort_by_fields_nulls_last_and_stable(by, ids):
    assert sort_ids(by, PEOPLE) == ids


def test_sort_text_booleans_nested_fields_and_scalars():
    items = [{"id": 1, "u": {"name": "b"}}, {"id": 2, "u": {"name": "B"}}, {"id": 3, "u": {}}]
    assert sort_ids([{"field": "u.name"}], items) == [2, 1, 3]
    flags = [{"id": 1, "ok": True}, {"id": 2, "ok": False}, {"id": 3, "ok": True}]
    assert sort_ids([{"field": "ok"}], flags) == [2, 1, 3]
    scalars = run("transform.sort", {"by": [{"field": "@", "direction": "desc"}]}, [2, 10, 1])
    assert scalars["items"] == [10, 2, 1]


def test_sort_empty_and_large_lists():
    assert run("transform.sort", {"by": [{"field": "x"}]}, [])["items"] == []
    items = [{"id": i, "k": (i * 7919) % 10_000} for i in range(10_000)]
    ordered = run("transform.sort", {"by": [{"field": "k"}]}, items)["items"]
    assert [i["k"] for i in ordered] == sorted(i["k"] for i in items)


@pytest.mark.parametrize(
    ("by", "items", "message"),
    [
        (
            [{"field": "v"}],
            [{"v": 1}, {"v": "2"}],
            "config.by: field 'v' mixes number and string values (e.g. item 1)",
        ),
        ([{"field": "v"}], [{"v": {"a": 1}}], "field 'v' holds a object"),
        ([{"field": "v", "direction": "up"}], [], "config.by[0].direction must be one of"),
        ([{"direction": "asc"}], [], "config.by[0].field must be a field name"),
        ([], [], "config.by must name at least one field"),
        ("v", [], "config.by must be a list"),
    ],
)
def test_sort_errors_name_the_field(by, items, message):
    with pytest.raises(ValueError) as info:
        run("transform.sort", {"by": by}, items)
    assert message in str(info.value)


ROWS = [
    {"id": 1, "email": "a@x", "n": 1},
    {"id": 2, "email": "b@x", "n": 1.0},
    {"id": 3, "email": "a@x", "n": 2},
    {"id": 4, "n": 3},
    {"id": 5, "email": None, "n": 4},
]


def test_dedupe_by_fields_keeps_first_or_last():
    first = run("transform.dedupe", {"fields": ["email"]}, ROWS)
    assert [r["id"] for r in first["items"]] == [1, 2, 4]
    assert first["removed"] == 2, "missing and null are the same key"
    last = run("transform.dedupe", {"fields": ["email"], "keep": "last"}, ROWS)
    assert [r["id"] for r in last["items"]] == [2, 3, 5]
    by_number = run("transform.dedupe", {"fields": ["n"]}, ROWS)
    assert [r["id"] for r in by_number["items"]] == [1, 3, 4, 5], "1 and 1.0 are equal JSON"


def test_dedupe_whole_items_ignores_key_order_but_not_types():
    items = [{"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}, {"a": True, "b": [1, 2]}, "x", "x"]
    output = run("transform.dedupe", {}, items)
    assert output["items"] == [{"a": 1, "b": [1, 2]}, {"a": True, "b": [1, 2]}, "x"]
    assert (output["count"], output["removed"]) == (3, 2)
    assert run("transform.dedupe", {}, [])["items"] == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"keep": "middle"}, "config.keep must be one of first, last"),
        ({"fields": "email"}, "config.fields must be a list, not string"),
        ({"fields": ["email", 3]}, "config.fields[1] must be a field name"),
    ],
)
def test_dedupe_errors_name_the_field(config, message):
    with pytest.raises(ValueError) as info:
        run("transform.dedupe", config, ROWS)
    assert message in str(info.value)
