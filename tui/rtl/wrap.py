"""Break a logical paragraph into lines by terminal cell width.

Lines are found on the logical (shaped) text, before reordering: wrapping visual text
would put the lines in reverse reading order. Breaks fall at spaces, which are dropped at
the break; a word wider than the line is split between clusters, after a URL's slash or
dot where it has one. Widths are Rich's
(`rich.cells.cell_len`), the measure Textual renders with: harakat and bidi controls 0,
Arabic letters and presentation forms 1, so a lam-alef ligature is one cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

_WORD_RE = re.compile(r"[^ ]+")
_SINGLE_CELL_RE = re.compile(
    "[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u0600-\u060f\u061b-\u064a"
    "\u0660-\u066f\u0671-\u06d5\u06de\u06e5\u06e6\u06e9\u06ee-\u06ff"
    "\u2010-\u2027\u2030-\u205e\ufb50-\ufdff\ufe80-\ufefc]*"
)
"""Characters Rich measures as one cell: a text made only of them is as wide as it is long."""


@lru_cache(maxsize=8192)
def _width(word: str) -> int:
    """Measure a word in cells, cached: policy text repeats its words a lot."""
    return cell_len(word)


def text_width(text: str) -> int:
    """Measure text in terminal cells, as Rich and Textual do."""
    if _SINGLE_CELL_RE.fullmatch(text):
        return len(text)
    return cell_len(text)


def wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Split a paragraph into line ranges no wider than `width` cells (at least one line)."""
    width = max(1, width)
    if len(text) <= width and text_width(text) <= width:
        return [(0, len(text))]
    single_cells = _SINGLE_CELL_RE.fullmatch(text) is not None
    if single_cells and text[0] != " " and "/" not in text:  # a URL breaks at its slashes
        return _wrap_single_cells(text, width)
    measure = len if single_cells else _width
    lines: list[tuple[int, int]] = []
    start = end = used = 0  # current line: text[start:end], `used` cells
    for match in _WORD_RE.finditer(text):
        word_start, word_end = match.span()
        word_width = measure(match.group())
        if end > start:
            need = used + (word_start - end) + word_width
            if need <= width:
                end, used = word_end, need
                continue
            lines.append((start, end))
            start = end = word_start
            used = 0
        # The line is empty: only the paragraph's leading spaces can precede this word.
        need = (word_start - start) + word_width
        if need <= width:
            end, used = word_end, need
            continue
        chunks = _chop(text, start, word_end, width)
        lines.extend(chunks[:-1])
        start, end = chunks[-1]
        used = text_width(text[start:end])
    if end == start and not lines:  # spaces only
        return [(0, min(len(text), width))]
    trailing = len(text) - end
    if trailing and end > start:  # keep what fits of the paragraph's trailing spaces
        end += max(0, min(trailing, width - used))
    if end > start or not lines:
        lines.append((start, end))
    return lines


@lru_cache(maxsize=64)
def _greedy_line_re(width: int) -> re.Pattern[str]:
    """Match one greedy line of one-cell characters: the longest run of whole words that
    fits, or else `width` characters of a word too long for any line."""
    fits = "[^ ](?= |$)" if width == 1 else f"[^ ](?:.{{0,{width - 2}}}[^ ])?(?= |$)"
    return re.compile(f"{fits}|[^ ]{{{width}}}")


def _wrap_single_cells(text: str, width: int) -> list[tuple[int, int]]:
    """Wrap text whose characters are all one cell wide, in C via one regex per width."""
    lines = [match.span() for match in _greedy_line_re(width).finditer(text)]
    start, end = lines[-1]
    trailing = len(text) - end
    if trailing:  # keep what fits of the paragraph's trailing spaces, like the general path
        lines[-1] = (start, end + max(0, min(trailing, width - (end - start))))
    return lines


URL_BREAKS = frozenset("/?&#=-_.~")
"""Where a word too long for any line (a URL, a path) is split by preference: after one of
these, as long URLs are broken in print; elsewhere only where nothing else fits."""


def _chop(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Split an over-long word into cell-width chunks, after a URL's slash or dot where
    there is one, never separating a mark from its base."""
    chunks: list[tuple[int, int]] = []
    chunk_start = start
    used = 0
    index = start
    while index < end:
        char = text[index]
        # VS16 can widen the character before it; count it as a cell to stay on the safe side.
        size = 1 if char == "\ufe0f" else get_character_cell_size(char)
        if index > chunk_start and size and used + size > width:
            cut = _last_break(text, chunk_start, index)
            chunks.append((chunk_start, cut))
            chunk_start, used, index = cut, 0, cut
            continue
        used += size
        index += 1
    chunks.append((chunk_start, end))
    return chunks


def _last_break(text: str, start: int, end: int) -> int:
    """Where to end a chunk of text[start:end]: after its last URL break, else at `end`."""
    for index in range(end - 1, start, -1):
        if text[index - 1] in URL_BREAKS and text[index] not in URL_BREAKS:
            return index
    return end
