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

from typing import Literal, TypeVar, overload

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
    delete_positions,
    printable,
    printable_text,
    stray_pdis,
)
from tui.rtl.layout import layout, line_count, paragraph_ranges, visual_string
from tui.rtl.shaping import shape_arabic
from tui.rtl.styled import layout_text, visual_text
from tui.rtl.wrap import wrap_ranges

Mode = Literal["app", "terminal", "off"]
"""Who orders bidi text: the engine (`app`), the terminal, or nobody (`off`)."""

MODES: tuple[Mode, ...] = ("app", "terminal", "off")

_OPENERS = {"rtl": RLI, "ltr": LRI, "auto": FSI}
_ISOLATE_OPENERS = frozenset(LRI + RLI + FSI)


@overload
def visual_line(text: str, base: Base = "auto", *, keep_harakat: bool = True) -> str: ...
@overload
def visual_line(text: Text, base: Base = "auto", *, keep_harakat: bool = True) -> Text: ...
def visual_line(text: str | Text, base: Base = "auto", *, keep_harakat: bool = True) -> str | Text:
    """Shape and reorder one short row (title, list row, hint, input), without wrapping."""
    if isinstance(text, Text):
        return visual_text(text, base, keep_harakat=keep_harakat)
    return visual_string(text, base, keep_harakat)


@overload
def isolate_row(text: str, base: Base = "auto") -> str: ...
@overload
def isolate_row(text: Text, base: Base = "auto") -> Text: ...
def isolate_row(text: str | Text, base: Base = "auto") -> str | Text:
    """Wrap one logical row as PDI + LRM + isolate ... PDI, so a bidi terminal keeps it in its pane.

    Control characters are made visible (`printable`); embeddings and overrides left open
    inside the row end at its closing PDI (UAX #9 rule X6a).
    """
    text = printable_text(text) if isinstance(text, Text) else printable(text)
    plain = text.plain if isinstance(text, Text) else text
    stray = stray_pdis(plain)  # a PDI with no opener would close the row's isolate
    if stray:
        text = (
            delete_from_text(text, stray)
            if isinstance(text, Text)
            else delete_positions(text, stray)
        )
        plain = text.plain if isinstance(text, Text) else text
    unclosed = sum(map(plain.count, _ISOLATE_OPENERS)) - plain.count(PDI)
    # The leading PDI closes an isolate that a row drawn under an overlay (a toast, a
    # dialog) lost its own PDI to when Textual cropped it; where nothing is open it is
    # ignored (UAX #9 X6a).
    prefix = PDI + LRM + _OPENERS[base]
    suffix = PDI * (unclosed + 1)
    if isinstance(text, Text):
        wrapped = text.blank_copy(prefix + text.plain + suffix)
        shift = len(prefix)
        wrapped.spans = [Span(s.start + shift, s.end + shift, s.style) for s in text.spans]
        return wrapped
    return prefix + text + suffix


@overload
def for_bidi_terminal(text: str, base: Base = "auto") -> str: ...
@overload
def for_bidi_terminal(text: Text, base: Base = "auto") -> Text: ...
def for_bidi_terminal(text: str | Text, base: Base = "auto") -> str | Text:
    """Logical text shaped for a terminal that reorders rows itself (VTE or mlterm that
    cannot be switched off, as behind tmux without passthrough; Terminal.app): presentation
    forms, which such a terminal leaves alone (Terminal.app does not join letters), still
    in logical order. Brackets are sent as they are: these terminals mirror them (rule L4;
    seen in VTE: brackets sent mirrored came out turned twice). Styles stay on their
    characters."""
    plain = text.plain if isinstance(text, Text) else text
    shaped, removed = shape_arabic(plain)
    if isinstance(text, Text):
        result = delete_from_text(text, removed) if removed else text.copy()
        spans = result.spans
        result = result.blank_copy(shaped)
        result.spans = spans
        return result
    return shaped


@overload
def prepare_line(text: str, base: Base = "auto", mode: Mode = "app") -> str: ...
@overload
def prepare_line(text: Text, base: Base = "auto", mode: Mode = "app") -> Text: ...
def prepare_line(text: str | Text, base: Base = "auto", mode: Mode = "app") -> str | Text:
    """Make one row ready for the screen in the current bidi mode (one call for widgets).

    Whatever the mode, control characters come out as visible symbols, never raw.
    """
    if mode == "app":
        return visual_line(text, base)
    if mode == "terminal":
        return isolate_row(for_bidi_terminal(text, base), base)
    # off: as it is, but what content opens ends with the row (an RLO would reverse the
    # rest of the terminal's row)
    return close_bidi(printable_text(text) if isinstance(text, Text) else printable(text))


@overload
def prepare_lines(
    text: str, width: int, base: Base = "rtl", mode: Mode = "app", *, keep_harakat: bool = True
) -> list[str]: ...
@overload
def prepare_lines(
    text: Text, width: int, base: Base = "rtl", mode: Mode = "app", *, keep_harakat: bool = True
) -> list[Text]: ...
def prepare_lines(
    text: str | Text,
    width: int,
    base: Base = "rtl",
    mode: Mode = "app",
    *,
    keep_harakat: bool = True,
) -> list[str] | list[Text]:
    """Wrap a paragraph for a pane of `width` cells in the current bidi mode.

    Whatever the mode, control characters come out as visible symbols, never raw.
    """
    if mode == "app":
        if isinstance(text, Text):
            return layout_text(text, width, base, keep_harakat=keep_harakat)
        return layout(text, width, base, keep_harakat=keep_harakat)
    if isinstance(text, Text):
        rows = _logical_rows(text, width, base, mode)
        if mode == "terminal":
            return [isolate_row(row, base) for row in rows]
        return [close_bidi(row) for row in rows]
    lines = _logical_rows(text, width, base, mode)
    if mode == "terminal":
        return [isolate_row(line, base) for line in lines]
    return [close_bidi(line) for line in lines]


_Logical = TypeVar("_Logical", str, Text)


def _logical_rows(text: _Logical, width: int, base: Base, mode: Mode) -> list[_Logical]:
    """The rows of `text` in logical order (terminal and off modes), wrapped on what is
    sent: printable, and in terminal mode shaped and mirrored paragraph by paragraph
    before it is wrapped (shaping can change a width: it drops a ZWJ next to an Arabic
    letter, and Rich counts "ZWJ + letter" as one cell)."""
    if isinstance(text, Text):
        text = printable_text(text, keep_breaks=True)
    else:
        text = printable(text, keep_breaks=True)
    rows: list[_Logical] = []
    for start, end in paragraph_ranges(text.plain if isinstance(text, Text) else text):
        paragraph = text[start:end]
        if mode == "terminal":
            paragraph = for_bidi_terminal(paragraph, base)
        measured = paragraph.plain if isinstance(paragraph, Text) else paragraph
        rows.extend(paragraph[a:b] for a, b in wrap_ranges(measured, width))
    return rows


def count_lines(
    text: str | Text,
    width: int,
    base: Base = "rtl",
    mode: Mode = "app",
    *,
    keep_harakat: bool = True,
) -> int:
    """`len(prepare_lines(...))`, without the reordering and styling (for row heights)."""
    plain = text.plain if isinstance(text, Text) else text
    if mode == "app":
        return line_count(plain, width, base, keep_harakat=keep_harakat)
    return len(_logical_rows(plain, width, base, mode))
