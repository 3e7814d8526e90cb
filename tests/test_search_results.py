"""Results read lazily from the posting lists, and an index built in parts, answer as the
eager search and the whole build do (headless)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CONTENT
from tests.test_search import QUERY, brute_force_search, department, random_store, store_of
from tui import content, indexing
from tui.model import Store
from tui.search import Hit, SearchIndex, group_by_department, hit_count, postings
from tui.search.postings import SHARED, build_postings, decoded, joined, limits, shared_keys
from tui.search.results import Results
from tui.store import load_store

SHOWN = 5
"""Results listed at once in these tests (the browser's is larger; the rule is the same)."""


def shown_eagerly(hits: list[Hit], limit: int) -> list[tuple[str, list[Hit]]]:
    """The results list as it was built from every hit: departments in the order of their
    best hit, each one's hits in reading order, until `limit` hits are listed."""
    groups, shown = [], 0
    for department_id, found in group_by_department(hits).items():
        if shown >= limit:
            break
        groups.append((department_id, found[: limit - shown]))
        shown += len(groups[-1][1])
    return groups


@given(random_store(), st.lists(QUERY, min_size=1, max_size=3))
@settings(max_examples=100, deadline=None)
def test_lazy_results_equal_the_eager_ones(store: Store, queries: list[str]) -> None:
    index = SearchIndex.build(store)
    for query in queries:
        for lang in ("ar", "en", "both"):
            hits = index.search(query, lang)
            results = index.results(query, lang)
            assert len(results) == len(hits) and list(results) == hits
            assert results.shown_groups(SHOWN) == shown_eagerly(hits, SHOWN)
            assert results.count() == hit_count(hits)
            groups = group_by_department(hits)
            for position, listed in enumerate(store.departments):
                own = groups.get(listed.id, [])
                assert results.in_department(listed.id) == own
                solutions = {h.solution for h in own if h.solution is not None}
                assert results.solutions_of(listed.id) == solutions
                assert results.solution_counts.get(position) == (len(solutions) if own else None)


def test_a_key_given_twice_by_one_word_counts_one_span() -> None:
    """ "2½1" folds to "21⁄21": the key 21 twice on one word, one span (as merged spans),
    so a text with 21 on two words ranks above it."""
    store = store_of(department("only", 1, name="س", headline="ص", solutions=("2½1", "21 و 21")))
    results = SearchIndex.build(store).results("21", "ar")
    assert [(h.solution, h.spans) for h in results] == [(1, ((0, 2), (5, 7))), (0, ((0, 3),))]


def test_keys_one_word_gives_together_rank_by_the_words_they_are_on() -> None:
    """ "3½" folds to "31⁄2": the keys 31 and 2 on one word, one span; a query for both
    ranks the text with them on two words first (their spans are not simply added up)."""
    store = store_of(department("only", 1, name="س", headline="ص", solutions=("3½", "31 و 2")))
    index = SearchIndex.build(store)
    assert {"31", "2"} <= index._postings.shared("ar")
    results = index.results("31 2", "ar")
    assert [(h.solution, h.spans) for h in results] == [(1, ((0, 2), (5, 6))), (0, ((0, 2),))]
    assert list(results) == brute_force_search(store, "31 2", "ar")


def test_an_index_built_in_parts_equals_the_whole_build(
    make_store: object, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second half built by a child process (`python -m tui.indexing part`), joined to
    the first: every list decodes as the whole store's does."""
    monkeypatch.setattr(indexing, "PARALLEL_FROM", 2)
    store = content.load(CONTENT)
    kept = content.index_file(CONTENT, store)
    assert kept is not None
    parts = indexing.postings_in_parts(CONTENT, store, kept[1])
    whole = build_postings(store)
    assert parts.keys() == whole.keys()
    assert any(data != whole[key] for key, data in parts.items())  # some lists in two runs
    within = limits(store)
    for (lang, key), data in whole.items():
        if key == SHARED:
            assert shared_keys(parts[lang, key]) == shared_keys(data)
        else:
            assert decoded(parts[lang, key], within) == decoded(data, within)


def test_a_part_for_another_version_of_the_store_is_built_here(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "PARALLEL_FROM", 2)
    store = content.load(CONTENT)
    whole = build_postings(store)
    assert indexing.postings_in_parts(CONTENT, store, "another version").keys() == whole.keys()


def test_lists_that_carry_their_departments_count_as_their_fields_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list long enough carries its departments and their solutions (here every list
    does); the rows and counts read from them are those counted from its fields, and a list
    built in two parts joins them as the whole build has them."""
    monkeypatch.setattr(postings, "DEPARTMENTS_FROM", 1)
    store = load_store(CONTENT)
    whole = build_postings(store)
    half, count = len(store.departments) // 2, len(store.departments)
    parts = joined(
        build_postings(store, part=range(half)), build_postings(store, part=range(half, count))
    )
    within, positions = limits(store), {d.id: n for n, d in enumerate(store.departments)}
    for key, data in whole.items():
        if key[1] == SHARED:
            continue
        listed = decoded(data, within)
        assert listed.per_department is not None and decoded(parts[key], within) == listed
        counted = Results(positions, listed.codes, listed.ranks, lambda code: ())
        read = Results(
            positions,
            listed.codes,
            listed.ranks,
            lambda code: (),
            departments=listed.per_department,
        )
        assert read.solution_counts == counted.solution_counts
        assert read.count() == counted.count()
