"""`transform.sort` (stable, several keys, nulls last) and `transform.dedupe`."""

from typing import Any

from ._transform_fields import (
    MISSING,
    canonical,
    field_getter,
    field_list,
    json_type,
    one_of,
    require_list,
)

_SORTABLE = ("number", "string", "boolean")


def sort_items(items: list[Any], by: Any) -> list[Any]:
    """`items` ordered by each `{field, direction}` of `by` in turn; nulls and missing
    fields go last whatever the direction; equal items keep their order."""
    keys = require_list(by, "config.by")
    if not keys:
        raise ValueError("config.by must name at least one field")
    specs = [_sort_key(key, f"config.by[{i}]") for i, key in enumerate(keys)]
    ordered = list(items)
    # Stable passes from the least significant key to the most significant one.
    for field, descending in reversed(specs):
        ordered = _sorted_by(ordered, field, descending, items)
    return ordered


def _sort_key(key: Any, where: str) -> tuple[str, bool]:
    if not isinstance(key, dict):
        raise ValueError(f"{where} must be an object with field and direction")
    field = key.get("field")
    if not isinstance(field, str) or not field:
        raise ValueError(f"{where}.field must be a field name, not {json_type(field)}")
    direction = one_of(key.get("direction", "asc"), ("asc", "desc"), f"{where}.direction")
    return field, direction == "desc"


def _sorted_by(ordered: list[Any], field: str, descending: bool, original: list[Any]) -> list[Any]:
    get = field_getter(field)
    present: list[tuple[Any, Any]] = []
    absent: list[Any] = []
    kind: str | None = None
    for item in ordered:
        value = get(item)
        if value is MISSING or value is None:
            absent.append(item)
            continue
        value_kind = json_type(value)
        if value_kind not in _SORTABLE:
            raise ValueError(
                f"config.by: field '{field}' holds a {value_kind}; sort needs "
                "numbers, strings or booleans"
            )
        if kind is None:
            kind = value_kind
        elif value_kind != kind:
            raise ValueError(
                f"config.by: field '{field}' mixes {kind} and {value_kind} values "
                f"(e.g. item {_index_of(original, item)}); sort needs one type per field"
            )
        present.append((value, item))
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [item for _, item in present] + absent


def _index_of(items: list[Any], item: Any) -> int:
    return next(i for i, candidate in enumerate(items) if candidate is item)


def dedupe_items(items: list[Any], fields: Any, keep: Any) -> list[Any]:
    """One item per distinct key (the `fields`, or the whole item): the first or last seen,
    in the order of the kept items."""
    getters = [field_getter(f) for f in field_list(fields, "config.fields")] if fields else []
    last = one_of(keep if keep is not None else "first", ("first", "last"), "config.keep") == "last"
    kept: dict[Any, int] = {}
    for index, item in enumerate(items):
        key = tuple(canonical(g(item)) for g in getters) if getters else canonical(item)
        if last:
            kept.pop(key, None)  # re-inserted: the order follows the last occurrences
            kept[key] = index
        else:
            kept.setdefault(key, index)
    return [items[i] for i in kept.values()]
