"""Tables for people, JSON for scripts."""

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console()
errors = Console(stderr=True)


def as_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str = "") -> None:
    """Rows as a table of `columns` (dotted names are not supported: flatten first)."""
    grid = Table(title=title or None, show_lines=False)
    for name in columns:
        grid.add_column(name)
    for row in rows:
        grid.add_row(*(_cell(row.get(name)) for name in columns))
    console.print(grid)
    if not rows:
        console.print("[dim](none)[/dim]")


def fields(data: dict[str, Any], names: Sequence[str]) -> None:
    """One object as `name: value` lines."""
    for name in names:
        if name in data:
            console.print(f"[bold]{name}[/bold]: {_cell(data[name])}")


def emit(data: Any, as_json_output: bool, render: Any) -> None:
    """JSON when asked, else `render(data)`."""
    if as_json_output:
        as_json(data)
    else:
        render(data)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = json.dumps(value, default=str)
        return text if len(text) <= 80 else text[:79] + "…"
    return str(value)
