"""The search index over a store: built once per store version so each query takes
milliseconds, and kept in a file between runs (`tui.search.stored`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from operator import and_, itemgetter
from typing import Literal, Protocol, cast

from tui.model import LANGUAGES, Department, Lang, Localized, Store
from tui.search.postings import (
    FIELDS,
    Field,
    Match,
    PostingList,
    Postings,
    build_postings,
    field_of,
    query_matches,
    searchable_texts,
)
from tui.search.query import Query, Span, parse_query
from tui.search.results import Hit, HitCount, Results, common_fields, field_spans, rank_keys

SearchLang = Literal["ar", "en", "both"]

FIELD_ORDER: dict[Field, int] = {field: number for number, field in enumerate(FIELDS)}
"""Where a field sits inside its department, in reading order."""


def searchable_fields(department: Department) -> Iterator[tuple[Field, int | None, Localized]]:
    """The department's texts that search covers, in reading order."""
    for number, text in searchable_texts(department):
        yield *field_of(number << 2), text


def field_text(department: Department, field: Field, solution: int | None, lang: Lang) -> str:
    """The displayed text a hit's spans refer to."""
    for name, index, text in searchable_fields(department):
        if name == field and index == solution:
            return text.get(lang)
    raise KeyError(f"{department.id} has no field {field!r} (solution {solution})")


class PostingSource(Protocol):
    """Where an index reads its posting lists: memory, or a file."""

    def __call__(self, lang: Lang, key: str) -> PostingList | None:
        """The list of `key` in `lang` (None: no field has the key)."""

    def shared(self, lang: Lang) -> frozenset[str]:
        """The keys of `lang` that a word gave together with another."""


class SearchIndex:
    """An inverted index, stem → fields with the key's places, over every searchable field in
    both languages; its posting lists are held in memory (`build`) or read from a file
    (`tui.search.stored`)."""

    def __init__(self, store: Store, postings: PostingSource) -> None:
        self.store = store
        self._postings = postings
        self._positions = {department.id: n for n, department in enumerate(store.departments)}
        """Each department's place in the store, by id (a match's code holds the place)."""

    @classmethod
    def build(cls, store: Store, pause: Callable[[], None] | None = None) -> SearchIndex:
        """Analyse every field once; texts shared by both languages are analysed once.

        `pause` is called after each department (a background build yields there).
        """
        return cls(store, Postings(store, build_postings(store, pause)))

    def _lists(self, query: Query, lang: Lang) -> dict[str, PostingList] | None:
        """The posting list of each of the query's keys, or None when one has none."""
        lists: dict[str, PostingList] = {}
        for key in query.keys:
            found = self._postings(lang, key)
            if found is None:
                return None
            lists[key] = found
        return lists

    def search(self, query: str | Query, lang: SearchLang = "ar") -> list[Hit]:
        """Fields matching all words and phrases of `query`, best first; empty query → none.

        Ranked by matches (more first), then titles (name, headline) before the rest, then
        reading order: department, field, solution, language.
        """
        return list(self.results(query, lang))

    def results(self, query: str | Query, lang: SearchLang = "ar") -> Results:
        """What `search` finds, counted and ranked without building every hit."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return Results.none(self._positions)
        langs = LANGUAGES if lang == "both" else (lang,)
        shared = frozenset().union(*(self._postings.shared(one) for one in langs))
        if not parsed.phrases and not parsed.keys & shared:
            return self._words(parsed.terms, langs)
        found: list[Match] = []
        for search_lang in langs:
            lists = self._lists(parsed, search_lang)
            if lists is not None:
                found += query_matches(lists, parsed, own_only=lang == "both")
        found.sort(key=itemgetter(0))  # two runs in reading order, merged
        codes = [code for code, _ in found]
        ranks = rank_keys(codes, [len(spans) for _, spans in found])
        spans = dict(found).__getitem__
        return Results(self._positions, codes, ranks, spans, both=lang == "both")

    def _words(self, keys: tuple[str, ...], langs: tuple[Lang, ...]) -> Results:
        """Fields with every one of `keys` (no phrase; no word gives two of them), ranked
        from their lists' ranks: their spans add up. Each field's spans are read when its
        hit is built."""
        found: dict[int, list[PostingList]] = {}
        for lang in langs:
            lists = [self._postings(lang, key) for key in keys]
            if all(lists):
                found[LANGUAGES.index(lang)] = cast("list[PostingList]", lists)
        runs = [common_fields(lists) for lists in found.values()]
        departments = None
        if len(langs) == 1:
            codes, ranks = runs[0] if runs else ([], [])
            if len(keys) == 1 and found:  # one list: its departments are the results'
                departments = next(iter(found.values()))[0].per_department
        else:
            codes, ranks = _own_merged(runs)

        def spans_of(code: int) -> tuple[Span, ...]:
            return field_spans(found[code >> 1 & 1], code)

        both = len(langs) > 1
        return Results(self._positions, codes, ranks, spans_of, both, departments)

    def text(self, hit: Hit) -> str:
        """The string a hit's spans index into."""
        department = self.store.department(hit.department_id)
        if department is None:
            raise KeyError(hit.department_id)
        return field_text(department, hit.field, hit.solution, hit.lang)


def _own_merged(runs: list[tuple[Sequence[int], Sequence[int]]]) -> tuple[list[int], list[int]]:
    """The codes and ranks of two languages' fields whose text is the language's own (the
    other language's own text covers a fallback), in reading order."""
    codes: list[int] = []
    ranks: list[int] = []
    for run_codes, run_ranks in runs:
        own = list(map(and_, run_codes, itertools.repeat(1)))
        codes += compress(run_codes, own)
        ranks += compress(run_ranks, own)
    if len(runs) > 1:  # two runs in reading order, merged
        order = sorted(range(len(codes)), key=codes.__getitem__)
        codes = list(map(codes.__getitem__, order))
        ranks = list(map(ranks.__getitem__, order))
    return codes, ranks


def reading_order(hit: Hit) -> tuple[int, int, Lang]:
    """Sort key of a hit within its department: the order the department is read in."""
    return FIELD_ORDER[hit.field], -1 if hit.solution is None else hit.solution, hit.lang


def group_by_department(hits: list[Hit]) -> dict[str, list[Hit]]:
    """Hits per department id, departments in the order of their best hit, each
    department's hits in reading order (name, headline, speaker, role, intro, solutions)."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.department_id, []).append(hit)
    return {department: sorted(group, key=reading_order) for department, group in groups.items()}


def hit_count(hits: list[Hit]) -> HitCount:
    """The one definition of a hit's count (a matching field), shared by every view."""
    departments = {hit.department_id for hit in hits}
    solutions = sum(1 for hit in hits if hit.solution is not None)
    return HitCount(len(hits), solutions, len(departments))


def matching_solutions(
    index: SearchIndex, query: str | Query, lang: SearchLang = "ar"
) -> dict[str, list[int]]:
    """Solution indexes that match, per department id, for filtering a list view."""
    found: dict[str, list[int]] = {}
    for hit in index.search(query, lang):
        if hit.solution is not None:
            indexes = found.setdefault(hit.department_id, [])
            if hit.solution not in indexes:
                indexes.append(hit.solution)
    return {dept: sorted(indexes) for dept, indexes in found.items()}
