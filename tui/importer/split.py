"""Cut a section's paragraphs into an intro and solutions, as the bundled store was cut.

* The intro is the text up to the first colon that ends a clause in the section's first two
  paragraphs ("...من الضروري تنفيذ المهام والحلول التالية:"), when no list marker comes
  before it and text follows it. A section without one has no intro.
* After it, a solution starts at each list marker (an ordinal word such as أولاً، or a
  number such as 1.), at each sentence end, and at each "؛" (semicolon-separated
  proposals) - except the semicolons of a list that a colon opens inside the same
  sentence ("...في المجالات التالية: الزراعة؛ الصحة؛ ..."), which stay together.
* A marker at the start of a solution and a "؛" at its end are dropped (the list shows its
  own numbers), as in the bundled store; a solution that ends with a colon (a heading) is
  joined to the one after it. Brackets and quotes are never cut inside.

Every character of the paragraphs is in exactly one piece but for those drops, which
`tui.importer.coverage.uncovered` checks.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from tui.importer.article import Line, Section
from tui.importer.coverage import MARKER, SEPARATOR

OPENERS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”"}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}
SENTENCE_END = ".!؟?"
_ITEM_START = re.compile(r"(?:^|(?<=[.:؛!؟?]\s))")
_SHORT_WORD = re.compile(r"(?:^|\s)(?:\w|[A-Za-z]{2})$")
"""A one-letter word or a two-letter Latin one before a full stop is an abbreviation
(د. for doctor, e.g., U.S.), not a sentence end."""


class Piece(NamedTuple):
    """One piece of a section: its text and the article lines it came from."""

    text: str
    first_line: int
    last_line: int


class Cut(NamedTuple):
    """A section cut into an optional intro and its solutions."""

    intro: Piece | None
    solutions: list[Piece]


def _depth_step(char: str, stack: list[str]) -> None:
    """Follow brackets and quotes: `stack` holds what is open at this point."""
    if char == '"':
        if stack and stack[-1] == '"':
            stack.pop()
        else:
            stack.append('"')
    elif char in OPENERS:
        stack.append(char)
    elif char in CLOSERS and stack and stack[-1] == CLOSERS[char]:
        stack.pop()


def _marker_at(text: str, at: int) -> int:
    """The end of a list marker starting at `at` (after its space), or `at` when none."""
    if _ITEM_START.match(text, at) is None:
        return at
    found = MARKER.match(text, at)
    return found.end() if found else at


def _balanced(text: str) -> bool:
    """Whether every bracket and quote of `text` closes (a stray one must not keep the
    rest of a paragraph from being cut)."""
    stack: list[str] = []
    for char in text:
        if char in OPENERS or char in CLOSERS or char == '"':
            before = len(stack)
            _depth_step(char, stack)
            if char in CLOSERS and len(stack) == before:
                return False  # a closer with nothing open
    return not stack


def cut_positions(text: str) -> list[int]:
    """Where a paragraph (after any intro) is cut into solutions: positions where one
    starts (after the whitespace that follows a cut)."""
    cuts: list[int] = []
    stack: list[str] = []
    track = _balanced(text)
    in_list = False  # a colon opened a list in this sentence: its semicolons stay
    i = _marker_at(text, 0)
    while i < len(text):
        char = text[i]
        if track:
            _depth_step(char, stack)
        followed = i + 1 < len(text) and text[i + 1].isspace()
        if stack or not followed:
            i += 1
            continue
        cut = False
        if char == ":":
            in_list = True
            cut = MARKER.match(text, _after(text, i)) is not None
        elif char in SENTENCE_END and not _not_a_sentence_end(text, i):
            cut, in_list = True, False
        elif char == SEPARATOR:
            cut = not in_list or MARKER.match(text, _after(text, i)) is not None
        if cut:
            start = _after(text, i)
            cuts.append(start)
            marker = MARKER.match(text, start)
            in_list = in_list and marker is None
            i = marker.end() if marker else start  # a marker's own colon opens no list
            continue
        i += 1
    return cuts


def _after(text: str, at: int) -> int:
    """The position of the first character after `at` that is not whitespace."""
    at += 1
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _not_a_sentence_end(text: str, at: int) -> bool:
    """A full stop of an ellipsis or after an abbreviation does not end a sentence."""
    if text[at] != ".":
        return False
    ellipsis = at > 0 and text[at - 1] == "."
    return ellipsis or _SHORT_WORD.search(text, max(at - 3, 0), at) is not None


def _pieces_of(line: Line, text: str) -> list[Piece]:
    """A paragraph's text cut into pieces, each without its marker and final "؛"."""
    bounds = [0, *cut_positions(text), len(text)]
    pieces = []
    for start, end in itertools.pairwise(bounds):
        raw = text[start:end].strip()
        found = MARKER.match(raw + " ")
        if found:
            raw = raw[found.end() :].strip()
        raw = raw.removesuffix(SEPARATOR).rstrip()
        if raw:
            pieces.append(Piece(raw, line.number, line.number))
    return pieces


def _join_headings(pieces: list[Piece]) -> list[Piece]:
    """A piece ending with a colon heads the next one: they are one solution."""
    joined: list[Piece] = []
    for piece in pieces:
        if joined and joined[-1].text.endswith(":"):
            head = joined.pop()
            glue = "\n" if head.last_line != piece.first_line else " "
            piece = Piece(head.text + glue + piece.text, head.first_line, piece.last_line)
        joined.append(piece)
    return joined


def _intro_end(paragraphs: list[Line]) -> tuple[int, int] | None:
    """(paragraph, position after the colon) of the intro's end, if the section has one."""
    for n, line in enumerate(paragraphs[:2]):
        text = line.text
        if MARKER.match(text):
            return None
        stack: list[str] = []
        for i, char in enumerate(text):
            _depth_step(char, stack)
            if (char in SENTENCE_END or char == SEPARATOR) and MARKER.match(text, _after(text, i)):
                return None
            if char == ":" and not stack and (i + 1 == len(text) or text[i + 1].isspace()):
                rest = text[i + 1 :].strip() or n + 1 < len(paragraphs)
                return (n, i + 1) if rest else None
    return None


def cut_section(section: Section) -> Cut:
    """The section's intro (if any) and solution pieces, in article order."""
    paragraphs = list(section.paragraphs)
    intro = None
    end = _intro_end(paragraphs)
    if end is not None:
        n, at = end
        head = [line.text for line in paragraphs[:n]] + [paragraphs[n].text[:at]]
        intro = Piece("\n".join(head), paragraphs[0].number, paragraphs[n].number)
        rest = paragraphs[n].text[at:].strip()
        paragraphs = ([Line(paragraphs[n].number, rest)] if rest else []) + paragraphs[n + 1 :]
    pieces = [piece for line in paragraphs for piece in _pieces_of(line, line.text)]
    return Cut(intro, _join_headings(pieces))
