"""Checks on trigger node configs that a JSON Schema cannot express, run before saving.

Temporal parses cron expressions itself when a Schedule is created, after the version is
saved; checking their shape here first keeps a typo from leaving a saved version without
its schedule.
"""

import re
import uuid
import zoneinfo
from typing import Any

from sqlmodel import Session

from activities.credential_types import CREDENTIAL_TYPES
from interpreter import RESPOND_TYPE, GraphError

from ..credentials.store import read_credential

_MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_DAYS = "sun mon tue wed thu fri sat".split()
_Field = tuple[str, int, int, list[str]]
"""(name, lowest, highest, names) of one field of 5-, 6- and 7-field expressions."""
_SECOND: _Field = ("second", 0, 59, [])
_MINUTE: _Field = ("minute", 0, 59, [])
_HOUR: _Field = ("hour", 0, 23, [])
_DAY: _Field = ("day of month", 1, 31, [])
_MONTH: _Field = ("month", 1, 12, _MONTHS)
_WEEKDAY: _Field = ("day of week", 0, 7, _DAYS)
_YEAR: _Field = ("year", 1970, 2999, [])
_LAYOUTS = {
    5: (_MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY),
    6: (_MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY, _YEAR),
    7: (_SECOND, _MINUTE, _HOUR, _DAY, _MONTH, _WEEKDAY, _YEAR),
}
_ITEM = re.compile(r"^(\*|\?|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(\d+))?$")


def cron_problem(expression: str) -> str | None:
    """Why `expression` is not a cron expression Temporal accepts, or None."""
    text = expression.strip().lower()
    if text in _MACROS:
        return None
    if text.startswith(("@every", "cron_tz", "tz=")):
        return "use `interval_seconds` or `timezone` instead of @every or CRON_TZ"
    fields = text.split()
    layout = _LAYOUTS.get(len(fields))
    if layout is None:
        return (
            f"{expression!r} has {len(fields)} fields; a cron expression has 5 "
            "(minute hour day-of-month month day-of-week), or is @hourly, @daily, ..."
        )
    for value, shown, (name, low, high, names) in zip(
        fields, expression.split(), layout, strict=True
    ):
        for item in value.split(","):
            match = _ITEM.match(item)
            if match is None or match.group(2) == "0":
                return f"{name} field {shown!r} is not valid"
            if match.group(1) in ("*", "?"):
                continue
            for bound in match.group(1).split("-"):
                number = _number(bound, names)
                if number is None or not low <= number <= high:
                    return f"{name} field {shown!r}: {bound!r} is not in {low}-{high}"
    return None


def _number(bound: str, names: list[str]) -> int | None:
    if bound in names:
        return names.index(bound) + (1 if names is _MONTHS else 0)
    return int(bound) if bound.isdigit() else None


def check_triggers(
    *, session: Session, workspace_id: uuid.UUID, graph: dict[str, Any]
) -> list[GraphError]:
    """Problems of the graph's trigger nodes: schedule timing, signing credential, respond."""
    errors: list[GraphError] = []
    nodes = graph["nodes"]
    responders = any(n["type"] == RESPOND_TYPE for n in nodes)
    for node in nodes:
        config = (node.get("data") or {}).get("config") or {}
        if node["type"] == "trigger.schedule":
            errors += _schedule_problems(node["id"], config)
        elif node["type"] == "trigger.webhook":
            if config.get("respond") == "on_node" and not responders:
                errors.append(
                    GraphError(
                        node["id"],
                        "config.respond",
                        "`on_node` needs a webhook.respond node in the graph",
                    )
                )
            errors += _credential_problems(session, workspace_id, node["id"], config)
    return errors


def _schedule_problems(node_id: str, config: dict[str, Any]) -> list[GraphError]:
    cron = config.get("cron")
    expressions = [cron] if isinstance(cron, str) else list(cron or [])
    if bool(expressions) == ("interval_seconds" in config):
        return [GraphError(node_id, "config.cron", "set either `cron` or `interval_seconds`")]
    errors = []
    for expression in expressions:
        problem = cron_problem(str(expression))
        if problem:
            errors.append(GraphError(node_id, "config.cron", problem))
    zone = config.get("timezone", "UTC")
    if not isinstance(zone, str) or zone not in _time_zones():
        errors.append(
            GraphError(
                node_id, "config.timezone", f"{zone!r} is not an IANA time zone (e.g. Europe/Paris)"
            )
        )
    return errors


def _time_zones() -> set[str]:
    return zoneinfo.available_timezones() | {"UTC"}


def _credential_problems(
    session: Session, workspace_id: uuid.UUID, node_id: str, config: dict[str, Any]
) -> list[GraphError]:
    reference = config.get("credential_id")
    if reference is None:
        return []
    try:
        row = read_credential(
            session=session, workspace_id=workspace_id, credential_id=uuid.UUID(str(reference))
        )
    except ValueError:
        row = None
    if row is None or row.type == "http_header":
        return []  # a missing credential is reported by check_graph_credentials
    label = CREDENTIAL_TYPES[row.type].label
    return [
        GraphError(
            node_id,
            "config.credential_id",
            f"webhook signatures need an http_header credential (header name and secret), "
            f"not {row.type} ({label})",
        )
    ]
