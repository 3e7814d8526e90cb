"""The theme panel: every theme with its solution count; pick several to narrow the list."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import ui
from tui.model import Lang, Store
from tui.rtl.chars import content_piece
from tui.widgets.rtl_text import BidiBlock, BidiContext, one_line

CHECKED = "■"
UNCHECKED = "□"


class ThemeFilter(OptionList):
    """An OptionList of themes; Enter, space or a click toggles one."""

    BINDINGS = [
        Binding("space", "toggle_theme", ui("key.themes", "en"), id="theme-toggle", show=False),
    ]

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
        options = []
        for theme in store.themes:
            text = Text()
            on = theme.id in active
            text.append(CHECKED if on else UNCHECKED, style="bold green" if on else "dim")
            text.append(" ")
            text.append(content_piece(theme.label.get(lang)), style="bold" if on else "")
            text.append(f" ({counts.get(theme.id, 0)})", style="dim")
            options.append(Option(BidiBlock(text, context, base=context.base), id=theme.id))
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(options)
            if options:
                self.highlighted = min(keep or 0, len(options) - 1)
        self.border_title = one_line(ui("filter.title", lang), context)

    def action_toggle_theme(self) -> None:
        """Toggle the highlighted theme."""
        if self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if option.id is not None:
                self.post_message(self.Toggled(option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click toggles the theme."""
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Toggled(event.option.id))
