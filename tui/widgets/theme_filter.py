"""The theme panel: every theme with its solution count; pick several to narrow the list."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.message import Message

from tui import keyboard
from tui.i18n import ui
from tui.model import Lang, Store
from tui.rtl.chars import content_piece
from tui.widgets.bidi_list import BidiList, Item
from tui.widgets.rtl_text import BidiBlock, BidiContext, one_line

CHECKED = "■"
UNCHECKED = "□"


class ThemeFilter(BidiList):
    """The themes, one row each; Enter, space or a click toggles one."""

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.THEME_PANEL]

    class Toggled(Message):
        """A theme was picked or unpicked."""

        def __init__(self, theme_id: str) -> None:
            self.theme_id = theme_id
            super().__init__()

    def show(
        self,
        store: Store,
        counts: dict[str, int],
        active: frozenset[str],
        lang: Lang,
        context: BidiContext,
    ) -> None:
        """Redraw the themes, keeping the highlight on the same theme."""
        keep = self.highlighted
        items = []
        for theme in store.themes:
            text = Text()
            on = theme.id in active
            text.append(CHECKED if on else UNCHECKED, style="bold green" if on else "dim")
            text.append(" ")
            text.append(content_piece(theme.label.get(lang)), style="bold" if on else "")
            text.append(f" ({counts.get(theme.id, 0)})", style="dim")
            items.append(Item(BidiBlock(text, context, base=context.base), id=theme.id))
        self.set_items(items, highlight=keep or 0)
        self.border_title = one_line(ui("filter.title", lang), context)

    def action_toggle_theme(self) -> None:
        """Toggle the highlighted theme."""
        item = self.highlighted_item
        if item is not None and item.id is not None:
            self.post_message(self.Toggled(item.id))

    @on(BidiList.Selected)
    def _selected(self, event: BidiList.Selected) -> None:
        """Enter or a click toggles the theme."""
        event.stop()
        if event.item.id is not None:
            self.post_message(self.Toggled(event.item.id))
