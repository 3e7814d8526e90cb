"""The search index over a store: built once per store version so each query takes
milliseconds, and kept in a file between runs (`tui.search.stored`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Literal, NamedTuple

from tui.model import LANGUAGES, Department, Lang, Localized, Store
from tui.search.postings import (
    FIELDS,
    TITLES,
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

SearchLang = Literal["ar", "en", "both"]

FIELD_ORDER: dict[Field, int] = {field: number for number, field in enumerate(FIELDS)}
"""Where a field sits inside its department, in reading order."""


class Hit(NamedTuple):
    """One field that matches a query; `spans` index `Localized.get(lang)` of that field.

    A NamedTuple, as the model's small records are: a common word makes a hit per field
    of the store, and a NamedTuple is built in a fraction of a frozen dataclass's time.
    """

    department_id: str
    field: Field
    solution: int | None
    lang: Lang
    spans: tuple[Span, ...]
    score: int


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


_TITLE_SLOTS = TITLES << 2
"""Slots below this are titles (name, headline): their matches rank first."""
_SLOT = (1 << 32) - 1
"""The slot's bits of a match's code."""

PostingSource = Callable[[Lang, str], PostingList | None]
"""Where an index reads a posting list: memory, or a file (None: no field has the key)."""


class SearchIndex:
    """An inverted index, stem → fields with the key's places, over every searchable field in
    both languages; its posting lists are held in memory (`build`) or read from a file
    (`tui.search.stored`)."""

    def __init__(self, store: Store, postings: PostingSource) -> None:
        self.store = store
        self._postings = postings
        self._ids = tuple(department.id for department in store.departments)

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
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return []
        found: list[Match] = []
        for search_lang in LANGUAGES if lang == "both" else (lang,):
            lists = self._lists(parsed, search_lang)
            if lists is not None:
                found += query_matches(lists, parsed, own_only=lang == "both")
        if lang == "both":  # two runs in reading order, merged
            found.sort(key=itemgetter(0))
        # More spans first, then titles; a stable sort keeps reading order among equals.
        ranked = [
            (len(spans) << 1 | (code & _SLOT < _TITLE_SLOTS), code, spans) for code, spans in found
        ]
        ranked.sort(key=itemgetter(0), reverse=True)
        ids = self._ids
        hits: list[Hit] = []
        for _, code, spans in ranked:
            slot = code & _SLOT
            field, solution = field_of(slot)
            hits.append(
                Hit(ids[code >> 32], field, solution, LANGUAGES[slot >> 1 & 1], spans, len(spans))
            )
        return hits

    def text(self, hit: Hit) -> str:
        """The string a hit's spans index into."""
        department = self.store.department(hit.department_id)
        if department is None:
            raise KeyError(hit.department_id)
        return field_text(department, hit.field, hit.solution, hit.lang)


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


class HitCount(NamedTuple):
    """What a search found, as the browser and the commands both count it."""

    matches: int
    """Matching passages: a name, headline, speaker, role, intro or solution, per language."""
    solutions: int
    """Of those, solutions."""
    departments: int


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
