"""Size budgets: what one expression or one rendered config may build, counted while it builds.

A graph author is not trusted, and expressions run inside the shared workflow worker:
`[@,@]` piped twenty times would build a value of 2^20 copies. Every value an evaluation
creates is measured (as its JSON size, shared parts counted each time they appear) and
charged against a budget; the evaluation stops as soon as the budget is spent.
"""

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._contracts import ExpressionLimits


class ExpressionError(ValueError):
    """An expression that does not parse or cannot be evaluated."""


class BudgetExceeded(ExpressionError):
    """An evaluation or a rendered config grew beyond its budget; retrying cannot help."""


_ACTIVE: contextvars.ContextVar[ExpressionLimits | None] = contextvars.ContextVar(
    "sluice_expression_limits", default=None
)


def active_limits() -> ExpressionLimits:
    """The limits of the run being interpreted (the defaults outside a run)."""
    return _ACTIVE.get() or ExpressionLimits()


def set_limits(limits: ExpressionLimits) -> None:
    """Make `limits` the active ones for this task and the tasks it starts (GraphWorkflow)."""
    _ACTIVE.set(limits)


@contextlib.contextmanager
def using_limits(limits: ExpressionLimits) -> Iterator[None]:
    """`limits` active inside the block only (activities running inline nodes)."""
    token = _ACTIVE.set(limits)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@dataclass
class Budget:
    """Bytes that may still be built; `what` names the spender in the error."""

    remaining: int
    what: str
    limit: int = 0

    @classmethod
    def start(cls, what: str, limits: ExpressionLimits | None = None) -> "Budget":
        size = (limits or active_limits()).max_result_bytes
        return cls(remaining=size, what=what, limit=size)

    def charge(self, value: Any) -> None:
        """Charge the JSON size of `value`; stops walking it once the budget is spent."""
        self.spend(measure(value, self.remaining + 1))

    def spend(self, size: int) -> None:
        self.remaining -= size
        if self.remaining < 0:
            raise BudgetExceeded(
                f"{self.what} builds more than {self.limit:,} bytes "
                "(EXPRESSION_MAX_RESULT_BYTES); make it select less data"
            )


def measure(value: Any, stop_after: int) -> int:
    """The JSON size of `value`, or any number above `stop_after` once it gets there.

    Iterative, so neither deep nesting nor a cycle can exhaust the stack or loop forever.
    """
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            for key, child in item.items():
                total += len(key) if isinstance(key, str) else 8
                stack.append(child)
        elif isinstance(item, list | tuple):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += len(str(item)) if -(10**18) < item < 10**18 else 20 + item.bit_length() // 3
        else:
            total += 24
        if total > stop_after:
            return total
    return total


def nesting_depth(value: Any, stop_after: int) -> int:
    """How deeply lists and objects nest in `value` (0 for a scalar), iteratively; stops
    counting once past `stop_after`."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > stop_after:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
