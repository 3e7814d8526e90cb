"""The help screen: every key, in the current language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tui import keyboard
from tui.i18n import ui
from tui.keyboard import KeySetup
from tui.model import Department, Lang
from tui.paths import DIALOG_CSS
from tui.problems import shown
from tui.rtl.chars import LRI, PDI, content_piece
from tui.widgets.key_bar import direction_mark, key_label, key_text
from tui.widgets.rtl_text import BidiContext, BidiText

HELP_SECTIONS: list[tuple[str | None, list[Binding]]] = [
    (None, [*keyboard.APP, *keyboard.MAIN, *keyboard.HELP]),
    ("help.section.search", keyboard.SEARCH),
    ("help.section.themes", keyboard.THEME_PANEL),
    ("help.section.matrix", [*keyboard.MATRIX, keyboard.MATRIX_OPEN]),
    ("help.section.pins", keyboard.PINS),
]
"""What help lists: a heading (None: the main keys), then its keys."""


def help_text(
    keys: KeySetup,
    departments: Sequence[Department],
    lang: Lang,
    context: BidiContext,
) -> Text:
    """The key table as text: key (and what an Arabic layout sends on it), then what it does,
    section by section; then the department jump keys."""
    mark = direction_mark(context)
    text = Text()

    def row(key: str, what: str) -> None:
        text.append(key_text(key) + " " * (7 - len(key)), style="bold")
        text.append(mark + "  ")
        text.append(what)
        text.append("\n")

    for heading, bindings in HELP_SECTIONS:
        if heading is not None:
            text.append("\n")
            text.append(ui(heading, lang), style="bold underline")
            text.append("\n")
        for binding in keyboard.rebound(bindings, keys.keys):
            row(key_label(binding, keys.used), ui(f"key.{binding.id}", lang))
    text.append("\n")
    text.append(ui("help.jump", lang), style="bold underline")
    text.append("\n")
    for department in departments:
        key = department.key
        if key is not None:  # a longer key as typed (a Binding would split it at a comma)
            label = key_label(Binding(key, ""), keys.used) if len(key) == 1 and key != "," else key
            row(label, content_piece(department.name.get(lang)))
    if keys.path is not None:
        text.append("\n\n")
        text.append(ui("help.keymap", lang, path=LRI + shown(str(keys.path)) + PDI), style="dim")
    text.rstrip()
    return text


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; Escape, q or ? closes it."""

    CSS_PATH = DIALOG_CSS

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.HELP]

    def __init__(
        self,
        keys: KeySetup,
        departments: Sequence[Department],
        lang: Lang,
        context: BidiContext,
    ) -> None:
        super().__init__(classes="-rtl" if context.rtl else "-ltr")
        self._keys = help_text(keys, departments, lang, context)
        self._title = ui("help.title", lang)
        self._footer = ui("help.close", lang)
        self._bidi = context

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield BidiText(self._title, self._bidi, base=self._bidi.base, classes="title")
            yield BidiText(self._keys, self._bidi, base=self._bidi.base)
            yield BidiText(self._footer, self._bidi, base=self._bidi.base, classes="muted")
