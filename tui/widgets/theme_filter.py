"""The theme panel: every theme with its solution count; pick several to narrow the list."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui import keyboard
from tui.i18n import ui
from tui.model import Lang, Store
from tui.rtl.chars import content_piece
from tui.widgets.rtl_text import BidiBlock, BidiContext, one_line

CHECKED = "■"
UNCHECKED = "□"


class ThemeFilter(OptionList):
    """The themes, one row each; Enter, space or a click toggles one."""

    DEFAULT_CSS = """
    ThemeFilter {
        height: 50%;
        border: round $accent;
        &:focus { border: round $accent; }
        &.-rtl { border-title-align: right; }
    }
    """

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
        options = []
        for theme in store.themes:
            text = Text()
            on = theme.id in active
            text.append(CHECKED if on else UNCHECKED, style="bold green" if on else "dim")
            text.append(" ")
            text.append(content_piece(theme.label.get(lang)), style="bold" if on else "")
            text.append(f" ({counts.get(theme.id, 0)})", style="dim")
            options.append(Option(BidiBlock(text, context, base=context.base), theme.id))
        self.set_options(options)
        self.highlighted = keep or 0
        self.border_title = one_line(ui("filter.title", lang), context)
        self.set_class(context.rtl, "-rtl")

    def action_toggle_theme(self) -> None:
        """Toggle the highlighted theme."""
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.post_message(self.Toggled(option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click toggles the theme."""
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Toggled(event.option.id))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the highlight is the panel's own business
