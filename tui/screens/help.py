"""The help screen: every key, in the current language."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tui.i18n import ui
from tui.model import Department, Lang
from tui.paths import DIALOG_CSS
from tui.rtl.chars import content_piece
from tui.widgets.key_bar import direction_mark, key_label
from tui.widgets.rtl_text import BidiContext, BidiText


def help_text(
    bindings: Sequence[Binding],
    departments: Sequence[Department],
    lang: Lang,
    context: BidiContext,
) -> Text:
    """The key table as text: key, then what it does; then the department jump keys."""
    mark = direction_mark(context)
    text = Text()
    seen: set[str] = set()
    for binding in bindings:
        if binding.id is None or binding.id in seen:
            continue
        seen.add(binding.id)
        text.append(f"{key_label(binding):<6}", style="bold")
        text.append(mark + "  ")
        text.append(ui(f"key.{binding.id}", lang))
        text.append("\n")
    text.append("\n")
    text.append(ui("help.jump", lang), style="bold underline")
    for department in departments:
        text.append("\n")
        text.append(f"{department.key:<6}", style="bold")
        text.append(mark + "  ")
        text.append(content_piece(department.name.get(lang)))
    return text


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; Escape, q or ? closes it."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("escape,question_mark,q", "app.pop_screen", ui("key.back", "en"), id="back"),
        Binding("b", "app.calibrate", ui("key.calibrate", "en"), id="calibrate"),
    ]

    def __init__(
        self,
        bindings: Sequence[Binding],
        departments: Sequence[Department],
        lang: Lang,
        context: BidiContext,
    ) -> None:
        super().__init__(classes="-rtl" if context.rtl else "-ltr")
        self._keys = help_text(bindings, departments, lang, context)
        self._title = ui("help.title", lang)
        self._footer = ui("help.close", lang)
        self._bidi = context

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield BidiText(self._title, self._bidi, base=self._bidi.base, classes="title")
            yield BidiText(self._keys, self._bidi, base=self._bidi.base)
            yield BidiText(self._footer, self._bidi, base=self._bidi.base, classes="muted")
