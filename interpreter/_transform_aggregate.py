"""`transform.aggregate`: group items by fields; count, sum, avg, min, max per group.

`Groups` takes one item at a time, so a stream of rows can be aggregated without holding it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._transform_fields import (
    MISSING,
    canonical,
    field_getter,
    field_list,
    is_number,
    json_type,
    one_of,
    require_list,
)

OPERATIONS = ("count", "sum", "avg", "min", "max")


@dataclass(frozen=True)
class Aggregation:
    """One output column: `op` over `field` (count may have no field)."""

    op: str
    field: str | None
    name: str
    where: str


def aggregate_items(items: list[Any], group_by: Any, aggregations: Any) -> list[dict[str, Any]]:
    """One row per group, in order of first appearance."""
    groups = Groups(group_by, aggregations)
    for index, item in enumerate(items):
        groups.add(item, index)
    return groups.rows()


def parse_aggregations(group_by: Any, aggregations: Any) -> tuple[list[str], list[Aggregation]]:
    """Checked `group_by` fields and aggregations; output names must not collide."""
    fields = field_list(group_by, "config.group_by") if group_by is not None else []
    specs = require_list(aggregations, "config.aggregations")
    if not specs:
        raise ValueError("config.aggregations must list at least one aggregation")
    parsed, names = [], dict.fromkeys(fields, "config.group_by")
    for index, spec in enumerate(specs):
        where = f"config.aggregations[{index}]"
        if not isinstance(spec, dict):
            raise ValueError(f"{where} must be an object with op, field and as")
        op = one_of(spec.get("op"), OPERATIONS, f"{where}.op")
        field = spec.get("field")
        if field is not None and (not isinstance(field, str) or not field):
            raise ValueError(f"{where}.field must be a field name, not {json_type(field)}")
        if field is None and op != "count":
            raise ValueError(f"{where}.field is required for {op}")
        name = spec.get("as") or (op if field is None else f"{op}_{field}")
        if not isinstance(name, str):
            raise ValueError(f"{where}.as must be a column name, not {json_type(name)}")
        if name in names:
            raise ValueError(f"{where}: column '{name}' is already made by {names[name]}")
        names[name] = where
        parsed.append(Aggregation(op, field, name, where))
    return fields, parsed


class Groups:
    """Running aggregates per group key."""

    def __init__(self, group_by: Any, aggregations: Any) -> None:
        self.fields, self.aggregations = parse_aggregations(group_by, aggregations)
        self._group_getters = [field_getter(f) for f in self.fields]
        self._getters: list[Callable[[Any], Any] | None] = [
            field_getter(a.field) if a.field else None for a in self.aggregations
        ]
        self._groups: dict[Any, tuple[list[Any], list[_Accumulator]]] = {}

    def add(self, item: Any, index: int) -> None:
        values = [g(item) for g in self._group_getters]
        key = tuple(canonical(v) for v in values)
        group = self._groups.get(key)
        if group is None:
            shown = [None if v is MISSING else v for v in values]
            group = self._groups[key] = (shown, [_Accumulator(a) for a in self.aggregations])
        for get, accumulator in zip(self._getters, group[1], strict=True):
            accumulator.add(item if get is None else get(item), index, counts_item=get is None)

    def rows(self) -> list[dict[str, Any]]:
        if not self._groups and not self.fields:
            # Like SQL: totals over no items are one row (count 0), not none.
            empty = [_Accumulator(a) for a in self.aggregations]
            return [{a.aggregation.name: a.result() for a in empty}]
        return [
            {
                **dict(zip(self.fields, shown, strict=True)),
                **{a.aggregation.name: a.result() for a in accumulators},
            }
            for shown, accumulators in self._groups.values()
        ]


class _Accumulator:
    def __init__(self, aggregation: Aggregation) -> None:
        self.aggregation = aggregation
        self.count = 0
        self.total = 0  # ints stay exact; floats go through the compensated sum
        self.float_total, self.compensation = 0.0, 0.0
        self.best: Any = None

    def add(self, value: Any, index: int, *, counts_item: bool) -> None:
        if counts_item:
            self.count += 1
            return
        if value is MISSING or value is None:
            return  # nulls are skipped, as in SQL
        op = self.aggregation.op
        if op in ("sum", "avg") and not is_number(value):
            self._mismatch(value, index, "numbers")
        if op in ("min", "max"):
            self._extreme(value, index)
        elif op != "count":
            self._sum(value)
        self.count += 1

    def _sum(self, value: int | float) -> None:
        if isinstance(value, int):
            self.total += value
            return
        # Neumaier summation: 0.1 added ten times is 1.0, not 0.9999999999999999.
        running = self.float_total + value
        if abs(self.float_total) >= abs(value):
            self.compensation += (self.float_total - running) + value
        else:
            self.compensation += (value - running) + self.float_total
        self.float_total = running

    def _extreme(self, value: Any, index: int) -> None:
        if not (is_number(value) or isinstance(value, str)):
            self._mismatch(value, index, "numbers or strings")
        if self.best is not None and is_number(self.best) != is_number(value):
            self._mismatch(value, index, f"{json_type(self.best)}s like the items before")
        lower = self.aggregation.op == "min"
        if self.best is None or (value < self.best if lower else value > self.best):
            self.best = value

    def _mismatch(self, value: Any, index: int, wanted: str) -> None:
        a = self.aggregation
        raise ValueError(
            f"{a.where} ({a.op} of '{a.field}'): item {index} holds a {json_type(value)} "
            f"({value!r:.40}); {a.op} needs {wanted}"
        )

    def result(self) -> Any:
        op = self.aggregation.op
        if op == "count":
            return self.count
        if op in ("min", "max"):
            return self.best
        total: int | float = self.total
        if self.float_total or self.compensation:
            total += self.float_total + self.compensation
        if op == "sum":
            return total
        return total / self.count if self.count else None
