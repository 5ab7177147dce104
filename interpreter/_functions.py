"""Sluice's functions beside JMESPath's own: text, arithmetic, if_else, hash, times, clock.

All are pure: `now()` reads the run's start time (set by GraphWorkflow from Temporal's
deterministic workflow time), never the wall clock.
"""

import calendar
import contextvars
import datetime as dt
import hashlib
import json
import re
from typing import Any

from jmespath import functions

from ._budget import ExpressionError

_CLOCK: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar(
    "sluice_run_clock", default=None
)
_HASHES = {
    "md5": "md5",
    "sha1": "sha1",
    "sha256": "sha256",
    "sha384": "sha384",
    "sha512": "sha512",
    "sha3256": "sha3_256",
    "sha3384": "sha3_384",
    "sha3512": "sha3_512",
}
_SPANS = {
    "millisecond": "milliseconds",
    "second": "seconds",
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_LUXON = [("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S")]


def set_clock(started_at: dt.datetime) -> None:
    """The time `now()` answers for this run (and the tasks it starts)."""
    _CLOCK.set(started_at)


def _clock() -> dt.datetime:
    started = _CLOCK.get()
    if started is None:
        raise ExpressionError("now() and today() are available only while a run renders")
    return started.astimezone(dt.UTC)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpressionError(f"{name}() needs numbers, got {value!r}")
    return value


class SluiceFunctions(functions.Functions):
    """Registered on every evaluation through JMESPath's custom_functions option."""

    @functions.signature({"types": ["string"]})
    def _func_lower(self, s: str) -> str:
        return s.lower()

    @functions.signature({"types": ["string"]})
    def _func_upper(self, s: str) -> str:
        return s.upper()

    @functions.signature({"types": ["string"]})
    def _func_trim(self, s: str) -> str:
        return s.strip()

    @functions.signature({"types": ["string"]}, {"types": ["string"]})
    def _func_split(self, s: str, separator: str) -> list[str]:
        return list(s) if separator == "" else s.split(separator)

    @functions.signature({"types": ["string"]}, {"types": ["string"]}, {"types": ["string"]})
    def _func_replace(self, s: str, old: str, new: str) -> str:
        return s.replace(old, new) if old else s

    @functions.signature({"types": ["string"]}, {"types": ["string"]}, {"types": ["string"]})
    def _func_replace_first(self, s: str, old: str, new: str) -> str:
        return s.replace(old, new, 1) if old else s

    @functions.signature({"types": []}, {"types": []}, {"types": []})
    def _func_if_else(self, condition: Any, then: Any, other: Any) -> Any:
        return then if condition not in (False, None, "", [], {}, 0) else other

    @functions.signature({"types": []}, {"types": []})
    def _func_add(self, a: Any, b: Any) -> Any:
        if isinstance(a, str) or isinstance(b, str):
            return _text(a) + _text(b)  # JavaScript's +, which n8n expressions rely on
        return _number(a, "add") + _number(b, "add")

    @functions.signature({"types": ["number"]}, {"types": ["number"]})
    def _func_subtract(self, a: float, b: float) -> float:
        return a - b

    @functions.signature({"types": ["number"]}, {"types": ["number"]})
    def _func_multiply(self, a: float, b: float) -> float:
        return a * b

    @functions.signature({"types": ["number"]}, {"types": ["number"]})
    def _func_divide(self, a: float, b: float) -> float | None:
        return None if b == 0 else a / b

    @functions.signature({"types": []}, {"types": ["string"]})
    def _func_hash(self, value: Any, algorithm: str) -> str:
        name = _HASHES.get(re.sub("[-_ ]", "", algorithm.lower()))
        if name is None:
            raise ExpressionError(f"hash() knows {', '.join(sorted(_HASHES))}, not {algorithm!r}")
        # Text is hashed as UTF-8; any other value as its compact JSON (as JSON.stringify).
        text = (
            value
            if isinstance(value, str)
            else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        )
        return hashlib.new(name, text.encode()).hexdigest()

    @functions.signature()
    def _func_now(self) -> str:
        return _clock().isoformat()

    @functions.signature()
    def _func_today(self) -> str:
        return _clock().replace(hour=0, minute=0, second=0, microsecond=0).isoformat()

    @functions.signature({"types": ["string"]}, {"types": ["number"]}, {"types": ["string"]})
    def _func_add_time(self, iso: str, amount: float, unit: str) -> str:
        try:
            moment = dt.datetime.fromisoformat(iso)
        except ValueError:
            raise ExpressionError(f"add_time() needs an ISO 8601 time, got {iso!r}") from None
        name = unit.lower().rstrip("s")
        if name in _MONTHS:
            if amount != int(amount):
                raise ExpressionError(f"add_time() adds whole {unit}, not {amount}")
            return _add_months(moment, int(amount) * _MONTHS[name]).isoformat()
        if name not in _SPANS:
            units = ", ".join(sorted([*_SPANS, *_MONTHS]))
            raise ExpressionError(f"add_time() units are {units} (plural too), not {unit!r}")
        return (moment + dt.timedelta(**{_SPANS[name]: amount})).isoformat()

    @functions.signature({"types": ["string"]}, {"types": ["string"]})
    def _func_format_time(self, iso: str, pattern: str) -> str:
        moment = dt.datetime.fromisoformat(iso)
        text = re.sub("%", "%%", pattern)
        for token, code in _LUXON:
            text = text.replace(token, code)
        return moment.strftime(text)


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """Calendar months later (or earlier); the day is clamped to the month's last day."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last))


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


FUNCTIONS = SluiceFunctions()
