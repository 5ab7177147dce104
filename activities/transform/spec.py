"""Schemas of the inline data transforms; they run in the workflow
(interpreter/_transform_nodes.py), so this family has no activities."""

from typing import Any

from interpreter import NodeType

_ITEMS = {
    "type": "array",
    "description": "The list to work on, usually an expression over upstream output. "
    "Default: the output of the node connected to the input, or its `items` when it is "
    "an object (so transforms chain without expressions).",
    "examples": ["{{ nodes.fetch.output.body.orders }}"],
}
_FIELD_HELP = "Field path: `total`, nested `customer.country`, index `tags.0`, `@` the item."


def _field(description: str, *examples: str) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "description": f"{description} {_FIELD_HELP}",
        "examples": list(examples),
    }


def object_schema(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    """A closed object schema."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def _list_output(items: str, **extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "description": items},
            "count": {"type": "integer", "description": "Number of items."},
            **extra,
        },
    }


def inline_node(**fields: Any) -> NodeType:
    """A node type that runs in the workflow: no retries, timeout or heartbeat apply."""
    return NodeType(kind="inline", heartbeat_seconds=None, **fields)


FILTER = inline_node(
    type="transform.filter",
    category="Transform",
    label="Filter",
    description="Keeps the items that match a JMESPath `condition` (evaluated with each item "
    "as its root) or a list of `rules` (set one of them, not both).",
    config_schema={
        **object_schema(
            [],
            items=_ITEMS,
            condition={
                "type": "string",
                "minLength": 1,
                "description": "JMESPath evaluated per item; the item is kept when the result "
                "is truthy (not false, null, 0, empty). Compare with run data through rules.",
                "examples": ["price > `10`", "status == 'paid' && contains(tags || `[]`, 'vip')"],
            },
            rules={
                "type": "array",
                "minItems": 1,
                "description": "Simple comparisons, combined by `match`. A missing or null "
                "field matches only eq null, ne, in [null] and exists false.",
                "items": object_schema(
                    ["field", "op"],
                    field=_field("Field of the item to test.", "price"),
                    op={
                        "enum": ["eq", "ne", "gt", "gte", "lt", "lte", "contains", "in", "exists"],
                        "description": "gt/gte/lt/lte compare numbers with numbers and text "
                        "with text (else the node fails); contains looks in text or a list; "
                        "in looks the field up in `value` (a list).",
                    },
                    value={
                        "description": "What to compare with; may be an expression over run "
                        "data. A list for in; true/false for exists (default true).",
                        "examples": [10, "paid", ["FR", "DE"], "{{ inputs.min_total }}"],
                    },
                ),
                "examples": [[{"field": "total", "op": "gte", "value": 100}]],
            },
            match={
                "enum": ["all", "any"],
                "default": "all",
                "description": "Keep items matching all rules, or any of them.",
            },
        ),
        # Two plain messages ("'condition' is a required property", "... should not be valid
        # under {'required': ['condition', 'rules']}") rather than oneOf's opaque one.
        "if": {"not": {"required": ["rules"]}},
        "then": {"required": ["condition"]},
        "not": {"required": ["condition", "rules"]},
    },
    output_schema=_list_output("The kept items, in their order."),
)

SORT = inline_node(
    type="transform.sort",
    category="Transform",
    label="Sort",
    description="Sorts items by one or more fields, ascending or descending; stable; null "
    "and missing values go last. A field must hold one type (numbers, text or booleans).",
    config_schema=object_schema(
        ["by"],
        items=_ITEMS,
        by={
            "type": "array",
            "minItems": 1,
            "description": "Sort keys, most significant first.",
            "items": object_schema(
                ["field"],
                field=_field("Field to sort by.", "total", "customer.name"),
                direction={
                    "enum": ["asc", "desc"],
                    "default": "asc",
                    "description": "asc: smallest first; desc: largest first.",
                },
            ),
            "examples": [[{"field": "country"}, {"field": "total", "direction": "desc"}]],
        },
    ),
    output_schema=_list_output("The items, sorted."),
)

AGGREGATE = inline_node(
    type="transform.aggregate",
    category="Transform",
    label="Aggregate",
    description="Groups items by fields and computes count, sum, avg, min and max per group "
    "(nulls skipped, as in SQL). Without group_by, one row of totals.",
    config_schema=object_schema(
        ["aggregations"],
        items=_ITEMS,
        group_by={
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": f"Fields whose values form a group; each becomes a column of the "
            f"row. Default: none (one group). {_FIELD_HELP}",
            "examples": [["country"], ["country", "status"]],
        },
        aggregations={
            "type": "array",
            "minItems": 1,
            "description": "The computed columns.",
            "items": {
                **object_schema(
                    ["op"],
                    op={
                        "enum": ["count", "sum", "avg", "min", "max"],
                        "description": "count: items (or non-null values of field); sum/avg: "
                        "numbers; min/max: numbers or text.",
                    },
                    field=_field("Field to aggregate; not needed for count.", "total"),
                    **{
                        "as": {
                            "type": "string",
                            "minLength": 1,
                            "description": "Column name. Default: `count` or `<op>_<field>`.",
                            "examples": ["revenue"],
                        }
                    },
                ),
                "if": {"properties": {"op": {"not": {"const": "count"}}}},
                "then": {"required": ["field"]},
            },
            "examples": [[{"op": "count"}, {"op": "sum", "field": "total", "as": "revenue"}]],
        },
    ),
    output_schema=_list_output(
        "One row per group, in order of first appearance: the group_by fields and the "
        "aggregation columns."
    ),
)

DEDUPE = inline_node(
    type="transform.dedupe",
    category="Transform",
    label="Remove duplicates",
    description="Keeps one item per distinct value of the given fields (or of the whole item); "
    "the first or the last seen. Equal means equal as JSON (1 = 1.0, key order ignored).",
    config_schema=object_schema(
        [],
        items=_ITEMS,
        fields={
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": f"Fields that make an item distinct. Default: the whole item. "
            f"{_FIELD_HELP}",
            "examples": [["email"], ["order_id", "line"]],
        },
        keep={
            "enum": ["first", "last"],
            "default": "first",
            "description": "Which duplicate to keep; the output follows the kept items' order.",
        },
    ),
    output_schema=_list_output(
        "The distinct items.",
        removed={"type": "integer", "description": "How many duplicates were dropped."},
    ),
)

_SIDE_PATH = (
    "JMESPath into the output of the node connected to the {side} port, e.g. `body.orders` "
    "(default: that output, or its `items`). Ignored when {side}_items is set."
)

JOIN = inline_node(
    type="transform.join",
    category="Transform",
    label="Join",
    description="Joins two lists of objects on key fields (inner or left). Connect one node "
    "to each port, or set left_items/right_items. A field both sides have is prefixed on "
    "both sides; a key named alike on both sides is kept once.",
    input_ports=("left", "right"),
    config_schema=object_schema(
        ["on"],
        left_items={**_ITEMS, "description": "The left list; default: see left_path."},
        right_items={**_ITEMS, "description": "The right list; default: see right_path."},
        left_path={
            "type": "string",
            "minLength": 1,
            "description": _SIDE_PATH.format(side="left"),
        },
        right_path={
            "type": "string",
            "minLength": 1,
            "description": _SIDE_PATH.format(side="right"),
        },
        on={
            "type": "array",
            "minItems": 1,
            "description": "Key fields that must be equal (as JSON; null never matches).",
            "items": object_schema(
                ["left"],
                left=_field("Key field of the left items.", "customer_id"),
                right=_field("Key field of the right items; default: the left name.", "id"),
            ),
            "examples": [[{"left": "customer_id", "right": "id"}]],
        },
        how={
            "enum": ["inner", "left"],
            "default": "inner",
            "description": "inner: matched pairs only; left: also left items with no match.",
        },
        left_prefix={
            "type": "string",
            "minLength": 1,
            "default": "left_",
            "description": "Prefix of left fields whose name the right side has too.",
        },
        right_prefix={
            "type": "string",
            "minLength": 1,
            "default": "right_",
            "description": "Prefix of right fields whose name the left side has too.",
        },
    ),
    output_schema=_list_output(
        "Merged rows: left fields then right fields, in left order (at most 100,000)."
    ),
)

TEMPLATE = inline_node(
    type="transform.template",
    category="Transform",
    label="Text template",
    description="Renders text from upstream data with `{{ }}` JMESPath expressions (data "
    "shows as JSON, null as nothing). No loops or filters: use JMESPath functions such as "
    "join().",
    config_schema=object_schema(
        ["template"],
        template={
            "type": "string",
            "description": "Text with {{ expressions }} over the run context.",
            "examples": [
                "Hello {{ nodes.customer.output.name }}, your total is "
                "{{ nodes.order.output.total }}.",
                "Paid orders: {{ join(', ', nodes.filter.output.items[*].id) }}",
            ],
        },
    ),
    output_schema={
        "type": "object",
        "properties": {"text": {"type": "string", "description": "The rendered text."}},
    },
)

NODE_TYPES = [FILTER, SORT, AGGREGATE, DEDUPE, JOIN, TEMPLATE]
