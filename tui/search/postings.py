"""Posting lists: for each analysed key, the fields that contain it and where, as flat arrays.

A posting list holds, for one key in one language, every field (a document) whose text has
the key, in reading order, and for each of them every position of the key among the text's
keys with the character span of the word it came from. A query reads only the lists of its
own keys: its matches, their spans and their ranking come from those arrays alone, so an
index kept in a file (`tui.search.stored`) answers without holding the rest in memory.

One list holds n entries (fields) and m occurrences, in this machine's byte order:

    n, m (uint32), codes (uint64 * n), counts (uint32 * n), (position, start, stop) (uint32 * 3m)

A field's code is `department << 32 | slot`: the department's position in the store, and a
slot that packs the field (`slot >> 2`: name 0, headline 1, speaker 2, role 3, intro 4,
solution i at 5 + i), the language (bit 1) and whether the text is the language's own
rather than a fallback (bit 0). Codes ascend: reading order, both languages of a field side
by side, and a field is found in a list by bisection. Each entry's `counts` occurrences
follow the previous entry's.
"""

from __future__ import annotations

import itertools
import operator
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import cache
from typing import Literal, NamedTuple

from tui.model import LANGUAGES, Department, Lang, Localized, Store
from tui.search.analysis import keyed_words
from tui.search.query import Query, Span, merge_spans

Field = Literal["name", "headline", "speaker", "role", "intro", "solution"]
FIELDS: tuple[Field, ...] = ("name", "headline", "speaker", "role", "intro", "solution")
"""Fields in reading order; a field's number in a slot is its place here (solutions: 5 + i)."""
FIRST_SOLUTION = 5
TITLES = 2
"""Fields numbered below this (name, headline) say what a department is about."""

Key = tuple[Lang, str]
"""A posting list's name: the language searched and an analysed key."""


def searchable_texts(department: Department) -> Iterator[tuple[int, Localized]]:
    """The department's texts that search covers, numbered as in a slot, in reading order."""
    yield 0, department.name
    yield 1, department.headline
    yield 2, department.speaker.name
    yield 3, department.speaker.role
    yield 4, department.intro
    for index, solution in enumerate(department.solutions):
        yield FIRST_SOLUTION + index, solution.text


@cache
def field_of(slot: int) -> tuple[Field, int | None]:
    """The field name and solution index a slot stands for."""
    number = slot >> 2
    if number >= FIRST_SOLUTION:
        return "solution", number - FIRST_SOLUTION
    return FIELDS[number], None


def _analysed(text: str) -> dict[str, list[int]]:
    """A text's occurrences per key: position, start and stop of each, in one flat list."""
    by_key: dict[str, list[int]] = {}
    for position, (start, stop, key) in enumerate(keyed_words(text)):
        occurrences = by_key.get(key)
        if occurrences is None:
            by_key[key] = [position, start, stop]
        else:
            occurrences += (position, start, stop)
    return by_key


def build_postings(store: Store, pause: Callable[[], None] | None = None) -> dict[Key, bytes]:
    """Every posting list of `store`. `pause` is called after each department."""
    lists: dict[Lang, dict[str, _Growing]] = {lang: {} for lang in LANGUAGES}
    for position, department in enumerate(store.departments):
        for number, localized in searchable_texts(department):
            analysed: dict[str, dict[str, list[int]]] = {}  # a fallback is the same text
            for lang_bit, lang in enumerate(LANGUAGES):
                text = localized.get(lang)
                if not text:
                    continue
                if text not in analysed:
                    analysed[text] = _analysed(text)
                code = position << 32 | number << 2 | lang_bit << 1 | localized.has(lang)
                lang_lists = lists[lang]
                for key, found in analysed[text].items():
                    if (growing := lang_lists.get(key)) is None:
                        growing = lang_lists[key] = array("Q"), array("I"), array("I")
                    growing[0].append(code)
                    growing[1].append(len(found) // 3)
                    growing[2].extend(found)
        if pause is not None:
            pause()
    encoded: dict[Key, bytes] = {}
    for lang, by_key in lists.items():
        while by_key:  # each list's arrays go as its bytes come: they are not all held twice
            key, (codes, counts, occurrences) = by_key.popitem()
            size = array("I", [len(codes), len(occurrences) // 3])
            parts = (size, codes, counts, occurrences)
            encoded[lang, key] = zlib.compress(b"".join(part.tobytes() for part in parts), 1)
    return encoded


_Growing = tuple["array[int]", "array[int]", "array[int]"]
"""A posting list as it is built: codes, counts and occurrences."""


class PostingList(NamedTuple):
    """One decoded posting list (the layout in the module docstring)."""

    codes: array[int]
    offsets: array[int]
    positions: array[int]
    starts: array[int]
    stops: array[int]


class PostingDamaged(ValueError):
    """A posting list's bytes do not have the list's shape."""


class Limits(NamedTuple):
    """What a store's posting lists stay below: its departments, and its fields' slots."""

    departments: int
    slots: int


def limits(store: Store) -> Limits:
    """The bounds of `store`'s posting lists (its longest list of solutions sets the slots)."""
    most = max((d.solution_count for d in store.departments), default=0)
    return Limits(len(store.departments), (FIRST_SOLUTION + most) << 2)


def decoded(data: bytes, within: Limits) -> PostingList:
    """A posting list from its bytes, its shape checked: codes ascending, departments and
    slots `within` the store's, counts adding up."""
    try:
        raw = zlib.decompress(data)
        n, m = array("I", raw[:8])
        codes, halves, counts, occurrences = array("Q"), array("I"), array("I"), array("I")
        for part, start, end in (
            (codes, 8, 8 + 8 * n),
            (halves, 8, 8 + 8 * n),  # each code as two uint32, the low half first or last
            (counts, 8 + 8 * n, 8 + 12 * n),
            (occurrences, 8 + 12 * n, len(raw)),
        ):
            part.frombytes(raw[start:end])
    except (zlib.error, ValueError) as error:  # not zlib's, too short, not whole values
        raise PostingDamaged(str(error)) from error
    low, high = (
        (halves[0::2], halves[1::2]) if sys.byteorder == "little" else (halves[1::2], halves[0::2])
    )
    offsets = array("I", [0])
    offsets.extend(itertools.accumulate(counts))
    if n == 0 or len(counts) != n or len(occurrences) != 3 * m or offsets[n] != m:
        raise PostingDamaged("its lengths do not add up")
    if max(high) >= within.departments or max(low) >= within.slots:
        raise PostingDamaged("a department or a field out of range")
    if not all(map(operator.lt, codes, codes[1:])):
        raise PostingDamaged("its fields are not in reading order, or one comes twice")
    return PostingList(codes, offsets, *(occurrences[i::3] for i in range(3)))


class Postings:
    """Posting lists held in memory (compressed), decoded as a query reads them."""

    def __init__(self, store: Store, lists: dict[Key, bytes]) -> None:
        self._lists = lists
        self._limits = limits(store)

    def __call__(self, lang: Lang, key: str) -> PostingList | None:
        """The list of `key` in `lang`, or None when no field has it."""
        data = self._lists.get((lang, key))
        return None if data is None else decoded(data, self._limits)


Match = tuple[int, tuple[Span, ...]]
"""A field that matches a query, `department << 32 | slot` (reading order), and the spans
that matched."""


def query_matches(lists: dict[str, PostingList], query: Query, own_only: bool) -> list[Match]:
    """Fields holding every key of `query`, and every phrase in order, in reading order;
    `lists` has a posting list for each key (one-word queries: `tui.search.results`)."""
    shortest, *longer = sorted(lists.values(), key=lambda posting: len(posting.codes))
    common = set(shortest.codes)
    for posting in longer:
        common.intersection_update(posting.codes)
    found: list[Match] = []
    for code in sorted(common):
        if own_only and not code & 1:
            continue
        places = {key: _place(posting, code) for key, posting in lists.items()}
        if spans := _spans(places, query):
            found.append((code, spans))
    return found


Place = tuple[PostingList, int, int]
"""A key's occurrences in one field: its posting list, the first and the end."""


def _place(posting: PostingList, code: int) -> Place:
    entry = bisect_left(posting.codes, code)
    return posting, posting.offsets[entry], posting.offsets[entry + 1]


def _spans(places: dict[str, Place], query: Query) -> tuple[Span, ...]:
    """The spans of one text that `query` matches: its words' occurrences and each phrase's
    runs; none when a phrase does not occur."""
    found: list[Span] = []
    for term in query.terms:
        posting, first, end = places[term]
        found += zip(posting.starts[first:end], posting.stops[first:end], strict=True)
    for phrase in query.phrases:
        runs = _runs([places[key] for key in phrase])
        if not runs:
            return ()
        found += runs
    return merge_spans(found)


def _runs(places: list[Place]) -> list[Span]:
    """Where a phrase's keys follow one another (`places`: each key's, in phrase order): the
    start of its first word to the stop of its last."""
    (head, first, end), (tail, tail_first, tail_end) = places[0], places[-1]
    later = [(n, posting.positions[a:b]) for n, (posting, a, b) in enumerate(places) if n]
    runs: list[Span] = []
    for occurrence in range(first, end):
        position = head.positions[occurrence]
        if all(position + n in positions for n, positions in later):
            last = tail.positions.index(position + len(places) - 1, tail_first, tail_end)
            runs.append((head.starts[occurrence], tail.stops[last]))
    return runs
