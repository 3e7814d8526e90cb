"""What a query matched, ranked and counted without building a `Hit` per match.

A common word matches a field in most departments (~100,000 at 10,000 departments); the
browser shows the first hundred and the counts. `Results` keeps the matching fields'
codes in reading order and their rank keys, computed from the posting lists' arrays, and
builds a hit, spans included, only when one is read: the first shown (`shown_groups`), a
department's (`in_department`), or all of them (iterating, for the commands).
"""

from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from operator import add, and_, eq, ge, lshift, lt, or_, rshift
from typing import NamedTuple

from tui.model import LANGUAGES, Lang
from tui.search.postings import (
    FIRST_SOLUTION,
    SOLUTION_SLOTS,
    TITLES,
    Field,
    PerDepartment,
    PostingList,
    field_of,
    halves,
)
from tui.search.query import Span, merge_spans

_TITLE_SLOTS = TITLES << 2
"""Slots below this are titles (name, headline): their matches rank first."""
_SLOT = (1 << 32) - 1
"""The slot's bits of a match's code."""


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


class HitCount(NamedTuple):
    """What a search found, as the browser and the commands both count it."""

    matches: int
    """Matching passages: a name, headline, speaker, role, intro or solution, per language."""
    solutions: int
    """Of those, solutions."""
    departments: int


SpanSource = Callable[[int], tuple[Span, ...]]
"""A matching field's spans, by its code."""


def _repeat(value: int) -> itertools.repeat[int]:
    return itertools.repeat(value)


def rank_keys(codes: list[int], spans: list[int]) -> list[int]:
    """Each field's rank: its spans (more first), then titles before the rest."""
    titles = map(lt, map(and_, codes, _repeat(_SLOT)), _repeat(_TITLE_SLOTS))
    return list(map(add, map(lshift, spans, _repeat(1)), titles))


class Results:
    """The fields a query matched, best first (`Results.__iter__`), counted and ranked from
    their codes (reading order: `department << 32 | slot`) and rank keys; a hit's spans are
    read when the hit is built."""

    def __init__(
        self,
        positions: Mapping[str, int],
        codes: Sequence[int],
        ranks: Sequence[int],
        spans: SpanSource,
        both: bool = False,
        departments: PerDepartment | None = None,
    ) -> None:
        self._positions = positions
        self._ids = tuple(positions)
        self.codes = codes if isinstance(codes, array) else array("Q", codes)
        """The matching fields, in reading order."""
        self._ranks = ranks
        self._spans = spans
        self._both = both
        """Whether the codes are of both languages (a field can match twice)."""
        self._departments = departments
        """The codes' departments and their solutions, when a posting list gave them."""

    @classmethod
    def none(cls, positions: Mapping[str, int] | None = None) -> Results:
        """Nothing found."""
        return cls(positions or {}, [], [], lambda code: ())

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Hit]:
        """Every hit, best first: more spans, then titles, then reading order."""
        return map(self._hit, self.ranked())

    def _hit(self, entry: int) -> Hit:
        code = self.codes[entry]
        slot = code & _SLOT
        field, solution = field_of(slot)
        spans = self._spans(code)
        lang = LANGUAGES[slot >> 1 & 1]
        return Hit(self._ids[code >> 32], field, solution, lang, spans, len(spans))

    def ranked(self) -> Iterator[int]:
        """The entries best first, a rank at a time (one pass over the ranks each), so
        reading the first few does not sort them all."""
        ranks, everything = self._ranks, range(len(self._ranks))
        for rank in sorted(set(ranks), reverse=True):
            yield from itertools.compress(everything, map(eq, ranks, _repeat(rank)))

    def count(self) -> HitCount:
        """Matches, of them solutions, and departments."""
        if self._departments is not None:
            solutions = sum(self._departments[2])
        else:
            solutions = sum(map(ge, self._halves[0], _repeat(SOLUTION_SLOTS)))
        return HitCount(len(self.codes), solutions, len(self.solution_counts))

    @cached_property
    def _halves(self) -> tuple[array[int], array[int]]:
        """Each code's slot and department, as arrays of small numbers."""
        return halves(self.codes)

    @cached_property
    def solution_counts(self) -> dict[int, int]:
        """Per department with a match (its place in the store, ascending), how many of its
        solutions match, in either language."""
        if self._departments is not None:
            places, _, solutions = self._departments
            return dict(zip(places, solutions, strict=True))
        slots, departments = self._halves
        found = dict.fromkeys(departments, 0)
        solution = map(ge, slots, _repeat(SOLUTION_SLOTS))
        if not self._both:
            found.update(Counter(itertools.compress(departments, solution)))
            return found
        # a solution matched in both languages is one: the slot without its language bits
        fields = zip(departments, map(rshift, slots, _repeat(2)), strict=True)
        found.update(
            Counter(department for department, _ in set(itertools.compress(fields, solution)))
        )
        return found

    def _department(self, department: int) -> range:
        """The entries of one department (its place in the store)."""
        first = bisect_left(self.codes, department << 32)
        return range(first, bisect_left(self.codes, (department + 1) << 32, first))

    def in_department(self, department_id: str) -> list[Hit]:
        """The hits of one department, in reading order."""
        position = self._positions.get(department_id)
        return [] if position is None else list(map(self._hit, self._department(position)))

    def solutions_of(self, department_id: str) -> frozenset[int]:
        """The solutions of one department that match, in either language."""
        position = self._positions.get(department_id)
        if position is None:
            return frozenset()
        slots = (self.codes[entry] & _SLOT for entry in self._department(position))
        return frozenset((slot >> 2) - FIRST_SOLUTION for slot in slots if slot >= SOLUTION_SLOTS)

    def shown_groups(self, limit: int) -> list[tuple[str, list[Hit]]]:
        """The first `limit` hits as the results list shows them: departments in the
        order of their best hit, each department's hits in reading order."""
        groups: list[tuple[str, list[Hit]]] = []
        seen: set[int] = set()
        shown = 0
        for entry in self.ranked():
            if shown >= limit:
                break
            department = self.codes[entry] >> 32
            if department in seen:
                continue
            seen.add(department)
            entries = self._department(department)[: limit - shown]
            hits = list(map(self._hit, entries))
            groups.append((self._ids[department], hits))
            shown += len(hits)
        return groups

    def where(self, keep: Callable[[int], bool]) -> Results:
        """Only the fields whose codes `keep` keeps (a theme filter)."""
        kept = [entry for entry, code in enumerate(self.codes) if keep(code)]
        codes, ranks = self.codes, self._ranks
        return Results(
            self._positions,
            [codes[n] for n in kept],
            [ranks[n] for n in kept],
            self._spans,
            self._both,
        )


def field_spans(lists: list[PostingList], code: int) -> tuple[Span, ...]:
    """The spans of one field (its code) that the keys of these lists are on."""
    found: list[Span] = []
    for posting in lists:
        entry = bisect_left(posting.codes, code)
        first, end = posting.offsets[entry], posting.offsets[entry + 1]
        if len(lists) == 1 and end - first == 1:
            return ((posting.starts[first], posting.stops[first]),)
        found += zip(posting.starts[first:end], posting.stops[first:end], strict=True)
    return merge_spans(found)


def common_fields(lists: list[PostingList]) -> tuple[Sequence[int], Sequence[int]]:
    """The fields every list has, in reading order, and their ranks: the lists' spans
    added up (no word is on two of them), a title's bit."""
    if len(lists) == 1:
        return lists[0].codes, lists[0].ranks
    shortest, *longer = sorted(lists, key=lambda posting: len(posting.codes))
    common = set(shortest.codes)
    for posting in longer:
        common.intersection_update(posting.codes)
    spans: list[int] | None = None
    titles: Iterator[int] = iter(())
    for posting in lists:
        ranks = list(itertools.compress(posting.ranks, map(common.__contains__, posting.codes)))
        if spans is None:
            titles = map(and_, ranks, _repeat(1))
            spans = list(map(rshift, ranks, _repeat(1)))
        else:
            spans = list(map(add, spans, map(rshift, ranks, _repeat(1))))
    codes = sorted(common)
    return codes, list(map(or_, map(lshift, spans or [], _repeat(1)), titles))
