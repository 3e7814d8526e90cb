"""Character classes, bidi controls, paragraph direction and index bookkeeping.

Everything here is pure string work; the Unicode tables come from the generated `_tables`
module so nothing reads Unicode data files at run time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import Literal, TypeVar
from unicodedata import bidirectional

from rich.text import Span, Text

from tui.rtl._tables import BN_RANGES, NSM_RANGES
from tui.rtl._tables import MIRROR as MIRROR  # Bidi_Mirroring_Glyph, a str.translate table (L4)

Base = Literal["ltr", "rtl", "auto"]
"""Paragraph direction asked for: fixed, or found from the first strong character."""

Direction = Literal["ltr", "rtl"]
"""A resolved paragraph direction."""

BASES: tuple[Base, ...] = ("ltr", "rtl", "auto")

LRM = "\u200e"
RLM = "\u200f"
ALM = "\u061c"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ZWNJ, ZWJ = "\u200c", "\u200d"

BIDI_CONTROLS = LRE + RLE + PDF + LRO + RLO + LRI + RLI + FSI + PDI + LRM + RLM + ALM
"""Explicit formatting characters and marks: honoured by the algorithm, never emitted."""

_ISOLATE_INITIATORS = frozenset(LRI + RLI + FSI)
_STRIP_CONTROLS = str.maketrans("", "", BIDI_CONTROLS)

MIRRORED = frozenset(map(chr, MIRROR))
"""Characters with a mirror pair (rule L4). A set, not a regex class: the class took
time to compile at start-up, and only right-to-left runs are looked through."""

RTL_RE = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
    f"{RLM}{RLE}{RLO}{RLI}]"
)
"""Matches every R, AL and AN character (a superset: whole RTL blocks) and RTL controls.

No match means the text cannot contain a right-to-left run: the LTR fast path is safe.
"""


def compiled_on_use(source: str) -> Callable[[], re.Pattern[str]]:
    """A regex compiled the first time it is asked for. A class beyond Latin-1 takes time
    to compile, paid at start-up for every module-level pattern, used or not.

    The patterns for characters that `str.isprintable` rejects (controls, format characters
    such as the bidi controls, separators, surrogates) are of this kind, and their callers
    ask `isprintable` first: nearly all text is printable, so they are seldom compiled.
    """
    return cache(lambda: re.compile(source))


control_re = compiled_on_use(f"[{BIDI_CONTROLS}]")
"""Finds a bidi control (all are format characters: printable text has none)."""


def has_bidi_controls(text: str) -> bool:
    """Whether text holds a bidi control (`BIDI_CONTROLS`)."""
    return not text.isprintable() and control_re().search(text) is not None


arabic_letters = compiled_on_use("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\ufb50-\ufefc]")
"""Characters the shaper may change: Arabic letters and their presentation forms."""

arabic_marks = compiled_on_use(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08e1\u08e3-\u08ff]"
)
"""Harakat and Quranic marks: what `keep_harakat=False` drops (no screen of the browser does)."""


_MARK_RANGES = NSM_RANGES + BN_RANGES
MARK_CHARS = frozenset(chr(cp) for lo, hi in _MARK_RANGES for cp in range(lo, hi + 1))
"""Characters that ride on the cluster before them in rule L3: NSM, and BN (X9 removes them)."""


def clusters(text: str) -> list[str]:
    """Rule L3's units: user-perceived characters (UAX #29 grapheme clusters, from ICU): a
    letter with the marks after it, an emoji sequence joined by ZWJ; a ZWJ followed by a
    space, a bracket or a letter glues nothing to it. Characters that rule X9 removes (BN,
    such as a zero width space) are not there for bidi: what follows one rides on the
    cluster before it, as it would without it."""
    from tui.rtl._icu import grapheme_ends

    units: list[str] = []
    for start, end in pairwise([0, *grapheme_ends(text)]):
        if units and text[start] in MARK_CHARS:
            units[-1] += text[start:end]
        elif end > start:
            units.append(text[start:end])
    return units


_L1_RANGES = (
    (0x00, 0x08), (0x09, 0x09), (0x0B, 0x0C), (0x0E, 0x1B), (0x1F, 0x20), (0x7F, 0x84),
    (0x86, 0x9F), (0xAD, 0xAD), (0x1680, 0x1680), (0x180E, 0x180E), (0x2000, 0x200D),
    (0x2028, 0x2028), (0x205F, 0x2064), (0x206A, 0x206F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
)  # fmt: skip
TRAILING_SPACE = (
    "".join(chr(cp) for lo, hi in _L1_RANGES for cp in range(lo, hi + 1))
    + LRE + RLE + PDF + LRO + RLO + LRI + RLI + FSI + PDI
)  # fmt: skip
"""What rule L1 resets at a line end: WS, S and isolates, with X9-removed characters."""

NON_BMP_RE = re.compile("[\U00010000-\U0010ffff]")

# --- text that is safe to send to a terminal ----------------------------------------------

_unprintable = compiled_on_use("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_unprintable_in_paragraph = compiled_on_use(  # the same, less the paragraph separators
    "[\x00-\x09\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    """The visible stand-in for one control character (always one character)."""
    code = ord(match.group())
    if code == 0x09:
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ESC shows as ␛
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str, *, keep_breaks: bool = False) -> str:
    """Text with no character that could drive a terminal: controls become visible symbols.

    C0 controls show as their Control Pictures (ESC as ␛), DEL as ␡, C1 controls and lone
    surrogates (which no UTF-8 stream can carry) as U+FFFD; a tab becomes a space. Newlines
    stay: callers split paragraphs at them (`keep_breaks` keeps CR, VT, FF, FS, GS, RS and
    NEL too, for a caller that splits at every separator `str.splitlines` knows). One
    character for one, so offsets and spans into the text still fit.
    """
    if text.isprintable():
        return text
    pattern = _unprintable_in_paragraph() if keep_breaks else _unprintable()
    return pattern.sub(_visible, text) if pattern.search(text) else text


def printable_text(text: Text, *, keep_breaks: bool = False) -> Text:
    """Styled text with controls made visible (`printable`); spans stay on their characters."""
    plain = text.plain
    clean = printable(plain, keep_breaks=keep_breaks)
    if clean == plain:
        return text
    safe = text.blank_copy(clean)
    safe.spans = list(text.spans)
    return safe


_EMBEDDING_OPENERS = frozenset(LRE + RLE + LRO + RLO)
_explicit = compiled_on_use(f"[{LRE}{RLE}{PDF}{LRO}{RLO}{LRI}{RLI}{FSI}{PDI}]")
_paragraph_end = compiled_on_use("\r\n|[\n\r\x1c\x1d\x1e\x85\u2029]")
"""UAX #9 paragraph separators (B), none of them printable."""


def _has_explicit(text: str) -> bool:
    """Whether text holds an embedding, override, isolate or one of their closers."""
    return not text.isprintable() and _explicit().search(text) is not None


def _closers(text: str, start: int, end: int) -> str:
    """The PDFs and PDIs that close what text[start:end] leaves open (rules X1-X8, simplified)."""
    stack: list[str] = []
    for match in _explicit().finditer(text, start, end):
        char = match.group()
        if char in _EMBEDDING_OPENERS:
            stack.append(PDF)
        elif char in _ISOLATE_INITIATORS:
            stack.append(PDI)
        elif char == PDF:
            if stack and stack[-1] == PDF:  # a PDF never closes an isolate (X7)
                stack.pop()
        elif PDI in stack:  # a PDI closes its isolate and every embedding inside it (X6a)
            while stack.pop() != PDI:
                pass
    return "".join(reversed(stack))


def paragraph_segments(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each paragraph, UAX #9 separators (B) excluded."""
    if text.isprintable():
        return [(0, len(text))]
    segments = []
    start = 0
    for match in _paragraph_end().finditer(text):
        segments.append((start, match.start()))
        start = match.end()
    segments.append((start, len(text)))
    return segments


def _insert(text: Text, inserts: list[tuple[int, str]]) -> Text:
    """Insert strings at sorted positions, keeping every span on its characters."""
    result = text.blank_copy()
    last = 0
    for at, insert in inserts:
        if at > last:
            result.append_text(text[last:at])
        result.append(insert)
        last = at
    if last < len(text.plain):
        result.append_text(text[last:])
    return result


def close_bidi(text: Text) -> Text:
    """Close the embeddings, overrides and isolates a field leaves open, paragraph by paragraph.

    The closing PDFs and PDIs go at the end of each paragraph of the field; text without
    explicit controls (nearly all) comes back unchanged. Closing keeps the levels from
    leaking, but not the direction (see `content_piece`).
    """
    plain = text.plain
    if not _has_explicit(plain):
        return text
    inserts = [
        (end, closers)
        for start, end in paragraph_segments(plain)
        if (closers := _closers(plain, start, end))
    ]
    return _insert(text, inserts) if inserts else text


def stray_pdis(text: str) -> list[int]:
    """Where a PDI has no isolate of its own paragraph to close (it does nothing there)."""
    stray: list[int] = []
    for start, end in paragraph_segments(text):
        depth = 0
        for match in _explicit().finditer(text, start, end):
            char = match.group()
            if char in _ISOLATE_INITIATORS:
                depth += 1
            elif char == PDI:
                if depth:
                    depth -= 1
                else:
                    stray.append(match.start())
    return stray


def content_piece(text: str) -> str:
    """One content field placed among other text: its own bidi controls stay inside it.

    Content may use bidi controls, but an RLO in a name must not reverse the count printed
    after it on the same row. Closing it with a PDF is not enough: the text after an
    embedding still takes its direction from it (UAX #9 sos), so "RLO evil PDF · 12" still
    shows the 12 first. Each paragraph of a field that uses explicit controls is therefore
    closed and set in an isolate (FSI ... PDI), which the text around it treats as one
    neutral character. Fields without controls (nearly all) come back unchanged.

    Work is done by `content_piece_text`, so the text passes through a Rich `Text`, which
    drops BEL, BS, VT, FF and CR: give it printable text (`printable`) or store content,
    which has none of them.
    """
    return content_piece_text(Text(text)).plain if _has_explicit(text) else text


def content_piece_text(text: Text) -> Text:
    """`content_piece` for styled text (a search hit): spans stay on their characters."""
    plain = text.plain
    if not _has_explicit(plain):
        return text
    stray = stray_pdis(plain)  # each would end the field's isolate early
    if stray:
        text = delete_from_text(text, stray)
        plain = text.plain
    inserts: list[tuple[int, str]] = []
    for start, end in paragraph_segments(plain):
        if _explicit().search(plain, start, end):
            inserts += [(start, FSI), (end, _closers(plain, start, end) + PDI)]
    return _insert(text, inserts)


def strip_bidi_controls(text: str) -> str:
    """Remove bidi controls so they never reach a terminal that would act on them again."""
    return text.translate(_STRIP_CONTROLS) if has_bidi_controls(text) else text


def direction(text: str, default: Direction = "ltr") -> Direction:
    """Find the paragraph direction by rules P2/P3, so UI rows align with their content."""
    if not RTL_RE.search(text):
        return "ltr" if default == "ltr" or _has_strong_ltr(text) else default
    depth = 0
    for char in text:
        if char in _ISOLATE_INITIATORS:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif not depth:
            bidi_class = bidirectional(char)
            if bidi_class == "L":
                return "ltr"
            if bidi_class in ("R", "AL"):
                return "rtl"
    return default


def _has_strong_ltr(text: str) -> bool:
    """Tell whether any character outside an isolate is strong L."""
    depth = 0
    for char in text:
        if char in _ISOLATE_INITIATORS:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif not depth and bidirectional(char) == "L":
            return True
    return False


def is_rtl(text: str) -> bool:
    """Tell whether text reads right to left (first strong character), for alignment choices."""
    return direction(text) == "rtl"


def check_base(base: str) -> Base:
    """Reject a misspelt base direction early, with the allowed values in the message."""
    if base not in BASES:
        raise ValueError(f"base must be one of {', '.join(BASES)}; got {base!r}")
    return base


# --- index bookkeeping -------------------------------------------------------------
# Each processing step deletes some characters (controls, merged alefs, dropped harakat).
# A step is described by the sorted indices it removed from its own input; composing
# steps gives the indices removed from the original text, which is all styled text needs.


def compose_removed(first: Sequence[int], second: Sequence[int]) -> list[int]:
    """Express `second` (indices into the output of `first`) as original indices, merged."""
    if not second:
        return list(first)
    if not first:
        return list(second)
    merged: list[int] = []
    i = 0
    shift = 0
    for index in second:
        # Find the original index whose position after `first` equals `index`.
        while i < len(first) and first[i] <= index + shift:
            merged.append(first[i])
            shift += 1
            i += 1
        merged.append(index + shift)
    merged.extend(first[i:])
    return merged


def map_offset(removed: Sequence[int], offset: int) -> int:
    """Move an original offset past removed characters (span starts and ends alike)."""
    return offset - bisect_left(removed, offset)


_Seq = TypeVar("_Seq", str, bytes)


def delete_positions(text: _Seq, positions: Sequence[int]) -> _Seq:
    """Delete the items at sorted `positions` of a str, or of bytes (levels follow characters)."""
    if not positions:
        return text
    parts = []
    last = 0
    for pos in positions:
        parts.append(text[last:pos])
        last = pos + 1
    parts.append(text[last:])
    return text[:0].join(parts)


def delete_from_text(text: Text, positions: Sequence[int]) -> Text:
    """Delete characters from styled text, keeping each span on its characters."""
    result = text.blank_copy(delete_positions(text.plain, positions))
    for span in text.spans:
        start, end = map_offset(positions, span.start), map_offset(positions, span.end)
        if end > start:
            result.spans.append(Span(start, end, span.style))
    return result
