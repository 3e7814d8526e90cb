"""Figures, goals and the table they are printed in."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

HEADERS = ("figure", "measured", "baseline", "ratio", "goal", "met", "runs", "notes")
"""The table's columns (tests/test_benchmarks_quick.py checks they are printed)."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the table: a median, optionally against a baseline from the same run."""

    name: str
    value: float
    unit: str
    runs: int
    baseline: float | None = None
    baseline_label: str = ""
    goal: float | None = None
    goal_on_ratio: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Measured over baseline, when there is a baseline."""
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        """Whether the goal holds (None when the figure has no goal)."""
        if self.goal is None:
            return None
        checked = self.ratio if self.goal_on_ratio else self.value
        return checked is not None and checked <= self.goal

    def cells(self) -> tuple[str, ...]:
        """The row's cells, in `HEADERS` order."""
        baseline = (
            f"{_amount(self.baseline, self.unit)} {self.baseline_label}".strip()
            if self.baseline is not None
            else ""
        )
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else ""
        goal = ""
        if self.goal is not None:
            goal = (
                f"≤ {self.goal:.2f}×"
                if self.goal_on_ratio
                else f"≤ {_amount(self.goal, self.unit)}"
            )
        met = {None: "", True: "yes", False: "**no**"}[self.met]
        value = _amount(self.value, self.unit)
        return (self.name, value, baseline, ratio, goal, met, str(self.runs), self.note)


def _amount(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "KiB":
        return f"{value / 1024:.1f} MiB"
    return f"{value:g} {unit}".strip()


def median(samples: Sequence[float]) -> float:
    """The median (the figure every line reports)."""
    return statistics.median(samples)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample below which `fraction` of the samples lie (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def table(figures: Sequence[Figure]) -> str:
    """A Markdown table: readable in a terminal, pasteable into the README."""
    rows = [HEADERS, *(f.cells() for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    right = {1, 2, 3, 6}

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if i in right else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(HEADERS), rule, *(line(r) for r in rows[1:])])


def timed(function: Callable[..., object], *args: object) -> float:
    """Wall time of one call `function(*args)`, in seconds."""
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started
