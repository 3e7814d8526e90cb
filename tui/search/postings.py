"""Posting lists: for each analysed key, the fields that contain it and where, as flat arrays.

A posting list holds, for one key in one language, every field (a document) whose text has
the key, in reading order, and for each of them every position of the key among the text's
keys with the character span of the word it came from. A query reads only the lists of its
own keys: its matches, their spans and their ranking come from those arrays alone, so an
index kept in a file (`tui.search.stored`) answers without holding the rest in memory.

One list holds n entries (fields) of d departments and m occurrences, in this machine's
byte order:

    n, m, d (uint32), codes (uint64 * n), counts (uint32 * n), ranks (uint32 * n),
    gaps, sizes, solutions (uint32 * d each), (position, start, stop) (uint32 * 3m)

A field's code is `department << 32 | slot`: the department's position in the store, and a
slot that packs the field (`slot >> 2`: name 0, headline 1, speaker 2, role 3, intro 4,
solution i at 5 + i), the language (bit 1) and whether the text is the language's own
rather than a fallback (bit 0). Codes ascend: reading order, both languages of a field side
by side, and a field is found in a list by bisection. Each entry's `counts` occurrences
follow the previous entry's. Its rank orders a one-word query's results: its spans (one
per word the key is on) times two, plus one for a title (name, headline). A run of at
least `DEPARTMENTS_FROM` entries has, per department with an entry, ascending: its place (as
the gap from the one before: the first's is its place), its entries and how many of them
are solutions (a one-word query's rows and counts, read without a pass over the entries);
a shorter run has none (d = 0), and its list's counts come from its entries.

A list built in parts (`build_postings` over consecutive ranges of departments, in other
processes: `tui.indexing`) is its parts' compressed runs one after the other, each of that
layout; decoded, they are one list.
"""

from __future__ import annotations

import itertools
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from operator import ge, lt, sub
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
SOLUTION_SLOTS = FIRST_SOLUTION << 2
"""Slots from this on are solutions."""
DEPARTMENTS_FROM = 30_000
"""A run of a posting list with this many entries or more carries its departments (below,
counting them from the entries costs no more than checking them when the list is read)."""

Key = tuple[Lang, str]
"""A posting list's name: the language searched and an analysed key."""
SHARED = ""
"""Not a key (a key has a letter or digit): the name, in each language, of the keys that a
word gave together with another (`shared_keys`), whose spans may be one word's."""


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


def _analysed(text: str, shared: set[str]) -> dict[str, list[int]]:
    """A text's occurrences per key: position, start and stop of each, in one flat list.
    Keys that one word gives together (ligatures, ½) go into `shared`."""
    by_key: dict[str, list[int]] = {}
    last_start, last_key = -1, ""
    for position, (start, stop, key) in enumerate(keyed_words(text)):
        if start == last_start:
            shared.update((key, last_key))
        last_start, last_key = start, key
        occurrences = by_key.get(key)
        if occurrences is None:
            by_key[key] = [position, start, stop]
        else:
            occurrences += (position, start, stop)
    return by_key


def build_postings(
    store: Store, pause: Callable[[], None] | None = None, part: range | None = None
) -> dict[Key, bytes]:
    """Every posting list of `store`, or of the departments at the places `part` names
    (lists of consecutive parts, joined in order, are the whole store's: `joined`).
    `pause` is called after each department."""
    lists: dict[Lang, dict[str, _Growing]] = {lang: {} for lang in LANGUAGES}
    shared: set[str] = set()  # of either language's texts (a fallback is analysed once)
    departments = store.departments
    for position in range(len(departments)) if part is None else part:
        department = departments[position]
        for number, localized in searchable_texts(department):
            analysed: dict[str, dict[str, list[int]]] = {}  # a fallback is the same text
            for lang_bit, lang in enumerate(LANGUAGES):
                text = localized.get(lang)
                if not text:
                    continue
                if text not in analysed:
                    analysed[text] = _analysed(text, shared)
                code = position << 32 | number << 2 | lang_bit << 1 | localized.has(lang)
                title = number < TITLES
                lang_lists = lists[lang]
                for key, found in analysed[text].items():
                    if (growing := lang_lists.get(key)) is None:
                        growing = lang_lists[key] = array("Q"), array("I"), array("I"), array("I")
                    growing[0].append(code)
                    growing[1].append(len(found) // 3)
                    # its spans: one per word (a word can give a key twice: ligatures)
                    spans = 1 if len(found) == 3 else len(set(found[1::3]))
                    growing[2].append(spans << 1 | title)
                    growing[3].extend(found)
        if pause is not None:
            pause()
    encoded: dict[Key, bytes] = {}
    for lang, by_key in lists.items():
        while by_key:  # each list's arrays go as its bytes come: they are not all held twice
            key, (codes, counts, ranks, occurrences) = by_key.popitem()
            places = ends = solutions = array("I")
            if len(codes) >= DEPARTMENTS_FROM:
                places, ends, solutions = per_department(*halves(codes))
            size = array("I", [len(codes), len(occurrences) // 3, len(places)])
            parts = (size, codes, counts, ranks, _gaps(places), _gaps(ends), solutions, occurrences)
            encoded[lang, key] = zlib.compress(b"".join(part.tobytes() for part in parts), 1)
        encoded[lang, SHARED] = zlib.compress("".join(f"{key}\n" for key in shared).encode())
    return encoded


def halves(codes: array[int]) -> tuple[array[int], array[int]]:
    """Each code's slot and department, as arrays of small numbers."""
    both = array("I", codes.tobytes())
    return (both[0::2], both[1::2]) if sys.byteorder == "little" else (both[1::2], both[0::2])


PerDepartment = tuple["array[int]", "array[int]", "array[int]"]
"""Per department with an entry, ascending: its place, where its entries end (the next
one's start), and how many of them are solutions."""


def per_department(slots: array[int], departments: array[int]) -> PerDepartment:
    """The departments of a list's entries (their slots and departments, in reading order)."""
    places = array("I", sorted(set(departments)))
    ends = array("I", [bisect_right(departments, place) for place in places])
    solutions = Counter(itertools.compress(departments, map(ge, slots, _repeat(SOLUTION_SLOTS))))
    return places, ends, array("I", [solutions[place] for place in places])


def _gaps(ascending: array[int]) -> array[int]:
    """Each number less the one before it (the first as it is): small numbers, which
    compress well."""
    return array("I", map(sub, ascending, itertools.chain((0,), ascending)))


def _sums(gaps: array[int]) -> array[int]:
    """The numbers whose `_gaps` these are."""
    return array("Q", itertools.accumulate(gaps))


def _repeat(value: int) -> itertools.repeat[int]:
    return itertools.repeat(value)


def shared_keys(data: bytes) -> frozenset[str]:
    """The keys a word gave together with another (the `SHARED` entry's bytes)."""
    try:
        return frozenset("".join(raw.decode() for raw in _inflated(data)).splitlines())
    except (zlib.error, UnicodeDecodeError) as error:
        raise PostingDamaged(str(error)) from error


def joined(first: dict[Key, bytes], then: dict[Key, bytes]) -> dict[Key, bytes]:
    """The lists of two consecutive parts of a store (`first`'s departments before
    `then`'s): a key in both keeps both compressed runs, one after the other."""
    for key, data in then.items():
        first[key] = first[key] + data if key in first else data
    return first


_Growing = tuple["array[int]", "array[int]", "array[int]", "array[int]"]
"""A posting list as it is built: codes, counts, ranks and occurrences."""


class PostingList:
    """One decoded posting list (the layout in the module docstring): its fields' codes and
    ranks, and where their occurrences are, laid out when spans are first read (a query
    ranks and counts its fields from the codes and ranks alone)."""

    def __init__(
        self,
        codes: array[int],
        ranks: array[int],
        counts: array[int],
        occurrences: array[int],
        departments: PerDepartment | None,
    ) -> None:
        self.codes = codes
        self.ranks = ranks
        self._counts = counts
        self._occurrences = occurrences
        self.per_department = departments
        """The departments of its entries, where each one's entries end, their solutions
        (None: a short list, whose entries are counted instead)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PostingList) and self._parts() == other._parts()

    def _parts(self) -> tuple[array[int], ...]:
        return self.codes, self.ranks, self._counts, self._occurrences, *(self.per_department or ())

    @cached_property
    def offsets(self) -> array[int]:
        """Where each field's occurrences start, and where the last ends."""
        offsets = array("I", [0])
        offsets.extend(itertools.accumulate(self._counts))
        return offsets

    @cached_property
    def positions(self) -> array[int]:
        """Each occurrence's place among its text's keys."""
        return self._occurrences[0::3]

    @cached_property
    def starts(self) -> array[int]:
        """Where each occurrence's word starts in its text."""
        return self._occurrences[1::3]

    @cached_property
    def stops(self) -> array[int]:
        """Where each occurrence's word ends in its text."""
        return self._occurrences[2::3]


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


def _inflated(data: bytes) -> list[bytes]:
    """The raw bytes of each compressed run of a list (one, or one per part it was built
    in)."""
    runs: list[bytes] = []
    while data:
        inflater = zlib.decompressobj()
        runs.append(inflater.decompress(data))
        if not inflater.eof:
            raise zlib.error("a run is cut short")
        data = inflater.unused_data
    return runs


_Run = tuple["array[int]", "array[int]", "array[int]", "array[int]", PerDepartment]
"""A run's codes, counts, ranks, occurrences and departments (gaps, sizes, solutions)."""


def _run(raw: bytes) -> _Run:
    """One run's arrays (the layout in the module docstring)."""
    n, m, d = array("I", raw[:12])
    layout = (("Q", n), ("I", n), ("I", n), ("I", d), ("I", d), ("I", d), ("I", 3 * m))
    parts: list[array[int]] = []
    at = 12
    for code, count in layout:
        part = array(code)
        part.frombytes(raw[at : at + part.itemsize * count])
        if len(part) != count:
            raise ValueError("its lengths do not add up")
        parts.append(part)
        at += part.itemsize * count
    if at != len(raw):
        raise ValueError("longer than its lengths say")
    codes, counts, ranks, gaps, sizes, solutions, occurrences = parts
    return codes, counts, ranks, occurrences, (gaps, sizes, solutions)


def decoded(data: bytes, within: Limits) -> PostingList:
    """A posting list from its bytes, its shape checked: codes ascending, departments and
    slots `within` the store's, counts adding up, the departments those of the entries."""
    try:
        runs = [_run(raw) for raw in _inflated(data)]
    except (zlib.error, ValueError) as error:  # not zlib's, too short, not whole values
        raise PostingDamaged(str(error)) from error
    codes, counts, ranks, occurrences, (gaps, sizes, solutions) = runs[0]
    listed = all(run[4][0] for run in runs)  # every run has its departments
    places = _sums(gaps)  # each run's first gap is its first place
    for more, more_counts, more_ranks, more_occurrences, (more_gaps, *rest) in runs[1:]:
        codes, counts, ranks = codes + more, counts + more_counts, ranks + more_ranks
        places += _sums(more_gaps)
        sizes, solutions = sizes + rest[0], solutions + rest[1]
        occurrences += more_occurrences
    if not codes or sum(counts) != len(occurrences) // 3:
        raise PostingDamaged("its lengths do not add up")
    slots, departments = halves(codes)
    if max(slots) >= within.slots:
        raise PostingDamaged("a field out of range")
    if not all(map(lt, codes, codes[1:])):
        raise PostingDamaged("its fields are not in reading order, or one comes twice")
    if not listed:
        return PostingList(codes, ranks, counts, occurrences, None)
    per = (places, _sums(sizes), solutions)
    _check_departments(slots, departments, per, within)
    return PostingList(codes, ranks, counts, occurrences, per)


def _check_departments(
    slots: array[int], departments: array[int], per: PerDepartment, within: Limits
) -> None:
    """That `per` is what `per_department` makes of these entries (in reading order, checked
    before): each listed department's entries start and end in it, its solutions are its
    last entries, and every department is `within` the store's."""
    places, ends, solutions = per
    if not places or places[-1] >= within.departments or ends[-1] != len(departments):
        raise PostingDamaged("a department out of range, or its departments do not add up")
    starts = array("Q", [0]) + ends[:-1]
    if not all(map(lt, places, places[1:])) or not all(map(lt, starts, ends)):
        raise PostingDamaged("its departments are not in order")
    listed, department_of = places.tolist(), departments.__getitem__
    lasts = map(sub, ends, _repeat(1))
    if list(map(department_of, starts)) != listed or list(map(department_of, lasts)) != listed:
        raise PostingDamaged("its departments are not those of its fields")
    firsts = list(map(sub, ends, solutions))  # each department's first solution
    if not all(map(ge, firsts, starts)):
        raise PostingDamaged("a department has more solutions than fields")
    solution = map(slots.__getitem__, itertools.compress(firsts, solutions))
    before = map(sub, itertools.compress(firsts, map(lt, starts, firsts)), _repeat(1))
    if not all(map(ge, solution, _repeat(SOLUTION_SLOTS))) or not all(
        map(lt, map(slots.__getitem__, before), _repeat(SOLUTION_SLOTS))
    ):
        raise PostingDamaged("its departments' solutions are not those of its fields")


class Postings:
    """Posting lists held in memory (compressed), decoded as a query reads them."""

    def __init__(self, store: Store, lists: dict[Key, bytes]) -> None:
        self._lists = lists
        self._limits = limits(store)

    def __call__(self, lang: Lang, key: str) -> PostingList | None:
        """The list of `key` in `lang`, or None when no field has it."""
        data = self._lists.get((lang, key)) if key != SHARED else None
        return None if data is None else decoded(data, self._limits)

    def shared(self, lang: Lang) -> frozenset[str]:
        """The keys of `lang` that a word gave together with another."""
        return shared_keys(self._lists.get((lang, SHARED), b""))


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
