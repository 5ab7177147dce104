"""n8n's parameter defaults per (type, typeVersion): exports omit parameters left at default.

Each entry is (lowest typeVersion it applies from, {parameter: default}); the entry with
the highest version not above the node's applies. Converter modules add their rows with
`add_defaults` beside their converters.
"""

from typing import Any

_TABLE: dict[str, list[tuple[float, dict[str, Any]]]] = {}


def add_defaults(n8n_type: str, since: float, defaults: dict[str, Any]) -> None:
    """Declare the defaults of `n8n_type` from typeVersion `since` on."""
    rows = _TABLE.setdefault(n8n_type, [])
    rows.append((since, defaults))
    rows.sort(key=lambda row: row[0])


def default_for(n8n_type: str, type_version: float, parameter: str) -> Any:
    """The default of one parameter (None when the table has none)."""
    chosen: dict[str, Any] = {}
    for since, defaults in _TABLE.get(n8n_type, []):
        if since <= type_version:
            chosen = defaults
    return chosen.get(parameter)
