"""transform.join: two inputs by port (or by config), inner and left, key collisions."""

import pytest

from interpreter._pure_nodes import INLINE_NODES

CUSTOMERS = [
    {"id": 1, "name": "Ada", "country": "FR"},
    {"id": 2, "name": "Bob", "country": "DE"},
    {"id": 3, "name": "Cy"},
]
ORDERS = [
    {"order": "o1", "customer_id": 1, "name": "Lamp", "total": 10},
    {"order": "o2", "customer_id": 2.0, "name": "Desk", "total": 99},
    {"order": "o3", "customer_id": 1, "name": "Bulb", "total": 2},
    {"order": "o4", "customer_id": None, "name": "Gift"},
    {"order": "o5", "customer_id": "1", "name": "Typo"},
]


def join(config: dict, left: list | None = None, right: list | None = None) -> list:
    context = {
        "inputs": {},
        "nodes": {
            "customers": {"output": {"status": 200, "body": {"data": left or []}}},
            "orders": {"output": {"items": right or []}},
        },
    }
    inputs = {"left": ["customers"], "right": ["orders"]}
    output, port = INLINE_NODES["transform.join"](
        {"left_path": "body.data", **config}, context, inputs
    )
    assert port == "out" and output["count"] == len(output["items"])
    return output["items"]


ON = [{"left": "id", "right": "customer_id"}]


def test_inner_join_from_both_ports_prefixes_clashing_fields():
    rows = join({"on": ON}, CUSTOMERS, ORDERS)
    assert rows == [
        {"id": 1, "left_name": "Ada", "country": "FR", "order": "o1", "customer_id": 1,
         "right_name": "Lamp", "total": 10},
        {"id": 1, "left_name": "Ada", "country": "FR", "order": "o3", "customer_id": 1,
         "right_name": "Bulb", "total": 2},
        {"id": 2, "left_name": "Bob", "country": "DE", "order": "o2", "customer_id": 2.0,
         "right_name": "Desk", "total": 99},
    ]  # fmt: skip


def test_left_join_keeps_unmatched_left_items():
    rows = join({"on": ON, "how": "left", "left_prefix": "c.", "right_prefix": "o."},
                CUSTOMERS, ORDERS)  # fmt: skip
    assert [(r["c.name"], r.get("o.name")) for r in rows] == [
        ("Ada", "Lamp"),
        ("Ada", "Bulb"),
        ("Bob", "Desk"),
        ("Cy", None),
    ]
    assert "o.name" not in rows[-1]


def test_a_key_named_alike_on_both_sides_is_kept_once():
    left = [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]
    right = [{"sku": "A", "qty": 5, "price": 3}]
    assert join({"on": [{"left": "sku"}]}, left, right) == [
        {"sku": "A", "left_qty": 1, "right_qty": 5, "price": 3}
    ]


def test_several_keys_and_config_lists_instead_of_ports():
    config = {
        "left_items": [{"a": 1, "b": "x", "l": True}, {"a": 1, "b": "y", "l": False}],
        "right_items": [{"a": 1, "b": "y", "r": 1}],
        "on": [{"left": "a"}, {"left": "b"}],
    }
    output, _ = INLINE_NODES["transform.join"](config, {"inputs": {}, "nodes": {}}, {})
    assert output == {"items": [{"a": 1, "b": "y", "l": False, "r": 1}], "count": 1}


def test_empty_sides():
    assert join({"on": ON}, [], ORDERS) == []
    assert join({"on": ON, "how": "left"}, CUSTOMERS, []) == CUSTOMERS


@pytest.mark.parametrize(
    ("config", "left", "message"),
    [
        ({"on": ON}, [{"id": 1}, "Bob"], "left item 1 is a string; join needs objects"),
        ({"on": []}, CUSTOMERS, "config.on must name at least one key"),
        ({"on": [{"right": "id"}]}, CUSTOMERS, "config.on[0].left must be a field name"),
        ({"on": ON, "how": "outer"}, CUSTOMERS, "config.how must be one of inner, left"),
        ({"on": ON, "left_path": "body.["}, CUSTOMERS, "config.left_path: invalid JMESPath"),
        (
            {"on": ON, "left_path": "status"},
            CUSTOMERS,
            "output of 'customers' at 'status' is number",
        ),
        ({"on": ON, "right_prefix": ""}, CUSTOMERS, "config.right_prefix must be a non-empty"),
        (
            {"on": ON, "left_prefix": "x"},
            [{"id": 1, "name": "Ada", "xname": "?"}],
            "would both be named 'xname'",
        ),
    ],
)
def test_errors_name_the_field(config, left, message):
    with pytest.raises(ValueError) as info:
        join(config, left, ORDERS)
    assert message in str(info.value)


def test_missing_port_input():
    with pytest.raises(ValueError, match="config.right_items is not set and no node is connected"):
        INLINE_NODES["transform.join"](
            {"left_items": [], "on": ON}, {"inputs": {}, "nodes": {}}, {}
        )


def test_many_to_many_explosion_is_refused():
    many = [{"k": 1}] * 400
    with pytest.raises(ValueError, match="more than 100000 rows"):
        join({"on": [{"left": "k"}], "left_path": "body.data"}, many, many)
