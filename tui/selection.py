"""What the browser shows for a filter and a search: which departments, how many solutions.

Headless (no textual): the main screen asks `select()` and draws the answer. Per-store
indexes (`StoreViews`) are built once, so a filter toggle touches only the themes picked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.i18n import ui
from tui.model import Department, Lang, Store

if TYPE_CHECKING:
    from tui.search import Hit


@dataclass(frozen=True, slots=True)
class Row:
    """What one list row shows."""

    department: Department
    count: int
    total: int


@dataclass(frozen=True)
class Selection:
    """What the list shows: the departments that pass, and how many solutions match in each."""

    rows: list[Row]
    solution_hits: dict[str, frozenset[int]] | None
    hits: list[Hit] = field(default_factory=list)


class StoreViews:
    """Indexes of one store that never change while it is shown."""

    def __init__(self, store: Store) -> None:
        self.by_theme: dict[str, dict[str, list[int]]] = {}
        """theme id -> department id -> indexes of its solutions with that theme."""
        self.theme_counts: dict[str, int] = {}
        """Solutions per theme across the store (the theme panel's counts)."""
        for department in store.departments:
            for n, solution in enumerate(department.solutions):
                for theme in solution.themes:
                    self.by_theme.setdefault(theme, {}).setdefault(department.id, []).append(n)
                    self.theme_counts[theme] = self.theme_counts.get(theme, 0) + 1

    def matching(self, department: Department, themes: frozenset[str]) -> set[int]:
        """Indexes of the department's solutions that pass the theme filter (all without one)."""
        if not themes:
            return set(range(len(department.solutions)))
        found: set[int] = set()
        for theme in themes:
            found.update(self.by_theme.get(theme, {}).get(department.id, ()))
        return found


def _passes_themes(store: Store, views: StoreViews, themes: frozenset[str], hit: Hit) -> bool:
    """Whether a search hit survives the theme filter (the list and results agree)."""
    if not themes:
        return True
    department = store.department(hit.department_id)
    if department is None:
        return False
    if hit.solution is None:
        return bool(views.matching(department, themes))
    return bool(themes.intersection(department.solutions[hit.solution].themes))


def select(
    store: Store, views: StoreViews, themes: frozenset[str], hits: list[Hit] | None
) -> Selection:
    """The rows for a theme filter and a search (`hits` is None when nothing is searched)."""
    by_dept: dict[str, set[int]] | None = None
    dept_level: set[str] = set()
    if hits is not None:
        hits = [hit for hit in hits if _passes_themes(store, views, themes, hit)]
        by_dept = {}
        for hit in hits:
            if hit.solution is None:
                dept_level.add(hit.department_id)
            else:
                by_dept.setdefault(hit.department_id, set()).add(hit.solution)
    rows = []
    for department in store.departments:
        matching = views.matching(department, themes)
        if by_dept is not None:
            searched = matching & by_dept.get(department.id, set())
            if not searched and department.id not in dept_level:
                continue
            count = len(searched)
        else:
            if not matching:
                continue
            count = len(matching)
        rows.append(Row(department, count, len(department.solutions)))
    solution_hits = {k: frozenset(v) for k, v in by_dept.items()} if by_dept is not None else None
    return Selection(rows, solution_hits, hits or [])


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
