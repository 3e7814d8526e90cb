"""Textual glue for the RTL engine: a Visual and a widget that lay text out at draw time.

Textual and Rich know nothing of text direction. Everything that shows content or UI text
goes through `BidiBlock`, a Textual `Visual` that wraps the *logical* text at the width it
is given, turns each line into what the terminal needs (see `tui.rtl`: visual and shaped,
or logical and isolated for terminals that apply bidi themselves) and aligns it to the
paragraph's start side. Its lines are never wider than the width, so Textual never wraps
them again, and its height comes from the engine's line count without laying it out (an
`OptionList` of thousands of rows measures each one).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Literal, NamedTuple

from rich import get_console
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from tui.rtl import BidiMode, count_lines, direction, display_line, display_lines
from tui.rtl.layout import fits_one_line

Base = Literal["rtl", "ltr", "auto"]
Justify = Literal["start", "end", "center"]


class BidiContext(NamedTuple):
    """How text meets this terminal: the engine mode and the UI language's direction."""

    mode: BidiMode = "app"
    rtl: bool = True

    @property
    def base(self) -> Literal["rtl", "ltr"]:
        """The paragraph direction the UI language implies."""
        return "rtl" if self.rtl else "ltr"


def as_text(text: str | Text) -> Text:
    """A Rich Text for `text`, never parsed as markup (content is data, not markup)."""
    return text.copy() if isinstance(text, Text) else Text(text)


LAYOUT_CACHE_SIZE = 8192
_LAYOUT_CACHE: LRUCache[tuple[object, ...], list[Text]] = LRUCache(LAYOUT_CACHE_SIZE)
"""Laid-out paragraphs kept across blocks: a list row that comes back (a filter toggled off
again, a language toggled back) is not laid out a second time."""


@lru_cache(maxsize=LAYOUT_CACHE_SIZE)
def _line_count(plain: str, width: int, base: Literal["rtl", "ltr"], mode: BidiMode) -> int:
    """`count_lines`, remembered: a row's height is asked for on every relayout."""
    return count_lines(plain, width, base, mode)


def _laid_out(text: Text, width: int, base: Literal["rtl", "ltr"], mode: BidiMode) -> list[Text]:
    """`display_lines`, remembered by content, styles and width (the lines are never mutated)."""
    key = (text.plain, tuple(text.spans), text.style, width, base, mode)
    lines = _LAYOUT_CACHE.get(key)
    if lines is None:
        lines = display_lines(text, width, base, mode)
        _LAYOUT_CACHE[key] = lines
    return lines


class BidiBlock(Visual):
    """One or more paragraphs laid out right-to-left or left-to-right, as a Textual Visual."""

    def __init__(
        self,
        text: str | Text,
        context: BidiContext,
        *,
        base: Base = "auto",
        justify: Justify = "start",
        style: Style | str = "",
        copy: bool = True,
        hang: Text | None = None,
    ) -> None:
        # `copy=False`: the caller built `text` for this block and will not change it.
        self.text = text if isinstance(text, Text) and not copy else as_text(text)
        self.context = context
        self.hang = hang if context.mode == "app" else None
        """A short lead (a list row's key) on the start side of the first line, the text's
        lines beside it: a hanging indent. Only where the app orders text: a terminal that
        reorders a row would move the lead into the text."""
        if hang is not None and self.hang is None:
            self.text = hang + self.text
        self.base: Literal["rtl", "ltr"] = (
            context.base
            if base == "auto" and not self.text.plain.strip()
            else (direction(self.text.plain, default=context.base) if base == "auto" else base)
        )
        self.justify = justify
        self.style = style
        self._lines: dict[int, list[Text]] = {}
        self._rows: dict[int, list[list[Segment]]] = {}

    def _hang_width(self, width: int) -> int:
        """Cells the lead takes (none when it would leave the text no room)."""
        lead = self.hang.cell_len if self.hang is not None else 0
        return lead if 0 < lead <= width // 2 else 0

    def lines(self, width: int) -> list[Text]:
        """The display lines at `width` cells, each no wider than `width` (kept per width:
        Textual renders a block once to measure its height and again to draw it)."""
        width = max(1, width)
        lines = self._lines.get(width)
        if lines is None:
            lines = self._lines[width] = self._lay_out(width)
        return lines

    def _lay_out(self, width: int) -> list[Text]:
        hang = self._hang_width(width)
        if self.hang is None or not hang:
            text = self.hang + self.text if self.hang is not None else self.text
            return _laid_out(text, width, self.base, self.context.mode)
        body = _laid_out(self.text, width - hang, self.base, self.context.mode)
        lead = one_line(self.hang, self.context, self.base)
        blank = Text(" " * hang)
        lines = []
        for number, line in enumerate(body):
            side = lead if number == 0 else blank
            # the lead on the start side; the line beside it, against it
            gap = Text(" " * (width - hang - line.cell_len))
            lines.append(gap + line + side if self.base == "rtl" else side + line + gap)
        return lines

    def line_count(self, width: int) -> int:
        """How many lines `lines(width)` has, found without laying them out (row heights)."""
        width = max(1, width)
        lines = self._lines.get(width)
        if lines is not None:
            return len(lines)
        hang = self._hang_width(width)
        plain = self.text.plain if hang else self.full_plain
        if fits_one_line(plain, width - hang):
            return 1
        return _line_count(plain, width - hang, self.base, self.context.mode)

    @property
    def full_plain(self) -> str:
        """The logical text shown, lead included."""
        return self.hang.plain + self.text.plain if self.hang is not None else self.text.plain

    def _side(self) -> Literal["left", "right", "center"]:
        if self.justify == "center":
            return "center"
        start_is_right = self.base == "rtl" and self.context.mode != "off"
        at_start = self.justify == "start"
        return "right" if start_is_right == at_start else "left"

    def rows(self, console: Console, width: int) -> list[list[Segment]]:
        """Each line's segments, aligned and padded to exactly `width` cells (kept per width:
        Textual renders a block many times)."""
        rows = self._rows.get(width)
        if rows is None:
            rows = self._rows[width] = list(self._render(console, width))
        return rows

    def _render(self, console: Console, width: int) -> Iterator[list[Segment]]:
        side = self._side()
        style = console.get_style(self.style) if self.style else Style()
        for line in self.lines(width):
            row: list[Segment] = []
            gap = max(0, width - line.cell_len)
            left = gap if side == "right" else gap // 2 if side == "center" else 0
            if left:
                row.append(Segment(" " * left, style))
            row.extend(line.render(console, ""))
            right = gap - left
            if right:
                row.append(Segment(" " * right, style))
            yield row

    def strips(self, width: int, style: VisualStyle) -> list[Strip]:
        """The lines at `width` cells drawn over `style` (the widget's, or a list row's).

        Rich's global console only resolves the spans' style names (Textual's has the same
        default theme)."""
        base = style.rich_style
        add = base.__add__
        return [
            Strip([Segment(text, add(own), control) for text, own, control in row], width)
            for row in self.rows(get_console(), width)
        ]

    # -- the Visual protocol -------------------------------------------------------------------

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        """Draw for Textual (a widget's `render`, an `OptionList`'s option)."""
        strips = self.strips(width, style)
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The longest paragraph, lead included (a widget of `width: auto`)."""
        longest = max((len(p) for p in self.full_plain.split("\n")), default=0)
        lead = self.hang.cell_len if self.hang is not None else 0
        return min(container_width, max(1, self.text.cell_len + lead, longest))

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines at `width`, counted without laying the text out."""
        return self.line_count(width)


def one_line(text: str | Text, context: BidiContext, base: Base = "auto") -> Text:
    """A short string (a title, a notification, a hint) ready to print on one row."""
    return display_line(as_text(text), context.base if base == "auto" else base, context.mode)


class BidiText(Widget):
    """A block of text that lays itself out for the current width and text direction."""

    DEFAULT_CSS = """
    BidiText { height: auto; width: 1fr; }
    """

    def __init__(
        self,
        text: str | Text = "",
        context: BidiContext | None = None,
        *,
        base: Base = "auto",
        justify: Justify = "start",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._body = as_text(text)
        self._bidi = context or BidiContext()
        self._base: Base = base
        self._justify: Justify = justify

    @property
    def plain(self) -> str:
        """The logical text shown (for copying and tests)."""
        return self._body.plain

    def update(
        self, text: str | Text, context: BidiContext | None = None, base: Base | None = None
    ) -> None:
        """Show new text (and optionally a new direction context).

        Text that breaks the same way (same characters, direction and mode, only styles
        changed) repaints without a layout pass: the screen is not reflowed for a recolour.
        """
        body = as_text(text)
        bidi = self._bidi if context is None else context
        new_base = self._base if base is None else base
        same_lines = (
            body.plain == self._body.plain and bidi == self._bidi and new_base == self._base
        )
        if same_lines and body.spans == self._body.spans and body.style == self._body.style:
            return
        old_lines = self._line_count()
        self._body, self._bidi, self._base = body, bidi, new_base
        # New text of as many lines at the same width keeps the widget's size: repaint it,
        # without a layout pass for the whole screen.
        self.refresh(
            layout=not same_lines and (old_lines is None or old_lines != self._line_count())
        )

    def _line_count(self) -> int | None:
        """Lines at the current width, when the width does not depend on the text."""
        width = self.content_region.width
        if width <= 0 or self.styles.width is None or self.styles.width.is_auto:
            return None
        return self.render().line_count(width)

    def render(self) -> BidiBlock:
        """Lay out at render time, so a resize re-wraps the logical text."""
        return BidiBlock(self._body, self._bidi, base=self._base, justify=self._justify)
