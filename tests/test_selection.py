"""select(): the rows a filter and a search leave, with their counts (headless)."""

from __future__ import annotations

from tests.conftest import CONTENT
from tui.search import SearchIndex
from tui.selection import StoreViews, select
from tui.store import load_store

STORE = load_store(CONTENT)
VIEWS = StoreViews(STORE)


def test_no_filter_lists_everything_with_full_counts() -> None:
    selection = select(STORE, VIEWS, frozenset(), None)
    assert [r.department.id for r in selection.rows] == [d.id for d in STORE.departments]
    assert all(r.count == r.total for r in selection.rows)
    assert selection.solution_hits is None


def test_themes_are_or_within_the_filter() -> None:
    one = select(STORE, VIEWS, frozenset({"health"}), None)
    both = select(STORE, VIEWS, frozenset({"health", "tourism"}), None)
    assert {r.department.id for r in one.rows} <= {r.department.id for r in both.rows}
    for row in both.rows:
        expected = sum(1 for s in row.department.solutions if {"health", "tourism"} & set(s.themes))
        assert row.count == expected
    assert VIEWS.theme_counts["health"] == sum(
        "health" in s.themes for d in STORE.departments for s in d.solutions
    )


def test_search_and_filter_agree() -> None:
    hits = SearchIndex.build(STORE).search("الاستثمار", "ar")
    selection = select(STORE, VIEWS, frozenset({"tourism"}), hits)
    for hit in selection.hits:
        department = STORE.department(hit.department_id)
        assert department is not None
        if hit.solution is not None:
            assert "tourism" in department.solutions[hit.solution].themes
    assert selection.solution_hits is not None
    for row in selection.rows:
        assert row.count == len(selection.solution_hits.get(row.department.id, frozenset()))
