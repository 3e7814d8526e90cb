"""The search index over a store: built once per load so each query takes milliseconds."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from tui.model import LANGUAGES, Department, Lang, Localized, Store
from tui.search.analysis import keyed_words
from tui.search.query import Query, Span, match_ranges, parse_query, ranges_to_spans

Field = Literal["name", "headline", "speaker", "role", "intro", "solution"]
SearchLang = Literal["ar", "en", "both"]

# Where a field sits inside its department, in reading order.
FIELD_ORDER: dict[Field, int] = {
    "name": 0,
    "headline": 1,
    "speaker": 2,
    "role": 3,
    "intro": 4,
    "solution": 5,
}
# Name and headline say what a department is about, so their matches rank first.
_TITLE_FIELDS = frozenset({"name", "headline"})


@dataclass(frozen=True, slots=True)
class Hit:
    """One field that matches a query; `spans` index `Localized.get(lang)` of that field."""

    department_id: str
    field: Field
    solution: int | None
    lang: Lang
    spans: tuple[Span, ...]
    score: int


@dataclass(frozen=True, slots=True)
class _Document:
    """One field's text in one language, analysed: keys to match, word bounds to highlight."""

    department: int
    field: Field
    solution: int | None
    lang: Lang
    own: bool  # the text is in `lang` itself, not a fallback to the other language
    keys: tuple[str, ...]
    bounds: array[int]  # start0, end0, start1, end1, ...: compact for 20k-solution stores


def searchable_fields(department: Department) -> Iterator[tuple[Field, int | None, Localized]]:
    """The department's texts that search covers, in reading order."""
    yield "name", None, department.name
    yield "headline", None, department.headline
    yield "speaker", None, department.speaker.name
    yield "role", None, department.speaker.role
    yield "intro", None, department.intro
    for index, solution in enumerate(department.solutions):
        yield "solution", index, solution.text


def field_text(department: Department, field: Field, solution: int | None, lang: Lang) -> str:
    """The displayed text a hit's spans refer to."""
    for name, index, text in searchable_fields(department):
        if name == field and index == solution:
            return text.get(lang)
    raise KeyError(f"{department.id} has no field {field!r} (solution {solution})")


def document_spans(
    keys: tuple[str, ...], bounds: array[int], query: Query
) -> tuple[Span, ...] | None:
    """The character spans `query` matches in one analysed text, or None if it does not.

    A single word (most of what is typed) takes a short path: its positions found with
    `tuple.index`, their word bounds already in order, merged as `ranges_to_spans` would.
    """
    if len(query.terms) != 1 or query.phrases:
        ranges = match_ranges(keys, query, require_all=True)
        return None if ranges is None else ranges_to_spans(bounds, ranges)
    term = query.terms[0]
    spans: list[Span] = []
    position = -1
    find = keys.index
    while True:
        try:
            position = find(term, position + 1)
        except ValueError:
            break
        start, end = bounds[2 * position], bounds[2 * position + 1]
        if spans and start < spans[-1][1]:  # the same word again (a word with two keys)
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return tuple(spans) if spans else None


class SearchIndex:
    """An inverted index, stem → documents, over every searchable field in both languages."""

    def __init__(
        self,
        store: Store,
        documents: list[_Document],
        postings: dict[Lang, dict[str, frozenset[int]]],
    ) -> None:
        self.store = store
        self._documents = documents
        self._postings = postings

    @classmethod
    def build(cls, store: Store, pause: Callable[[], None] | None = None) -> SearchIndex:
        """Analyse every field once; texts shared by both languages are analysed once.

        `pause` is called after each department (a background build yields there).
        """
        documents: list[_Document] = []
        postings: dict[Lang, dict[str, set[int]]] = {lang: {} for lang in LANGUAGES}
        analysed: dict[str, tuple[tuple[str, ...], array[int]]] = {}
        for position, department in enumerate(store.departments):
            for field, solution, localized in searchable_fields(department):
                for lang in LANGUAGES:
                    text = localized.get(lang)
                    if not text:
                        continue
                    if text not in analysed:
                        words = list(keyed_words(text))
                        analysed[text] = (
                            tuple(key for _, _, key in words),
                            array("I", [n for start, end, _ in words for n in (start, end)]),
                        )
                    keys, bounds = analysed[text]
                    doc = len(documents)
                    documents.append(
                        _Document(
                            position, field, solution, lang, localized.has(lang), keys, bounds
                        )
                    )
                    lang_postings = postings[lang]
                    for key in set(keys):
                        lang_postings.setdefault(key, set()).add(doc)
            if pause is not None:
                pause()
        frozen = {
            lang: {key: frozenset(docs) for key, docs in by_key.items()}
            for lang, by_key in postings.items()
        }
        return cls(store, documents, frozen)

    def _candidates(self, query: Query, lang: Lang) -> frozenset[int]:
        """Documents containing every key of the query (phrase order is checked later)."""
        lang_postings = self._postings[lang]
        lists = [lang_postings.get(key) for key in query.keys]
        if not lists or any(docs is None for docs in lists):
            return frozenset()
        ordered = sorted((docs for docs in lists if docs is not None), key=len)
        return ordered[0].intersection(*ordered[1:])

    def search(self, query: str | Query, lang: SearchLang = "ar") -> list[Hit]:
        """Fields matching all words and phrases of `query`, best first; empty query → none."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if not parsed:
            return []
        ranked: list[tuple[tuple[int, ...], Hit]] = []
        langs: tuple[Lang, ...] = LANGUAGES if lang == "both" else (lang,)
        for lang_rank, search_lang in enumerate(langs):
            for doc_id in self._candidates(parsed, search_lang):
                doc = self._documents[doc_id]
                if lang == "both" and not doc.own:
                    continue  # the other language's own document already covers this text
                spans = document_spans(doc.keys, doc.bounds, parsed)
                if spans is None:
                    continue
                department = self.store.departments[doc.department]
                hit = Hit(department.id, doc.field, doc.solution, doc.lang, spans, len(spans))
                order = (
                    -hit.score,
                    doc.field not in _TITLE_FIELDS,
                    doc.department,
                    FIELD_ORDER[doc.field],
                    -1 if doc.solution is None else doc.solution,
                    lang_rank,
                )
                ranked.append((order, hit))
        ranked.sort(key=lambda pair: pair[0])
        return [hit for _, hit in ranked]

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
