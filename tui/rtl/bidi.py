"""UAX #9 for terminal lines: paragraph levels from ICU, line reordering (L1-L4) here.

Levels are resolved once for the whole paragraph (ICU `Bidi.setPara` + `getLevels`,
which already applies rule L1 at the paragraph's end and before segment separators);
after the paragraph is broken into lines, each line gets L1 for its own trailing
whitespace, L2 over runs of equal level, L3 (combining marks stay after their base in
right-to-left runs, since terminals attach a zero-width mark to the preceding cell) and
L4 (mirrored brackets, from the generated Bidi_Mirroring_Glyph table).

Why ICU (pyicu-wheels, ICU 77), measured on BidiCharacterTest.txt (Unicode 15.0,
91,707 cases, visual order of the characters not removed by X9):

* ICU 77 levels + this module's L1/L2: 99.967 % (30 failures, all explicit-override and
  embedding corner cases such as RLO a LRE b PDF LRI c PDI ...). ICU's own line map gives
  the same 99.967 %. Resolving levels is fast.
* python-bidi 0.6.12 (Rust unicode-bidi): `get_display` passes 100 % once X9-removed
  characters are dropped (99.901 % counting them, the figure in RTL-NOTES), but it reorders
  the whole paragraph as one line and does not mirror. Its levels are reachable only by
  parsing the Debug dump that `debug=True` returns; with them and this module's L1/L2 it
  passes 100 %, but that dump is not an API and is much slower than `get_display`.
* python-bidi's old pure-Python module: 77.8 % (RTL-NOTES).

ICU is also the fast shaper (see `shaping`), so one C library serves both. The cost is
the dependency: pyicu-wheels wheels are large, with wheels for Linux, macOS 15+ and
Windows. (Timings and sizes: docs/performance.md.)
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple
from unicodedata import bidirectional

from tui.rtl import _icu
from tui.rtl.chars import (
    LRI,
    MARK_CHARS,
    MIRROR,
    MIRRORED,
    NON_BMP_RE,
    PDI,
    RTL_RE,
    TRAILING_SPACE,
    Base,
    check_base,
    clusters,
    compiled_on_use,
    control_re,
    paragraph_segments,
    strip_bidi_controls,
)

_ICU_PARA_LEVEL = {"ltr": 0, "rtl": 1, "auto": _icu.DEFAULT_LTR}
_RUN_RE = re.compile(rb"(.)\1*", re.DOTALL)

# ICU counts UTF-16 units; a BMP stand-in of the same bidi class keeps one index per
# code point. None of these is a bracket or mirrored, so pairing (BD16) is unaffected.
_STAND_INS = {
    "L": "a", "R": "\u05d0", "AL": "\u0608", "EN": "0", "ES": "+", "ET": "#",
    "AN": "\u0660", "CS": ",", "NSM": "\u0300", "BN": "\u00ad", "S": "\t",
    "WS": " ", "ON": "!",
}  # fmt: skip


class Piece(NamedTuple):
    """A run of one line in visual order: logical [start, end), drawn reversed if rtl."""

    start: int
    end: int
    rtl: bool


def paragraph_levels(text: str, base: Base) -> tuple[bytes, int]:
    """Resolve embedding levels for one paragraph (one byte per character) and its level.

    A URL is resolved as if it stood in a left-to-right isolate (LRI ... PDI): one unit,
    its slashes and dots in their places, whatever surrounds it (an Arabic sentence, or a
    right-to-left paragraph of its own that would move its trailing slash to the front).
    """
    if not text:
        return b"", 1 if base == "rtl" else 0
    if NON_BMP_RE.search(text):
        text = NON_BMP_RE.sub(_stand_in, text)
    urls = url_spans(text) if "://" in text or "www." in text else []
    if not urls:
        return _icu.levels(text, _ICU_PARA_LEVEL[base])
    # ICU resolves the text with the isolates in; their own levels are then left out
    isolated: list[str] = []
    inserted: set[int] = set()
    position = 0
    for start, end in urls:
        isolated.append(text[position:start])
        inserted.add(start + len(inserted))
        isolated += [LRI, text[start:end], PDI]
        inserted.add(end + len(inserted))
        position = end
    isolated.append(text[position:])
    levels, para_level = _icu.levels("".join(isolated), _ICU_PARA_LEVEL[base])
    kept = bytes(level for index, level in enumerate(levels) if index not in inserted)
    return kept, para_level


_URL_END_PUNCTUATION = ".,;:!?)]}'\"،؛؟»"


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where URLs are in `text` (http, https, ftp, or starting www.), without the
    punctuation that ends the sentence around them."""
    spans = []
    for match in _url_re().finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _URL_END_PUNCTUATION:
            end -= 1
        spans.append((start, end))
    return spans


_url_re = compiled_on_use(r"(?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+")


def _stand_in(match: re.Match[str]) -> str:
    """Pick a BMP character with the same bidi class as a supplementary one."""
    char = match.group()
    bidi_class = bidirectional(char)
    if not bidi_class:  # unassigned: the UCD default for its block
        bidi_class = "R" if RTL_RE.match(char) else "L"
    return _STAND_INS.get(bidi_class, "!")


def line_pieces(
    text: str,
    levels: bytes,
    para_level: int,
    start: int,
    end: int,
    *,
    controls: bool = True,
) -> list[Piece]:
    """Reorder one line of a resolved paragraph (L1, L2) into pieces in visual order.

    `controls=False` promises the paragraph holds no bidi controls (saves a scan per line).
    """
    if start >= end:
        return []
    line_levels = levels[start:end]
    content_end = len(text[start:end].rstrip(TRAILING_SPACE))
    if content_end < end - start:  # L1: trailing whitespace takes the paragraph level
        line_levels = line_levels[:content_end] + bytes([para_level]) * (end - start - content_end)
    first = line_levels[0]
    if not line_levels.strip(bytes([first])):
        runs = [(0, end - start, first)]
    else:
        runs = [(*m.span(), m.group()[0]) for m in _RUN_RE.finditer(line_levels)]
        _reverse_runs(runs)
    pieces = [Piece(start + a, start + b, bool(level & 1)) for a, b, level in runs]
    if controls and control_re().search(text, start, end):
        return _skip_controls(text, pieces)
    return pieces


def _reverse_runs(runs: list[tuple[int, int, int]]) -> None:
    """Rule L2 on level runs: reverse from the highest level down to the lowest odd one."""
    run_levels = [run[2] for run in runs]
    highest = max(run_levels)
    lowest_odd = min(run_levels) | 1
    count = len(runs)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < count:
            if run_levels[i] < level:
                i += 1
                continue
            j = i + 1
            while j < count and run_levels[j] >= level:
                j += 1
            if j - i > 1:
                runs[i:j] = runs[i:j][::-1]
                run_levels[i:j] = run_levels[i:j][::-1]
            i = j


def _skip_controls(text: str, pieces: list[Piece]) -> list[Piece]:
    """Split pieces around bidi controls: they took part in L2 and are now dropped."""
    result: list[Piece] = []
    for piece in pieces:
        cuts = [m.start() for m in control_re().finditer(text, piece.start, piece.end)]
        if not cuts:
            result.append(piece)
            continue
        bounds = [piece.start - 1, *cuts, piece.end]
        parts = [Piece(lo + 1, hi, piece.rtl) for lo, hi in pairwise(bounds)]
        parts = [part for part in parts if part.end > part.start]
        result.extend(reversed(parts) if piece.rtl else parts)
    return result


def reverse_clusters(text: str) -> str:
    """Reverse a right-to-left run keeping marks after their base (rule L3)."""
    if MARK_CHARS.isdisjoint(text):
        return text[::-1]
    return "".join(reversed(clusters(text)))


def render_piece(text: str, piece: Piece) -> str:
    """Draw one piece: right-to-left pieces reversed by cluster and mirrored (L3, L4)."""
    chunk = text[piece.start : piece.end]
    if not piece.rtl:
        return chunk
    chunk = reverse_clusters(chunk)
    return chunk if MIRRORED.isdisjoint(chunk) else chunk.translate(MIRROR)


def render_line(text: str, pieces: list[Piece]) -> str:
    """Join a line's pieces into the string the terminal should draw left to right."""
    return "".join(render_piece(text, piece) for piece in pieces)


def reorder_line(text: str, base: Base) -> str:
    """Put one logical line into visual order (mirrored, controls removed, not shaped)."""
    check_base(base)
    if base != "rtl" and not RTL_RE.search(text):
        return strip_bidi_controls(text)
    parts: list[str] = []
    last = 0
    for start, end in paragraph_segments(text):
        paragraph = text[start:end]
        levels, para_level = paragraph_levels(paragraph, base)
        pieces = line_pieces(paragraph, levels, para_level, 0, len(paragraph))
        parts += [text[last:start], render_line(paragraph, pieces)]  # separator, paragraph
        last = end
    return "".join(parts)
