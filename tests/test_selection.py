"""select(): the rows a filter and a search leave, with their counts (headless)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CONTENT
from tui.search import SearchIndex
from tui.selection import StoreViews, select
from tui.store import load_store

STORE = load_store(CONTENT)
VIEWS = StoreViews(STORE)


def test_no_filter_lists_everything_with_full_counts() -> None:
    selection = select(STORE, VIEWS, frozenset(), None)
    assert [r.department.id for r in selection.rows] == [d.id for d in STORE.departments]
    assert all(r.shown == r.total for r in selection.rows)
    assert selection.solution_hits is None


def test_themes_are_or_within_the_filter() -> None:
    one = select(STORE, VIEWS, frozenset({"health"}), None)
    both = select(STORE, VIEWS, frozenset({"health", "tourism"}), None)
    assert {r.department.id for r in one.rows} <= {r.department.id for r in both.rows}
    for row in both.rows:
        expected = sum(1 for s in row.department.solutions if {"health", "tourism"} & set(s.themes))
        assert row.shown == expected
    assert VIEWS.theme_counts["health"] == sum(
        "health" in s.themes for d in STORE.departments for s in d.solutions
    )


def test_search_and_filter_agree() -> None:
    hits = SearchIndex.build(STORE).results("الاستثمار", "ar")
    selection = select(STORE, VIEWS, frozenset({"tourism"}), hits)
    assert selection.hits is not None
    for hit in selection.hits:
        department = STORE.department(hit.department_id)
        assert department is not None
        if hit.solution is not None:
            assert "tourism" in department.solutions[hit.solution].themes
    assert selection.solution_hits is not None
    for row in selection.rows:
        assert row.shown == len(selection.solution_hits.get(row.department.id, frozenset()))


def test_a_department_level_hit_needs_a_solution_on_the_filter() -> None:
    """A hit on a department's name or headline survives a theme filter only when one of
    its solutions touches a theme of the filter (as the list shows it or not)."""
    hits = SearchIndex.build(STORE).results("department", "en")
    named = {hit.department_id for hit in hits if hit.solution is None}
    themes = frozenset({"health"})
    listed = {d.id for d in STORE.departments if d.matching(themes)}
    assert named - listed and named & listed  # the query names both kinds
    kept_hits = select(STORE, VIEWS, themes, hits).hits
    assert kept_hits is not None
    kept = {h.department_id for h in kept_hits if h.solution is None}
    assert kept == named & listed


def _brute_rows(themes: frozenset[str]) -> list[tuple[str, int, int]]:
    """The rows as the model alone computes them, department by department."""
    return [
        (d.id, len(d.matching(themes)), len(d.solutions))
        for d in STORE.departments
        if d.matching(themes)
    ]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(sorted(t.id for t in STORE.themes)), max_size=4))
def test_theme_rows_agree_with_the_model(themes: set[str]) -> None:
    views = StoreViews(STORE)  # fresh: the cache must not change the answer either
    for _ in range(2):  # computed, then from the cache
        rows = select(STORE, views, frozenset(themes), None).rows
        assert [(r.department.id, r.shown, r.total) for r in rows] == _brute_rows(frozenset(themes))


def test_theme_row_cache_is_bounded() -> None:
    views = StoreViews(STORE)
    theme_ids = [t.id for t in STORE.themes]
    for a in theme_ids:
        for b in theme_ids:
            views.theme_rows(frozenset({a, b}))
    assert len(views._rows) <= StoreViews.ROW_CACHE_SIZE


@pytest.mark.parametrize("query", ["الاستثمار", "تعزيز", "السياحة الرقمي", "xyzzy"])
def test_search_rows_count_each_departments_hits(query: str) -> None:
    hits = SearchIndex.build(STORE).search(query, "ar")
    selection = select(STORE, VIEWS, frozenset(), SearchIndex.build(STORE).results(query, "ar"))
    hit_depts = {h.department_id for h in hits}
    assert [r.department.id for r in selection.rows] == [
        d.id for d in STORE.departments if d.id in hit_depts
    ]
    for row in selection.rows:
        solutions = {
            h.solution
            for h in hits
            if h.department_id == row.department.id and h.solution is not None
        }
        assert row.shown == len(solutions)


def test_the_theme_index_holds_numbers_not_lists() -> None:
    """Each department's solutions with a theme are the bits of one number (the collector
    never walks a number; it walked every list of the index on each full pass)."""
    for theme, per_department in VIEWS.by_theme.items():
        for department_id, found in per_department.items():
            department = STORE.department(department_id)
            assert department is not None and type(found) is int
            themed = {n for n, themes in enumerate(department.solution_themes) if theme in themes}
            assert {n for n in range(found.bit_length()) if found >> n & 1} == themed
