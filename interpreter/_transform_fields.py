"""What the data transforms share: items from config or upstream, fields, JSON types, keys."""

from collections.abc import Callable, Hashable
from typing import Any

import jmespath
import jmespath.exceptions

from ._expressions import search


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""A field the item does not have (unlike a field that holds null)."""


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None or value is MISSING:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def field_getter(path: str) -> Callable[[Any], Any]:
    """Read `path` from an item: `@` is the item, `a.b` a nested field, `tags.0` an index.

    A key that itself contains dots (`"a.b"`) wins over the nested reading.
    """
    if path == "@":
        return lambda item: item
    parts = path.split(".")

    def get(item: Any) -> Any:
        if isinstance(item, dict) and path in item:
            return item[path]
        current = item
        for part in parts:
            if isinstance(current, dict):
                current = current.get(part, MISSING)
            elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
                current = current[int(part)]
            else:
                return MISSING
        return current

    return get


def canonical(value: Any) -> Hashable:
    """A hashable key equal for equal JSON values (1 == 1.0, true != 1, key order ignored)."""
    # Text and numbers are their own keys (they never equal each other); booleans are
    # wrapped because Python holds True == 1.
    if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if value is None or value is MISSING:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, list):
        return ("array", tuple(canonical(v) for v in value))
    if isinstance(value, dict):
        return ("object", tuple(sorted((str(k), canonical(v)) for k, v in value.items())))
    return ("other", repr(value))


def require_list(value: Any, field: str) -> list[Any]:
    """`value` if it is a list; else a ValueError naming the config field."""
    if isinstance(value, list):
        return value
    if _is_blob(value):
        # Claim-checked outputs arrive as data (interpreter/_offload.py); this is a file.
        raise ValueError(
            f"{field} is the file {value.get('name', 'blob')!r}, not a list: "
            "parse it first (file.parse_csv, file.parse_json, ...)"
        )
    raise ValueError(f"{field} must be a list, not {json_type(value)}")


def items_of(
    config: dict[str, Any],
    context: dict[str, Any],
    sources: list[str],
    *,
    field: str = "items",
    path_field: str | None = None,
) -> list[Any]:
    """The list a transform works on: `config[field]` when set, else the output of the
    nodes connected to its input (at `config[path_field]`, or their `items`), concatenated."""
    if field in config:
        if config[field] is None:
            # Most often a typo in the expression's path: never fall back to the input silently.
            raise ValueError(f"config.{field} is null: its expression found nothing")
        return require_list(config[field], f"config.{field}")
    if not sources:
        raise ValueError(f"config.{field} is not set and no node is connected to take items from")
    path = config.get(path_field) if path_field else None
    items: list[Any] = []
    for source in sources:
        output, at = context["nodes"][source]["output"], path
        if path:
            output = _search(path, output, f"config.{path_field}")
        elif isinstance(output, dict) and "items" in output and not _is_blob(output):
            output, at = output["items"], "items"
        if _is_blob(output):
            require_list(output, f"the output of '{source}'")
        if not isinstance(output, list):
            where = f"at {at!r} " if at else ""
            raise ValueError(
                f"config.{field} is not set and the output of '{source}' {where}is "
                f"{json_type(output)}, not a list; set {field} to an expression such as "
                f"{{{{ nodes.{source}.output.body }}}}"
            )
        items.extend(output)
    return items


def _is_blob(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$blob"), str)


def _search(path: Any, value: Any, field: str) -> Any:
    if not isinstance(path, str):
        raise ValueError(f"{field} must be a JMESPath string, not {json_type(path)}")
    try:
        return search(path, value)
    except jmespath.exceptions.JMESPathError as exc:
        raise ValueError(f"{field}: invalid JMESPath {path!r}: {exc}") from exc


def field_list(value: Any, field: str) -> list[str]:
    """A config value that must be a list of field paths."""
    fields = require_list(value, field)
    for index, name in enumerate(fields):
        if not isinstance(name, str) or not name:
            raise ValueError(f"{field}[{index}] must be a field name, not {json_type(name)}")
    return fields


def one_of(value: Any, choices: tuple[str, ...], field: str) -> str:
    """A config value that must be one of `choices`."""
    if value not in choices:
        raise ValueError(f"{field} must be one of {', '.join(choices)}, not {value!r}")
    return str(value)
