"""The go-to prompt's index (`:`): a department by its key, number, id or the start of its
name or of a word of it, in either language.

Sorted tables searched by bisection, built once per store (`StoreViews.goto`): a keystroke
in the prompt costs the matches it finds, not the store's size (a scan of 10,000
departments took ~50 ms a keystroke; figures in docs/performance.md).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from enum import IntEnum

from tui.model import Department


class Fit(IntEnum):
    """How well what was typed names a department (higher first)."""

    WORD = 1
    """The start of a word of its name."""
    NAME = 2
    """The start of its name."""
    ID = 3
    """The start of its id."""
    EXACT = 4
    """Its key or its number in the list."""


def _prefixed(table: list[tuple[str, int]], wanted: str) -> list[int]:
    """The departments (indexes) whose entry in `table` starts with `wanted`."""
    found = []
    for at in range(bisect_left(table, (wanted, -1)), len(table)):
        text, index = table[at]
        if not text.startswith(wanted):
            break
        found.append(index)
    return found


class GoTo:
    """What a reader may type to reach each department of a store, sorted for look-ups."""

    def __init__(self, departments: Sequence[Department]) -> None:
        self.departments = departments
        exact: dict[str, list[int]] = {}
        ids: list[tuple[str, int]] = []
        names: list[tuple[str, int]] = []
        words: list[tuple[str, int]] = []
        for index, department in enumerate(departments):
            for typed in {(department.key or "").casefold(), str(index + 1)} - {""}:
                exact.setdefault(typed, []).append(index)
            ids.append((department.id, index))
            for name in {department.name.ar.casefold(), department.name.en.casefold()} - {""}:
                names.append((name, index))
                words.extend((word, index) for word in set(name.split()))
        self._exact = exact
        self._tables = ((Fit.ID, sorted(ids)), (Fit.NAME, sorted(names)), (Fit.WORD, sorted(words)))

    def find(self, typed: str, limit: int) -> list[tuple[Fit, Department]]:
        """The best `limit` departments for `typed` (any case), best fit first, then in list
        order; nothing for blank input."""
        wanted = typed.strip().casefold()
        if not wanted:
            return []
        best = dict.fromkeys(self._exact.get(wanted, ()), Fit.EXACT)
        for fit, table in self._tables:  # from the best fit down
            if len(best) >= limit:
                break  # a worse fit would not be listed
            for index in _prefixed(table, wanted):
                best.setdefault(index, fit)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(fit, self.departments[index]) for index, fit in ranked]
