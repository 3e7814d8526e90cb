"""Paragraph layout: shape, resolve levels, wrap the logical text, reorder each line.

The order matters (UAX #9 section 3.4): levels are resolved for the whole paragraph, the
paragraph is broken into lines on the logical text, then each line is reordered. One
engine (`layout_paragraph`) serves plain strings here and styled text in `styled`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from tui.rtl.bidi import Piece, line_pieces, paragraph_levels, render_line
from tui.rtl.chars import (
    RTL_RE,
    ZWJ,
    Base,
    check_base,
    compiled_on_use,
    compose_removed,
    delete_positions,
    has_bidi_controls,
    printable,
)
from tui.rtl.shaping import drop_harakat, shape_arabic
from tui.rtl.wrap import text_width, wrap_ranges

_breaks = compiled_on_use("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Where `str.splitlines` splits (none of them printable)."""


class ParagraphLayout(NamedTuple):
    """One laid-out paragraph: the processed logical text and each line's visual pieces."""

    text: str
    """Logical text after shaping and dropped marks (bidi controls still inside)."""
    removed: tuple[int, ...]
    """Indices of the source paragraph that shaping or mark dropping removed, sorted."""
    lines: tuple[tuple[Piece, ...], ...]
    """Per line, the pieces of `text` in visual order, left to right."""


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Split text at line and paragraph separators (as str.splitlines), keeping empty lines."""
    if text.isprintable():
        return [(0, len(text))]
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _breaks().finditer(text):
        ranges.append((start, match.start()))
        start = match.end()
    if start < len(text) or not ranges:
        ranges.append((start, len(text)))
    return ranges


class _Prepared(NamedTuple):
    """A paragraph made ready to be broken into lines."""

    text: str
    """What lines are broken on: printable, marks dropped if asked, shaped."""
    unshaped: str | None
    """The same before shaping, whose levels are resolved; None when there is nothing to
    reorder (left-to-right text without right-to-left characters)."""
    removed: list[int]
    """Indices of the source paragraph that dropping marks or shaping removed, sorted."""
    merged: list[int]
    """Indices of `unshaped` that shaping removed (its levels lose them too)."""


def _prepare(text: str, base: Base, *, shape: bool, keep_harakat: bool) -> _Prepared:
    """The one way a paragraph becomes the text its lines are broken on, for
    `layout_paragraph` and `line_count` alike (their line counts must agree)."""
    text = printable(text)
    if base != "rtl" and not RTL_RE.search(text):  # LTR fast path: nothing to shape or reorder
        return _Prepared(text, None, [], [])
    removed: list[int] = []
    if not keep_harakat:
        text, removed = drop_harakat(text)
    unshaped = text
    merged: list[int] = []
    if shape:
        text, merged = shape_arabic(text)
        if merged:
            removed = compose_removed(removed, merged)
    return _Prepared(text, unshaped, removed, merged)


def layout_paragraph(
    text: str,
    width: int | None,
    base: Base = "rtl",
    *,
    shape: bool = True,
    keep_harakat: bool = True,
) -> ParagraphLayout:
    """Lay out one paragraph (no separators inside) into visual lines; width None: one line.

    Control characters are made visible first (`printable`, one character for one), so no
    line can carry an escape sequence to the terminal and widths count what is drawn.
    """
    check_base(base)
    prepared = _prepare(text, base, shape=shape, keep_harakat=keep_harakat)
    text = prepared.text
    ranges = wrap_ranges(text, width) if width is not None else [(0, len(text))]
    if prepared.unshaped is None:
        if has_bidi_controls(text):  # LRE/LRO/LRI only raise even levels: order stays
            zeros = bytes(len(text))
            lines = tuple(tuple(line_pieces(text, zeros, 0, a, b)) for a, b in ranges)
        else:
            lines = tuple((Piece(a, b, False),) for a, b in ranges)
        return ParagraphLayout(text, (), lines)
    levels, para_level = paragraph_levels(prepared.unshaped, base)
    if prepared.merged:
        levels = delete_positions(levels, prepared.merged)
    controls = has_bidi_controls(text)
    lines = tuple(
        tuple(line_pieces(text, levels, para_level, a, b, controls=controls)) for a, b in ranges
    )
    return ParagraphLayout(text, tuple(prepared.removed), lines)


def layout(text: str, width: int, base: Base = "rtl", *, keep_harakat: bool = True) -> list[str]:
    """Lay text out as shaped visual lines no wider than `width` cells, one list per call."""
    lines: list[str] = []
    for start, end in paragraph_ranges(text):
        paragraph = layout_paragraph(text[start:end], width, base, keep_harakat=keep_harakat)
        lines.extend(render_line(paragraph.text, list(pieces)) for pieces in paragraph.lines)
    return lines


@lru_cache(maxsize=4096)
def visual_string(text: str, base: Base = "auto", keep_harakat: bool = True) -> str:
    """Shape and reorder a short string for one row (cached: rows are redrawn often)."""
    return "\n".join(
        render_line(paragraph.text, list(paragraph.lines[0]))
        for paragraph in (
            layout_paragraph(text[start:end], None, base, keep_harakat=keep_harakat)
            for start, end in paragraph_ranges(text)
        )
    )


def fits_one_line(text: str, width: int) -> bool:
    """Whether `text` is one line at `width` in any mode, without shaping or reordering:
    one paragraph whose drawn width (controls shown as symbols) fits. Reordering never
    widens a line, nor does shaping unless it drops a ZWJ (Rich counts "ZWJ + letter" as
    one cell): text with a ZWJ is never said to fit, so this is exact when it says yes."""
    return (
        ZWJ not in text
        and (text.isprintable() or _breaks().search(text) is None)
        and text_width(printable(text)) <= width
    )


def line_count(text: str, width: int, base: Base = "rtl", *, keep_harakat: bool = True) -> int:
    """How many lines `layout` gives, found without resolving levels or reordering.

    Lines are broken on the shaped logical text, so this is the expensive part of
    `layout_paragraph` left out: a list learns its rows' heights from it.
    """
    check_base(base)
    return sum(
        len(
            wrap_ranges(
                _prepare(text[a:b], base, shape=True, keep_harakat=keep_harakat).text, width
            )
        )
        for a, b in paragraph_ranges(text)
    )
