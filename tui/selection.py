"""What the browser shows for a filter and a search: which departments, how many solutions.

Headless (no textual): the main screen asks `select()` and draws the answer. Per-store
indexes (`StoreViews`) are built once, so a filter toggle touches only the themes picked.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from tui.i18n import ui
from tui.model import Department, Lang, Store

if TYPE_CHECKING:
    from tui.goto import GoTo
    from tui.search import Hit


class Row(NamedTuple):
    """What one list row shows: a department, how many of its solutions pass (`shown`), of
    how many (`total`)."""

    department: Department
    shown: int
    total: int


class Selection(NamedTuple):
    """What the list shows: the departments that pass, and how many solutions match in each."""

    rows: list[Row]
    solution_hits: dict[str, frozenset[int]] | None
    hits: list[Hit]


class StoreViews:
    """Indexes of one store that never change while it is shown."""

    ROW_CACHE_SIZE = 32
    """Theme filters whose rows are kept (toggling a theme back is then free)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._rows: dict[frozenset[str], list[Row]] = {}

    @cached_property
    def by_theme(self) -> dict[str, dict[str, list[int]]]:
        """theme id -> department id -> indexes of its solutions with that theme (built on
        first use: the start, with no filter, does not need it)."""
        by_theme: dict[str, dict[str, list[int]]] = {}
        for department in self.store.departments:
            for n, themes in enumerate(department.solution_themes):
                for theme in themes:
                    by_theme.setdefault(theme, {}).setdefault(department.id, []).append(n)
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
            theme: sum(len(found) for found in per_department.values())
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
            found = [hits for index in per_theme if (hits := index.get(department.id))]
            if not found:
                continue
            count = len(found[0]) if len(found) == 1 else len(set().union(*found))
            rows.append(Row(department, count, department.solution_count))
        return rows


def _passes_themes(store: Store, themes: frozenset[str], listed: set[str], hit: Hit) -> bool:
    """Whether a search hit survives the theme filter (the list and results agree): its
    department is listed under the filter (`listed`), and a solution hit touches a theme."""
    if hit.department_id not in listed:
        return False
    if hit.solution is None:
        return True
    department = store.department(hit.department_id)
    return department is not None and bool(
        themes.intersection(department.solutions[hit.solution].themes)
    )


def select(
    store: Store, views: StoreViews, themes: frozenset[str], hits: list[Hit] | None
) -> Selection:
    """The rows for a theme filter and a search (`hits` is None when nothing is searched)."""
    if hits is None:
        return Selection(views.theme_rows(themes), None, [])
    if themes:
        listed = {row.department.id for row in views.theme_rows(themes)}
        hits = [hit for hit in hits if _passes_themes(store, themes, listed, hit)]
    by_dept: dict[str, set[int]] = {}
    dept_level: set[str] = set()
    for hit in hits:
        if hit.solution is None:
            dept_level.add(hit.department_id)
        else:
            by_dept.setdefault(hit.department_id, set()).add(hit.solution)
    rows = []
    for department in store.departments:
        found = by_dept.get(department.id)
        if found is None and department.id not in dept_level:
            continue  # most departments, on a narrow search
        # the hits passed the theme filter already: `found` is what the row counts
        rows.append(Row(department, len(found or ()), department.solution_count))
    solution_hits = {k: frozenset(v) for k, v in by_dept.items()}
    return Selection(rows, solution_hits, hits)


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
