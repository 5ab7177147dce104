"""`transform.filter`: keep the items that match a JMESPath condition or a list of rules."""

from collections.abc import Callable
from typing import Any

import jmespath
import jmespath.exceptions

from ._expressions import compile_search
from ._transform_fields import MISSING, canonical, field_getter, is_number, json_type, one_of

OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "contains", "in", "exists")
_ORDERING = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}

Predicate = Callable[[Any, int], bool]
"""(item, index) → keep it?"""


def filter_items(items: list[Any], config: dict[str, Any]) -> list[Any]:
    """The items for which the condition (or the rules) hold, in their order."""
    keep = predicate(config)
    return [item for index, item in enumerate(items) if keep(item, index)]


def predicate(config: dict[str, Any]) -> Predicate:
    """The test of one item described by `condition` or `rules` + `match`."""
    condition, rules = config.get("condition"), config.get("rules")
    if (condition is None) == (rules is None):
        raise ValueError("config must set exactly one of 'condition' and 'rules'")
    if condition is not None:
        return _condition(condition)
    if not isinstance(rules, list) or not rules:
        raise ValueError(f"config.rules must be a non-empty list, not {json_type(rules)}")
    tests = [_rule(rule, f"config.rules[{i}]") for i, rule in enumerate(rules)]
    if one_of(config.get("match", "all"), ("all", "any"), "config.match") == "all":
        return lambda item, index: all(test(item, index) for test in tests)
    return lambda item, index: any(test(item, index) for test in tests)


def _condition(condition: Any) -> Predicate:
    if not isinstance(condition, str) or not condition.strip():
        raise ValueError(f"config.condition must be a JMESPath string, not {json_type(condition)}")
    body = condition.strip()
    if body.startswith("{{") and body.endswith("}}") and body.count("{{") == 1:
        body = body[2:-2].strip()  # a wrapped condition reads the same, as in logic.condition
    if "{{" in body:
        raise ValueError(
            "config.condition is evaluated per item and cannot embed {{ }}; "
            "to compare with run data use rules with value: {{ ... }}"
        )
    try:
        compiled = compile_search(body)
    except jmespath.exceptions.JMESPathError as exc:
        raise ValueError(f"config.condition: invalid JMESPath {body!r}: {exc}") from exc

    def test(item: Any, index: int) -> bool:
        try:
            return bool(compiled(item, None))
        except jmespath.exceptions.JMESPathError as exc:
            raise ValueError(f"config.condition failed on item {index}: {exc}") from exc

    return test


def _rule(rule: Any, where: str) -> Predicate:
    if not isinstance(rule, dict):
        raise ValueError(f"{where} must be an object with field, op and value")
    field = rule.get("field")
    if not isinstance(field, str) or not field:
        raise ValueError(f"{where}.field must be a field name, not {json_type(field)}")
    op = one_of(rule.get("op"), OPERATORS, f"{where}.op")
    value = rule.get("value")
    get = field_getter(field)
    label = f"{where} ({field} {op})"
    if op == "exists":
        wanted = True if value is None else value
        if not isinstance(wanted, bool):
            raise ValueError(f"{where}.value must be true or false for exists")
        return lambda item, _: (get(item) not in (MISSING, None)) == wanted
    if op in ("eq", "ne"):
        key, negate = canonical(value), op == "ne"
        return lambda item, _: (canonical(get(item)) == key) != negate
    if op == "in":
        if not isinstance(value, list):
            raise ValueError(f"{where}.value must be a list for in, not {json_type(value)}")
        keys = {canonical(v) for v in value}  # null in the list matches null and missing, as eq
        return lambda item, _: canonical(get(item)) in keys
    if op == "contains":
        return _contains(get, value, label, where)
    return _ordering(get, op, value, label, where)


def _contains(get: Callable[[Any], Any], value: Any, label: str, where: str) -> Predicate:
    key = canonical(value)

    def test(item: Any, index: int) -> bool:
        found = get(item)
        if found is MISSING or found is None:
            return False
        if isinstance(found, str):
            if not isinstance(value, str):
                raise ValueError(f"{where}.value must be a string to look for in text")
            return value in found
        if isinstance(found, list):
            return any(canonical(v) == key for v in found)
        raise ValueError(
            f"{label}: item {index} holds a {json_type(found)}; contains needs text or a list"
        )

    return test


def _ordering(get: Callable[[Any], Any], op: str, value: Any, label: str, where: str) -> Predicate:
    if not (is_number(value) or isinstance(value, str)):
        raise ValueError(f"{where}.value must be a number or a string for {op}")
    compare, numeric = _ORDERING[op], is_number(value)

    def test(item: Any, index: int) -> bool:
        found = get(item)
        if found is MISSING or found is None:
            return False
        if is_number(found) != numeric or not (numeric or isinstance(found, str)):
            raise ValueError(
                f"{label}: item {index} holds a {json_type(found)} ({found!r:.40}), "
                f"which cannot be compared with the {json_type(value)} {value!r}"
            )
        return bool(compare(found, value))

    return test
