"""Plain-text tables for the chaos runs' figures and summary."""

from collections.abc import Sequence


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def figures_table(name: str, figures: dict[str, object]) -> str:
    """One scenario's figures, one per line."""
    return f"{name}\n" + table(["figure", "value"], [[k, _fmt(v)] for k, v in figures.items()])


def _fmt(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)
