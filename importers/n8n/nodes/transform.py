"""List transforms: Filter, Sort, Limit, Remove Duplicates, Aggregate, Split Out, Summarize.

n8n runs these over its list of items; Sluice's transforms take the list as one value, so
each reads its input's list (`to_array` of the upstream output when the list is not known)
and answers `items`: downstream `$json` reads the first item, `.all()` the list.
"""

import json
import re
from typing import Any

from ..defaults import add_defaults
from ..expressions import Untranslatable
from ..model import N8nNode
from ..registry import Context, Converted, Unsupported, converts
from .flow import condition, operand

add_defaults("n8n-nodes-base.sort", 1, {"type": "simple"})
add_defaults("n8n-nodes-base.limit", 1, {"maxItems": 1, "keep": "firstItems"})
add_defaults("n8n-nodes-base.removeDuplicates", 1, {"compare": "allFields"})
add_defaults(
    "n8n-nodes-base.removeDuplicates",
    2,
    {"compare": "allFields", "operation": "removeDuplicateInputItems"},
)
add_defaults(
    "n8n-nodes-base.aggregate",
    1,
    {
        "aggregate": "aggregateIndividualFields",
        "destinationFieldName": "data",
        "include": "allFields",
    },
)
add_defaults("n8n-nodes-base.splitOut", 1, {"include": "noOtherFields"})

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ITEM_FIELD = re.compile(r"^\(@\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\)$")


def items_of_input(ctx: Context) -> str:
    """The JMESPath list this node works on: the upstream list, else its output as a list."""
    return ctx.input_items() or f"to_array({ctx.input_item()})"


def jmes_path(field: str) -> str:
    """An n8n field name (`a.b` nested) as a JMESPath path."""
    return ".".join(p if _IDENT.match(p) else json.dumps(p) for p in field.split("."))


def field_names(value: Any) -> list[str]:
    """A comma-separated n8n field list (`"a, b"`) as names."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def _listed(ctx: Context, sluice_type: str, config: dict[str, Any]) -> Converted:
    """A node whose output is `{items, count}`: downstream `$json` is its first item."""
    converted = ctx.single(sluice_type, config)
    out = f"nodes.{converted.entry}.output"
    converted.items, converted.item = f"{out}.items", f"{out}.items[0]"
    return converted


def _plain(ctx: Context, parameter: str) -> str:
    value = ctx.param(parameter)
    if isinstance(value, str) and value.startswith("="):
        raise Unsupported(f"{parameter} is an expression", f"write the field name in {parameter}")
    return "" if value is None else str(value)


class _PerItem:
    """Condition operands read `$json` as the item being tested (`@`)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def expr(self, value: Any, parameter: str) -> Any:
        return self._ctx.expr(value, parameter, item="@")


_RULE_OPS = {
    "equals": "eq", "equal": "eq", "notEquals": "ne", "notEqual": "ne", "gt": "gt",
    "larger": "gt", "gte": "gte", "largerEqual": "gte", "lt": "lt", "smaller": "lt",
    "lte": "lte", "smallerEqual": "lte", "contains": "contains", "exists": "exists",
    "notExists": "exists",
}  # fmt: skip


@converts("n8n-nodes-base.filter")
def filter_node(node: N8nNode, ctx: Context) -> Converted:
    """Filter → transform.filter: a per-item condition, or rules when it reads other nodes."""
    config: dict[str, Any] = {"items": "{{ " + items_of_input(ctx) + " }}"}
    try:
        config["condition"] = condition(_PerItem(ctx), node)  # type: ignore[arg-type]
    except Untranslatable:
        config.update(_rules(ctx, node))
    options = (node.parameters.get("conditions") or {}).get("options") or {}
    if options.get("caseSensitive") is False or (node.parameters.get("options") or {}).get(
        "ignoreCase"
    ):
        ctx.approximate("comparisons are case-sensitive in Sluice", "options.ignoreCase")
    if node.parameters.get("looseTypeValidation") or options.get("typeValidation") == "loose":
        ctx.approximate("no loose type conversion: compare values of one type", "typeValidation")
    return _listed(ctx, "transform.filter", config)


def _rules(ctx: Context, node: N8nNode) -> dict[str, Any]:
    """Conditions comparing an item field with run data, as transform.filter rules."""
    block = node.parameters.get("conditions") or {}
    rules = []
    for i, item in enumerate(block.get("conditions") or []):
        op = (item.get("operator") or {}).get("operation", "equals")
        where = f"conditions[{i}]"
        left = operand(_PerItem(ctx), item.get("leftValue"), f"{where}.leftValue")  # type: ignore[arg-type]
        field = _ITEM_FIELD.match(left)
        if op not in _RULE_OPS or field is None:
            raise Unsupported(
                f"{where} compares with another node's data in a way filter rules cannot "
                "express (rules take an item field, an operator and a value)",
                "move the run data into the item first (transform.set), or write a condition",
            )
        rule: dict[str, Any] = {"field": field.group(1), "op": _RULE_OPS[op]}
        if op in ("exists", "notExists"):
            rule["value"] = op == "exists"
        else:
            rule["value"] = ctx.expr(item.get("rightValue"), f"{where}.rightValue")
        rules.append(rule)
    if not rules:
        raise Unsupported("Filter conditions read other nodes", "write them as filter rules")
    match = "any" if block.get("combinator") == "or" else "all"
    return {"rules": rules, "match": match}


@converts("n8n-nodes-base.sort")
def sort(node: N8nNode, ctx: Context) -> Converted:
    """Sort (simple) → transform.sort; random and code orders have no Sluice counterpart."""
    kind = ctx.param("type")
    if kind == "random":
        raise Unsupported("random order", "Sluice sorts deterministically; sort by a field")
    if kind == "code":
        raise Unsupported("sort by JavaScript code", "sort by one or more fields instead")
    by = []
    for i, key in enumerate((node.parameters.get("sortFieldsUi") or {}).get("sortField") or []):
        name = key.get("fieldName")
        if not isinstance(name, str) or not name or name.startswith("="):
            raise Unsupported(f"sortField[{i}].fieldName must be a field name")
        direction = "desc" if key.get("order") == "descending" else "asc"
        by.append({"field": name, "direction": direction})
    if not by:
        raise Unsupported("Sort with no fields", "add a field to sort by")
    if (node.parameters.get("options") or {}).get("disableDotNotation"):
        ctx.approximate("dotted names read nested fields (unless the key has the dot)")
    return _listed(ctx, "transform.sort", {"items": "{{ " + items_of_input(ctx) + " }}", "by": by})


@converts("n8n-nodes-base.limit")
def limit(node: N8nNode, ctx: Context) -> Converted:
    """Limit → transform.set whose `items` is a slice of the input list."""
    count = ctx.param("maxItems")
    if isinstance(count, bool) or not isinstance(count, int | float):
        raise Unsupported("maxItems is an expression", "set a fixed number of items")
    n = int(count)
    cut = f"[-{n}:]" if ctx.param("keep") == "lastItems" else f"[:{n}]"
    listed = f"{items_of_input(ctx)}{cut}" if n > 0 else "`[]`"
    config = {"fields": {"items": "{{ " + listed + " }}", "count": f"{{{{ length({listed}) }}}}"}}
    return _listed(ctx, "transform.set", config)


@converts("n8n-nodes-base.removeDuplicates")
def remove_duplicates(node: N8nNode, ctx: Context) -> Converted:
    """Remove Duplicates (within the input) → transform.dedupe keeping the first."""
    if ctx.param("operation") not in (None, "removeDuplicateInputItems"):
        raise Unsupported(
            f"operation {ctx.param('operation')!r} remembers items across executions",
            "keep the seen keys in a database table (database.postgres) and filter on them",
        )
    config: dict[str, Any] = {"items": "{{ " + items_of_input(ctx) + " }}"}
    compare = ctx.param("compare")
    if compare == "selectedFields":
        raw = node.parameters.get("fieldsToCompare")
        if isinstance(raw, dict):  # v1: {fields: [{fieldName}]}
            raw = [f.get("fieldName") for f in raw.get("fields") or []]
        fields = field_names(raw)
        if not fields:
            raise Unsupported("no fields to compare", "list the fields in fieldsToCompare")
        config["fields"] = fields
    elif compare == "allFieldsExcept":
        raise Unsupported(
            "comparing all fields except some: Sluice compares listed fields or whole items",
            "list the fields to compare (compare: selected fields)",
        )
    if (node.parameters.get("options") or {}).get("removeOtherFields"):
        ctx.approximate("kept items keep all their fields", "options.removeOtherFields")
    return _listed(ctx, "transform.dedupe", config)


@converts("n8n-nodes-base.aggregate")
def aggregate(node: N8nNode, ctx: Context) -> Converted:
    """Aggregate → transform.set: one object of lists (`items[*].field`), as n8n's one item."""
    listed = items_of_input(ctx)
    options = node.parameters.get("options") or {}
    fields: dict[str, Any] = {}
    if ctx.param("aggregate") == "aggregateAllItemData":
        include = ctx.param("include")
        value = listed
        if include == "specifiedFields":
            names = field_names(node.parameters.get("fieldsToInclude"))
            pairs = ", ".join(f"{json.dumps(n)}: {jmes_path(n)}" for n in names)
            value = f"{listed}[*].{{{pairs}}}"
        elif include == "allFieldsExcept":
            ctx.approximate("every field is kept (no field exclusion)", "fieldsToExclude")
        fields[_plain(ctx, "destinationFieldName") or "data"] = "{{ " + value + " }}"
    else:
        entries = (node.parameters.get("fieldsToAggregate") or {}).get("fieldToAggregate") or []
        for i, entry in enumerate(entries):
            name = entry.get("fieldToAggregate")
            if not isinstance(name, str) or not name or name.startswith("="):
                raise Unsupported(f"fieldToAggregate[{i}] must be a field name")
            out = entry.get("outputFieldName") if entry.get("renameField") else None
            flatten = "[]" if options.get("mergeLists") else ""
            fields[out or name] = "{{ " + f"{listed}[*].{jmes_path(name)}{flatten}" + " }}"
        if not fields:
            raise Unsupported("Aggregate with no fields", "name the fields to aggregate")
        if options.get("keepMissing"):
            ctx.approximate("missing and null values are left out", "options.keepMissing")
    if options.get("includeBinaries"):
        ctx.approximate("binary data is not aggregated", "options.includeBinaries")
    return ctx.single("transform.set", {"fields": fields})


@converts("n8n-nodes-base.splitOut")
def split_out(node: N8nNode, ctx: Context) -> Converted:
    """Split Out → transform.set whose `items` flattens one list field of every item."""
    names = field_names(_plain(ctx, "fieldToSplitOut"))
    if len(names) != 1:
        raise Unsupported(
            "Split Out of several fields at once", "split one field per node, then join them"
        )
    if names[0].startswith("$binary"):
        raise Unsupported("splitting binary data", "parse files with the file nodes")
    listed = f"{items_of_input(ctx)}[*].{jmes_path(names[0])}[]"
    if ctx.param("include") != "noOtherFields":
        ctx.approximate("other fields of the item are not copied into the new items", "include")
    ctx.approximate(
        "elements that are not objects stay bare values (n8n wraps them as {field: value})",
        "fieldToSplitOut",
    )
    config = {"fields": {"items": "{{ " + listed + " }}", "count": f"{{{{ length({listed}) }}}}"}}
    return _listed(ctx, "transform.set", config)


_SUMMARY = {"count": "count", "sum": "sum", "average": "avg", "min": "min", "max": "max"}


@converts("n8n-nodes-base.summarize")
def summarize(node: N8nNode, ctx: Context) -> Converted:
    """Summarize → transform.aggregate (split-by fields → group_by); n8n's column names."""
    aggregations = []
    for i, entry in enumerate((node.parameters.get("fieldsToSummarize") or {}).get("values") or []):
        kind, name = entry.get("aggregation", "count"), entry.get("field")
        if not isinstance(name, str) or not name or name.startswith("="):
            raise Unsupported(f"fieldsToSummarize[{i}].field must be a field name")
        if kind not in _SUMMARY:
            ctx.approximate(
                f"{kind} of {name!r} left out: transform.aggregate has count, sum, avg, min, "
                "max (aggregate the list with transform.set and JMESPath instead)",
                f"fieldsToSummarize[{i}]",
            )
            continue
        column = f"{'average' if kind == 'average' else kind}_{name}"
        aggregations.append({"op": _SUMMARY[kind], "field": name, "as": column})
        if kind == "count" and not entry.get("includeEmpty"):
            ctx.approximate("count skips nulls but counts empty text", f"fieldsToSummarize[{i}]")
    if not aggregations:
        raise Unsupported("no aggregation Sluice has", "use count, sum, average, min or max")
    config: dict[str, Any] = {"items": "{{ " + items_of_input(ctx) + " }}"}
    split = field_names(node.parameters.get("fieldsToSplitBy"))
    if split:
        config["group_by"] = split
        if (node.parameters.get("options") or {}).get("outputFormat") == "singleItem":
            ctx.approximate("one row per group, not one item", "options.outputFormat")
    config["aggregations"] = aggregations
    return _listed(ctx, "transform.aggregate", config)
