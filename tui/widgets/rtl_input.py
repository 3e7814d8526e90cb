"""Text fields that show right-to-left text the right way round (search, command palette)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from textual.strip import Strip

from tui.rtl import direction
from tui.widgets.rtl_text import BidiContext, one_line

_UNTYPEABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What a query or a command never holds: controls, line breaks, bidi embeddings, overrides
and isolates."""

if TYPE_CHECKING:
    from textual.widgets import Input

    _InputBase = Input
else:
    _InputBase = object  # a plain mixin: Textual's CSS type names follow the Input class after it


class RtlInput(_InputBase):
    """Drawing for an Input: text, placeholder and cursor through the RTL engine. Mixed in
    before the Input class it draws (`class SearchField(RtlInput, Input)`); not a widget
    itself, so that class keeps its own CSS type (`CommandInput` for the palette's field).

    Typing stays logical (the value is what was typed); only the drawing is visual, with the
    cursor and selection styles attached to characters before reordering so they land on the
    right cells. In right-to-left text the arrow keys move the cursor the way they point.
    """

    context = BidiContext()
    """How text meets this terminal (set by the owner: mode and the UI's direction)."""

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing and pasting go through here: controls, bidi embeddings and overrides are
        left out (pasted, they reached the terminal raw: C1 controls, an RLO)."""
        super().replace(_UNTYPEABLE.sub("", text), start, end)

    def _is_rtl(self) -> bool:
        text = self.value or self.placeholder
        return self.context.mode != "off" and direction(text, default=self.context.base) == "rtl"

    def render_line(self, y: int) -> Strip:
        """Draw the line in visual order, right-aligned when the text is right-to-left."""
        if y != 0 or not self._is_rtl():
            return super().render_line(y)
        width = self.scrollable_content_region.width
        if self.value:
            logical = Text(self.value, end="")
            if self.has_focus and not self.selection.is_empty:
                start, end = sorted(self.selection)
                logical.stylize(self.get_component_rich_style("input--selection"), start, end)
        else:
            logical = Text(self.placeholder, end="")
            logical.stylize(self.get_component_rich_style("input--placeholder"))
        if self.has_focus and self._cursor_visible:
            cursor = self.cursor_position if self.value else 0
            if cursor >= len(logical.plain):
                logical.append(" ")
            logical.stylize(self.get_component_rich_style("input--cursor"), cursor, cursor + 1)
        visual = one_line(logical, self.context, "rtl")
        visual.truncate(width)
        visual.pad_left(max(0, width - visual.cell_len))
        console: Console = self.app.console
        segments = list(console.render(visual, self.app.console_options.update_width(width)))
        return Strip(segments).crop(0, width).apply_style(self.rich_style)

    def action_cursor_left(self, select: bool = False) -> None:
        """Left moves toward the end of right-to-left text."""
        if self._is_rtl():
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        """Right moves toward the start of right-to-left text."""
        if self._is_rtl():
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)
