"""Styled layout: Rich `Text` in, visual `Text` lines out, each style still on its characters.

Spans are carried through every step: removed characters (a merged alef, dropped harakat,
bidi controls) shift them, and each visual piece maps them back, reversed in
right-to-left pieces. A span that starts or ends between a base letter and its harakat may
shift by a cell (rule L3 moves the marks); search highlights cover whole words, so they
land exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from rich.text import Span, Text

from tui.rtl.bidi import Piece, render_piece
from tui.rtl.chars import Base, compiled_on_use, content_piece_text, map_offset
from tui.rtl.layout import layout_paragraph, paragraph_ranges

_LocalSpan = tuple[int, int, str | Style]

_safe_url = compiled_on_use(r"(?:https?|ftp)://[\x21-\x7e]+")


def link_style(url: str) -> Style:
    """A link the terminal can open (OSC 8, where it supports them), for a URL made only of
    printable ASCII: anything else stays plain text, never part of an escape sequence."""
    return Style(link=url, underline=True) if _safe_url().fullmatch(url) else Style()


MATCH_STYLE = Style(bold=True, reverse=True)
"""A search match, on the screen and in the commands' output: reverse video reads in
every palette (seen: mlterm drew black on yellow as dark red on red), in 16 colours and in
monochrome; whole words, so it lands exactly after reordering."""
CURRENT_MATCH_STYLE = MATCH_STYLE + Style(underline=True)
"""The match n and N are at: underlined as well, a mark that needs no colour."""


def highlighted(
    text: str,
    spans: Sequence[tuple[int, int]],
    style: Style | str = "",
    current: tuple[int, int] | None = None,
) -> Text:
    """`text` with search hits (`spans`) marked, in logical order, its bidi controls closed
    at its end (`content_piece`): the screen and the commands show matches alike. The
    `current` match (the one n and N are at) is underlined too."""
    result = Text(text)
    if style:
        result.stylize(style)  # a span, not the base style: spans follow the characters
    for start, end in spans:
        result.stylize(CURRENT_MATCH_STYLE if (start, end) == current else MATCH_STYLE, start, end)
    # content's own bidi controls end with it: nothing printed after it is reordered
    return content_piece_text(result)


def layout_text(
    text: Text, width: int, base: Base = "rtl", *, keep_harakat: bool = True
) -> list[Text]:
    """Lay styled text out as visual lines, so highlights land on the right cells."""
    return list(_styled_lines(text, width, base, keep_harakat))


def visual_text(text: Text, base: Base = "auto", *, keep_harakat: bool = True) -> Text:
    """Shape and reorder short styled text for one row (no wrapping)."""
    lines = list(_styled_lines(text, None, base, keep_harakat))
    if len(lines) == 1:
        return lines[0]
    result = text.blank_copy()
    for index, line in enumerate(lines):
        if index:
            result.append("\n")
        result.append_text(line)
    return result


def _styled_lines(text: Text, width: int | None, base: Base, keep_harakat: bool) -> Iterable[Text]:
    """Yield visual lines for every paragraph of `text`."""
    plain = text.plain
    for start, end in paragraph_ranges(plain):
        paragraph = layout_paragraph(plain[start:end], width, base, keep_harakat=keep_harakat)
        spans = _local_spans(text.spans, start, end, paragraph.removed)
        for pieces in paragraph.lines:
            yield _render(text, paragraph.text, pieces, spans)


def _local_spans(
    spans: Iterable[Span], start: int, end: int, removed: Sequence[int]
) -> list[_LocalSpan]:
    """Clip spans to one paragraph and move them past the characters removed from it."""
    local: list[_LocalSpan] = []
    for span in spans:
        lo, hi = max(span.start, start) - start, min(span.end, end) - start
        if hi > lo:
            lo, hi = map_offset(removed, lo), map_offset(removed, hi)
            if hi > lo:
                local.append((lo, hi, span.style))
    return local


def _render(template: Text, source: str, pieces: Sequence[Piece], spans: list[_LocalSpan]) -> Text:
    """Build one visual line, mapping each span onto the pieces it overlaps."""
    if pieces:
        line_lo = min(piece.start for piece in pieces)
        line_hi = max(piece.end for piece in pieces)
        spans = [span for span in spans if span[0] < line_hi and span[1] > line_lo]
    parts: list[str] = []
    visual_spans: list[Span] = []
    offset = 0
    for piece in pieces:
        parts.append(render_piece(source, piece))
        for lo, hi, style in spans:
            lo, hi = max(lo, piece.start), min(hi, piece.end)
            if lo >= hi:
                continue
            if piece.rtl:
                visual_spans.append(Span(offset + piece.end - hi, offset + piece.end - lo, style))
            else:
                visual_spans.append(
                    Span(offset + lo - piece.start, offset + hi - piece.start, style)
                )
        offset += piece.end - piece.start
    line = template.blank_copy("".join(parts))
    line.spans = visual_spans
    return line
