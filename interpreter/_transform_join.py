"""`transform.join`: inner or left join of two lists of objects on key fields."""

from collections.abc import Callable
from typing import Any

from ._budget import Budget
from ._transform_fields import MISSING, canonical, field_getter, json_type, one_of, require_list

MAX_ROWS = 100_000
"""A join of many-to-many keys can explode; past this it is a mistake, not a result."""

KeyPair = tuple[str, str]


def join_items(
    left: list[Any],
    right: list[Any],
    on: Any,
    *,
    how: Any = "inner",
    left_prefix: Any = "left_",
    right_prefix: Any = "right_",
) -> list[dict[str, Any]]:
    """Rows of left merged with each right item whose keys are equal (null never matches).

    A field both sides have is prefixed on both sides, except a key named alike on both
    sides, which is kept once. With `how="left"`, an unmatched left item is kept alone.
    """
    pairs = _key_pairs(on)
    how = one_of(how if how is not None else "inner", ("inner", "left"), "config.how")
    _objects(left, "left")
    _objects(right, "right")
    left_key = _key_reader([field_getter(a) for a, _ in pairs])
    right_key = _key_reader([field_getter(b) for _, b in pairs])
    index: dict[Any, list[dict[str, Any]]] = {}
    for item in right:
        key = right_key(item)
        if key is not None:
            index.setdefault(key, []).append(item)
    left_names, right_names = _column_names(left, right, pairs, left_prefix, right_prefix)
    rows: list[dict[str, Any]] = []
    budget = Budget.start("transform.join's rows")  # rows share values: measured one by one
    for item in left:
        key = left_key(item)
        matches = index.get(key, []) if key is not None else []
        base = {left_names[k]: v for k, v in item.items()}
        if not matches and how == "left":
            budget.charge(base)
            rows.append(base)
        for match in matches:
            row = dict(base)
            row.update((right_names[k], v) for k, v in match.items() if k in right_names)
            budget.charge(row)
            rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ValueError(
                f"config.on: the join makes more than {MAX_ROWS} rows; "
                "the keys match many items on both sides"
            )
    return rows


def _key_pairs(on: Any) -> list[KeyPair]:
    specs = require_list(on, "config.on")
    if not specs:
        raise ValueError("config.on must name at least one key")
    pairs = []
    for index, spec in enumerate(specs):
        where = f"config.on[{index}]"
        if not isinstance(spec, dict):
            raise ValueError(f"{where} must be an object with left (and right) field names")
        left, right = spec.get("left"), spec.get("right", spec.get("left"))
        for side, name in (("left", left), ("right", right)):
            if not isinstance(name, str) or not name:
                raise ValueError(f"{where}.{side} must be a field name, not {json_type(name)}")
        pairs.append((str(left), str(right)))
    return pairs


def _objects(items: list[Any], side: str) -> None:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"{side} item {index} is a {json_type(item)}; join needs objects")


def _key_reader(getters: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    def key(item: Any) -> Any:
        values = [get(item) for get in getters]
        if any(v is MISSING or v is None for v in values):
            return None
        return tuple(canonical(v) for v in values)

    return key


def _column_names(
    left: list[dict[str, Any]],
    right: list[dict[str, Any]],
    pairs: list[KeyPair],
    left_prefix: Any,
    right_prefix: Any,
) -> tuple[dict[str, str], dict[str, str]]:
    """Output name of every field of each side; a right field missing from the map is dropped."""
    for field, prefix in (("left_prefix", left_prefix), ("right_prefix", right_prefix)):
        if not isinstance(prefix, str) or not prefix:
            raise ValueError(f"config.{field} must be a non-empty string")
    # Ordered (dicts, not sets): the output must not depend on string hashing.
    left_fields = {k: None for item in left for k in item}
    right_fields = {k: None for item in right for k in item}
    shared_keys = {a for a, b in pairs if a == b}
    clashes = {k for k in left_fields if k in right_fields and k not in shared_keys}
    left_names = {k: left_prefix + k if k in clashes else k for k in left_fields}
    right_names = {
        k: right_prefix + k if k in clashes else k for k in right_fields if k not in shared_keys
    }
    seen: dict[str, str] = {}
    for side, names in (("left", left_names), ("right", right_names)):
        for field, name in names.items():
            if name in seen:
                raise ValueError(
                    f"config.right_prefix: {side} field '{field}' and {seen[name]} would both "
                    f"be named '{name}'; choose other prefixes"
                )
            seen[name] = f"{side} field '{field}'"
    return left_names, right_names
