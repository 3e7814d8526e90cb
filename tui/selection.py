"""What the browser shows for a filter and a search: which departments, how many solutions.

Headless (no textual): the main screen asks `select()` and draws the answer. Per-store
indexes (`StoreViews`) are built once, so a filter toggle touches only the themes picked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from tui.i18n import ui
from tui.model import Department, Lang, Store

if TYPE_CHECKING:
    from tui.goto import GoTo
    from tui.search import Results


class Row(NamedTuple):
    """What one list row shows: a department, how many of its solutions pass (`shown`), of
    how many (`total`)."""

    department: Department
    shown: int
    total: int


class SolutionHits(Mapping[str, frozenset[int]]):
    """Per department id, the solutions a search matched: read from the results for the
    department asked (the one being read), not built for every department."""

    def __init__(self, results: Results, departments: Sequence[Department]) -> None:
        self._results = results
        self._departments = departments

    def __getitem__(self, department_id: str) -> frozenset[int]:
        found = self._results.solutions_of(department_id)
        if not found:
            raise KeyError(department_id)
        return found

    def __iter__(self) -> Iterator[str]:
        counts = self._results.solution_counts
        return (self._departments[n].id for n, count in counts.items() if count)

    def __len__(self) -> int:
        return sum(1 for count in self._results.solution_counts.values() if count)


class Selection(NamedTuple):
    """What the list shows: the departments that pass, and how many solutions match in each."""

    rows: list[Row]
    solution_hits: Mapping[str, frozenset[int]] | None
    hits: Results | None
    """What the search found (None: nothing is searched)."""


class StoreViews:
    """Indexes of one store that never change while it is shown."""

    ROW_CACHE_SIZE = 32
    """Theme filters whose rows are kept (toggling a theme back is then free)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._rows: dict[frozenset[str], list[Row]] = {}

    @cached_property
    def by_theme(self) -> dict[str, dict[str, int]]:
        """theme id -> department id -> its solutions with that theme, bit n for solution n
        (built on first use: the start, with no filter, does not need it). Numbers, not
        lists: an entry per department and theme lives as long as the store, and the
        collector walks every list on each full pass, never a number."""
        by_theme: dict[str, dict[str, int]] = {}
        for department in self.store.departments:
            for n, themes in enumerate(department.solution_themes):
                for theme in themes:
                    per_department = by_theme.setdefault(theme, {})
                    per_department[department.id] = per_department.get(department.id, 0) | 1 << n
        return by_theme

    @cached_property
    def goto(self) -> GoTo:
        """The go-to prompt's tables (built when it is first used)."""
        from tui.goto import GoTo

        return GoTo(self.store.departments)

    @cached_property
    def solution_total(self) -> int:
        """Solutions in the whole store (the status row's "of N")."""
        return sum(d.solution_count for d in self.store.departments)

    @cached_property
    def theme_counts(self) -> dict[str, int]:
        """Solutions per theme across the store (the theme panel's counts)."""
        return {
            theme: sum(found.bit_count() for found in per_department.values())
            for theme, per_department in self.by_theme.items()
        }

    def theme_rows(self, themes: frozenset[str]) -> list[Row]:
        """The rows for a theme filter alone, in store order (kept: do not mutate)."""
        rows = self._rows.get(themes)
        if rows is None:
            if len(self._rows) >= self.ROW_CACHE_SIZE:
                self._rows.pop(next(iter(self._rows)))
            rows = self._rows[themes] = self._theme_rows(themes)
        return rows

    def _theme_rows(self, themes: frozenset[str]) -> list[Row]:
        departments = self.store.departments
        if not themes:
            return [Row(d, d.solution_count, d.solution_count) for d in departments]
        per_theme = [self.by_theme.get(theme, {}) for theme in themes]
        rows = []
        for department in departments:
            found = 0
            for index in per_theme:
                found |= index.get(department.id, 0)
            if found:
                rows.append(Row(department, found.bit_count(), department.solution_count))
        return rows


def _theme_check(store: Store, views: StoreViews, themes: frozenset[str]) -> Callable[[int], bool]:
    """Whether a search's match (its code) survives the theme filter, so the list and the
    results agree: its department is listed under the filter, and a solution touches a
    theme."""
    from tui.search.postings import field_of

    listed = {row.department.id for row in views.theme_rows(themes)}
    per_theme = [views.by_theme.get(theme, {}) for theme in themes]
    departments = store.departments

    def passes(code: int) -> bool:
        department_id = departments[code >> 32].id
        if department_id not in listed:
            return False
        solution = field_of(code & 0xFFFFFFFF)[1]
        return solution is None or any(t.get(department_id, 0) >> solution & 1 for t in per_theme)

    return passes


def select(
    store: Store, views: StoreViews, themes: frozenset[str], hits: Results | None
) -> Selection:
    """The rows for a theme filter and a search (`hits` is None when nothing is searched)."""
    if hits is None:
        return Selection(views.theme_rows(themes), None, None)
    if themes:
        hits = hits.where(_theme_check(store, views, themes))
    departments = store.departments
    rows = [
        Row(departments[n], shown, departments[n].solution_count)
        for n, shown in hits.solution_counts.items()
    ]
    return Selection(rows, SolutionHits(hits, departments), hits)


DETAIL_ORDER = {"headline": 0, "name": 1, "speaker": 2, "role": 3, "intro": 4, "solution": 5}
"""Where each field is in the detail pane, top to bottom."""


class Match(NamedTuple):
    """One marked passage: which department and text, and where in that text."""

    department_id: str
    field: str
    solution: int | None
    span: tuple[int, int]


def matches(selection: Selection, lang: Lang) -> list[Match]:
    """Every match the detail pane marks in `lang`, in reading order: departments as listed,
    each top to bottom (what n and N step through)."""
    if selection.hits is None:
        return []
    listed = {row.department.id: n for n, row in enumerate(selection.rows)}
    found = [
        Match(hit.department_id, hit.field, hit.solution, span)
        for hit in selection.hits
        if hit.lang == lang and hit.department_id in listed
        for span in hit.spans
    ]
    found.sort(
        key=lambda m: (listed[m.department_id], DETAIL_ORDER[m.field], m.solution or 0, m.span)
    )
    return found


def department_text(department: Department, lang: Lang) -> str:
    """A department in full as logical text (what copy puts on the clipboard)."""
    parts = [
        department.headline.get(lang),
        department.name.get(lang),
        ui("sep.list", lang).join(
            (department.speaker.name.get(lang), department.speaker.role.get(lang))
        ),
    ]
    if department.intro:
        parts.append(department.intro.get(lang))
    parts.extend(f"{i}. {s.text.get(lang)}" for i, s in enumerate(department.solutions, 1))
    return "\n\n".join(parts)
