"""The results table and the progress lines printed while sections run."""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    """One figure: Sluice's value, the baseline's, and the target it is held to."""

    figure: str
    sluice: float
    baseline: float | None
    unit: str = ""
    target: str = ""
    met: Callable[[float, float | None], bool] | None = None
    """Decides from (sluice, baseline) whether the target holds; None: no target."""
    compare: str = "ratio"
    """How the Sluice/baseline column reads: `ratio` (s / b) or `diff` (s - b)."""

    def cells(self) -> list[str]:
        b = self.baseline
        if b is None:
            relation = "—"
        elif self.compare == "diff":
            d = self.sluice - b
            relation = f"{d:+.0f}" if float(d).is_integer() else f"{d:+.1f}"
        else:
            relation = f"{self.sluice / b:.2f}x" if b else "—"
        verdict = "" if self.met is None else ("met" if self.met(self.sluice, b) else "NOT MET")
        return [
            self.figure,
            _fmt(self.sluice, self.unit),
            "—" if b is None else _fmt(b, self.unit),
            relation,
            self.target or "—",
            verdict or "—",
        ]


def _fmt(value: float, unit: str) -> str:
    if float(value).is_integer() and abs(value) >= 10:
        text = f"{value:.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    else:
        text = f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return f"{text} {unit}".strip()


def ratio_at_most(limit: float) -> Callable[[float, float | None], bool]:
    return lambda s, b: b is not None and s <= limit * b


def ratio_at_least(limit: float) -> Callable[[float, float | None], bool]:
    return lambda s, b: b is not None and s >= limit * b


def below(limit: float) -> Callable[[float, float | None], bool]:
    return lambda s, _: s < limit


def print_table(rows: list[Row], title: str) -> None:
    header = ["figure", "Sluice", "baseline", "Sluice vs baseline", "target", "result"]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    rule = "-+-".join("-" * w for w in widths)
    print(f"\n{title}")
    print(rule)
    for index, line in enumerate(table):
        pairs = enumerate(zip(line, widths, strict=True))
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        print(" | ".join(cells))
        if index == 0:
            print(rule)
    print(rule)
    judged = [row for row in rows if row.met is not None]
    failed = [row.figure for row in judged if not row.met(row.sluice, row.baseline)]
    print(f"targets met: {len(judged) - len(failed)}/{len(judged)}")
    for figure in failed:
        print(f"  not met: {figure}")


class Progress:
    """`[section] what: done/total` lines, rewritten in place on a terminal."""

    def __init__(self, section: str, what: str, total: int) -> None:
        self.label = f"[{section}] {what}"
        self.total = total
        self.start = time.perf_counter()
        self.tty = sys.stdout.isatty()
        self.shown = -1
        self.step(0)

    def step(self, done: int) -> None:
        quarter = max(1, self.total // 4)
        if not self.tty and done % quarter and done != self.total:
            return
        if done == self.shown:
            return
        self.shown = done
        end = "\r" if self.tty and done < self.total else "\n"
        elapsed = time.perf_counter() - self.start
        print(f"{self.label}: {done}/{self.total} ({elapsed:.1f}s)", end=end, flush=True)


def section(name: str, text: str) -> None:
    print(f"[{name}] {text}", flush=True)
