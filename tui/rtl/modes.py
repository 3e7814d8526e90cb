"""Bidi modes: who puts right-to-left text in order, the app or the terminal.

* `app`: the engine sends shaped text in visual order (xterm, kitty, tmux; VTE, mlterm and
  Konsole with their own bidi switched off).
* `terminal`: the terminal reorders each row itself and nothing switches that off
  (Terminal.app; VTE or mlterm behind tmux without passthrough). The engine sends logical
  text, shaped, each pane row wrapped in an isolate (RLI/LRI/FSI ... PDI) with an LRM at
  the pane edge, so two panes on one screen row never merge into one bidi paragraph.
* `off`: logical text, untouched (debugging, or a terminal that cannot show Arabic).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from rich.text import Span, Text

from tui.rtl.chars import (
    FSI,
    LRI,
    LRM,
    PDI,
    RLI,
    Base,
    close_bidi,
    delete_from_text,
    printable,
    printable_text,
    stray_pdis,
)
from tui.rtl.layout import line_count, paragraph_ranges
from tui.rtl.shaping import shape_arabic
from tui.rtl.styled import layout_text, visual_text
from tui.rtl.wrap import wrap_ranges

Mode = Literal["app", "terminal", "off"]
"""Who orders bidi text: the engine (`app`), the terminal, or nobody (`off`)."""

MODES: tuple[Mode, ...] = ("app", "terminal", "off")

_OPENERS = {"rtl": RLI, "ltr": LRI, "auto": FSI}
_ISOLATE_OPENERS = frozenset(LRI + RLI + FSI)


def isolate_row(text: Text, base: Base = "auto") -> Text:
    """Wrap one logical row as PDI + LRM + isolate ... PDI, so a bidi terminal keeps it in its pane.

    Control characters are made visible (`printable`); embeddings and overrides left open
    inside the row end at its closing PDI (UAX #9 rule X6a).
    """
    text = printable_text(text)
    stray = stray_pdis(text.plain)  # a PDI with no opener would close the row's isolate
    if stray:
        text = delete_from_text(text, stray)
    plain = text.plain
    unclosed = sum(map(plain.count, _ISOLATE_OPENERS)) - plain.count(PDI)
    # The leading PDI closes an isolate that a row drawn under an overlay (a toast, a
    # dialog) lost its own PDI to when Textual cropped it; where nothing is open it is
    # ignored (UAX #9 X6a).
    prefix = PDI + LRM + _OPENERS[base]
    wrapped = text.blank_copy(prefix + plain + PDI * (unclosed + 1))
    shift = len(prefix)
    wrapped.spans = [Span(s.start + shift, s.end + shift, s.style) for s in text.spans]
    return wrapped


def for_bidi_terminal(text: Text, base: Base = "auto") -> Text:
    """Logical text shaped for a terminal that reorders rows itself (VTE or mlterm that
    cannot be switched off, as behind tmux without passthrough; Terminal.app): presentation
    forms, which such a terminal leaves alone (Terminal.app does not join letters), still
    in logical order. Brackets are sent as they are: these terminals mirror them (rule L4;
    seen in VTE: brackets sent mirrored came out turned twice). Styles stay on their
    characters."""
    return _reshaped(text, *shape_arabic(text.plain))


def _reshaped(text: Text, shaped: str, removed: list[int]) -> Text:
    """`text` as `shaped`, which shaping made of it removing the characters at `removed`."""
    spans = delete_from_text(text, removed).spans if removed else list(text.spans)
    result = text.blank_copy(shaped)
    result.spans = spans
    return result


def display_line(text: Text, base: Base = "auto", mode: Mode = "app") -> Text:
    """Make one row ready for the screen in the current bidi mode (one call for widgets).

    Whatever the mode, control characters come out as visible symbols, never raw.
    """
    if mode == "app":
        return visual_text(text, base)
    if mode == "terminal":
        return isolate_row(for_bidi_terminal(text, base), base)
    # off: as it is, but what content opens ends with the row (an RLO would reverse the
    # rest of the terminal's row)
    return close_bidi(printable_text(text))


def display_lines(
    text: Text, width: int, base: Base = "rtl", mode: Mode = "app", *, keep_harakat: bool = True
) -> list[Text]:
    """Wrap a paragraph for a pane of `width` cells in the current bidi mode.

    Whatever the mode, control characters come out as visible symbols, never raw.
    """
    if mode == "app":
        return layout_text(text, width, base, keep_harakat=keep_harakat)
    rows = _logical_rows(text, width, mode)
    if mode == "terminal":
        return [isolate_row(row, base) for row in rows]
    return [close_bidi(row) for row in rows]


class _Paragraph(NamedTuple):
    """One paragraph as terminal and off modes send it, and where its rows break."""

    start: int
    end: int
    """Where it is in the text (printable, separators kept)."""
    sent: str
    """What is sent: shaped in terminal mode, as it is in off mode."""
    removed: list[int]
    """Indices of the paragraph that shaping removed (a merged alef, a ZWJ)."""
    rows: list[tuple[int, int]]
    """Each row's range in `sent`."""


def _logical_paragraphs(plain: str, width: int, mode: Mode) -> list[_Paragraph]:
    """The paragraphs of printable `plain` in logical order (terminal and off modes), each
    wrapped on what is sent: in terminal mode shaped before it is wrapped (shaping can
    change a width: it drops a ZWJ next to an Arabic letter, and Rich counts "ZWJ +
    letter" as one cell)."""
    paragraphs: list[_Paragraph] = []
    for start, end in paragraph_ranges(plain):
        sent = plain[start:end]
        removed: list[int] = []
        if mode == "terminal":
            sent, removed = shape_arabic(sent)
        paragraphs.append(_Paragraph(start, end, sent, removed, wrap_ranges(sent, width)))
    return paragraphs


def _logical_rows(text: Text, width: int, mode: Mode) -> list[Text]:
    """The rows of `text` in logical order (terminal and off modes), styles on their characters."""
    text = printable_text(text, keep_breaks=True)
    rows: list[Text] = []
    for paragraph in _logical_paragraphs(text.plain, width, mode):
        sent = text[paragraph.start : paragraph.end]
        if mode == "terminal":
            sent = _reshaped(sent, paragraph.sent, paragraph.removed)
        cuts = [cut for row in paragraph.rows for cut in row]
        rows.extend(sent.divide(cuts)[1::2])  # one pass: a slice a row copies the paragraph
    return rows


def count_lines(
    plain: str,
    width: int,
    base: Base = "rtl",
    mode: Mode = "app",
    *,
    keep_harakat: bool = True,
) -> int:
    """`len(display_lines(...))` for a Text's plain text, without the reordering and
    styling (for row heights)."""
    if mode == "app":
        return line_count(plain, width, base, keep_harakat=keep_harakat)
    paragraphs = _logical_paragraphs(printable(plain, keep_breaks=True), width, mode)
    return sum(len(paragraph.rows) for paragraph in paragraphs)
