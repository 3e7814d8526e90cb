"""Queries: parsing words and quoted phrases, and finding them in one analysed text."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache

from tui.model import Lang
from tui.search.analysis import tokenize

Span = tuple[int, int]

# Straight, curly and guillemet quotes all open and close a phrase.
_QUOTES = re.compile(r"[\"“”«»„]")


@dataclass(frozen=True, slots=True)
class Query:
    """What to look for: single-word keys and quoted phrases, all of which must match."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    stopped: tuple[str, ...] = ()
    """Arabic stop words typed and left out (as written), as Lucene's Arabic analyzer does."""
    keys: frozenset[str] = field(init=False, repr=False, compare=False)
    """Every key a matching text must contain, phrase words included."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", frozenset(self.terms).union(*self.phrases))

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


MAX_QUERY_CHARS = 2_000
"""Characters of a query that are read (a pasted page is not a query)."""
MAX_QUERY_KEYS = 64
"""Distinct words and phrases a query keeps, in the order typed: every one must match, so
more only narrow to nothing, slowly (figures from when the parse was quadratic:
docs/performance.md)."""


@cache
def arabic_stop_words() -> frozenset[str]:
    """Words that say nothing a query is about (ما، الذين، في), from stopwords-iso's Arabic
    list, matched as written, before normalisation and stemming, as Lucene's Arabic
    analyzer matches its list."""
    from stopwordsiso import stopwords

    return frozenset(stopwords("ar"))


def stop_words_only(stopped: Sequence[str], lang: Lang) -> str:
    """What to say of a query made only of stop words."""
    from tui.i18n import ui

    return ui("search.stop_words", lang, words=" ".join(stopped))


def parse_query(query: str) -> Query:
    """Split user input into words and "quoted phrases", analysed like the text they search
    (the first `MAX_QUERY_CHARS` characters, at most `MAX_QUERY_KEYS` words and phrases).
    Arabic stop words outside quotes are left out; a quoted phrase keeps every word."""
    terms: dict[str, None] = {}  # ordered sets: a membership test per word, not a scan
    phrases: dict[tuple[str, ...], None] = {}
    stopped: dict[str, None] = {}
    # Pieces alternate outside/inside quotes; an unclosed quote runs to the end.
    for i, piece in enumerate(_QUOTES.split(query[:MAX_QUERY_CHARS])):
        tokens = tokenize(piece)
        if i % 2 == 1 and len(tokens) > 1:
            phrases[tuple(token.key for token in tokens)] = None
            continue
        stop = arabic_stop_words() if tokens else frozenset()
        for token in tokens:
            if token.text in stop:
                stopped[token.text] = None
            else:
                terms[token.key] = None
    kept = list(phrases)[:MAX_QUERY_KEYS]
    return Query(tuple(terms)[: MAX_QUERY_KEYS - len(kept)], tuple(kept), tuple(stopped))


def _positions(keys: Sequence[str], wanted: Collection[str]) -> dict[str, list[int]]:
    """Where each wanted key occurs in a key sequence (keys that do not occur are left out).

    A query has a few keys and a text a few dozen: `index` scans in C, once per occurrence,
    instead of a Python step per word (a common word's thousands of hits add up).
    """
    found: dict[str, list[int]] = {}
    for key in wanted:
        places: list[int] = []
        position = -1
        try:
            while True:
                position = keys.index(key, position + 1)
                places.append(position)
        except ValueError:
            pass
        if places:
            found[key] = places
    return found


def match_ranges(
    keys: Sequence[str], query: Query, *, require_all: bool
) -> list[tuple[int, int]] | None:
    """Token ranges (first, last) matched by the query, or None when `require_all` fails."""
    wanted = query.keys
    found = _positions(keys, wanted)
    if require_all and len(found) < len(wanted):
        return None
    ranges = [(p, p) for term in query.terms for p in found.get(term, ())]
    for phrase in query.phrases:
        size = len(phrase)
        hits = [
            (p, p + size - 1)
            for p in found.get(phrase[0], ())
            if tuple(keys[p : p + size]) == phrase
        ]
        if require_all and not hits:
            return None
        ranges.extend(hits)
    return ranges


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Sort spans and fuse overlapping ones (a word can give several keys, phrases overlap)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def ranges_to_spans(bounds: Sequence[int], ranges: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Turn token ranges into merged character spans; `bounds` is start0, end0, start1, ..."""
    return merge_spans([(bounds[2 * first], bounds[2 * last + 1]) for first, last in ranges])


def highlight_spans(text: str, query: str | Query) -> list[Span]:
    """Spans of `text` to highlight for `query`: every word or phrase of it that occurs.

    Unlike search, a highlight does not need all words present, so a detail view can
    mark what it shares with the query.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    if not parsed:
        return []
    tokens = tokenize(text)
    ranges = match_ranges([t.key for t in tokens], parsed, require_all=False) or []
    bounds = [offset for t in tokens for offset in (t.start, t.end)]
    return list(ranges_to_spans(bounds, ranges))
