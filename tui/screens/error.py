"""The error screen: why the store could not be (re)loaded, file by file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tui import keyboard
from tui.i18n import ui
from tui.model import Lang
from tui.paths import DIALOG_CSS
from tui.problems import Problem, shown
from tui.widgets.rtl_text import BidiContext, BidiText


class ErrorScreen(ModalScreen[None]):
    """Shows every problem as file:line:column; the last good store stays underneath."""

    CSS_PATH = DIALOG_CSS

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.ERROR]

    def __init__(
        self, problems: Sequence[Problem], lang: Lang, context: BidiContext, root: Path
    ) -> None:
        super().__init__(classes="-rtl" if context.rtl else "-ltr")
        self._problems = f"{shown(str(root))}\n" + "\n".join(
            str(p.relative_to(root)) for p in problems
        )
        self._lang = lang
        self._bidi = context

    def compose(self) -> ComposeResult:
        ctx = self._bidi
        with VerticalScroll(id="error-box"):
            yield BidiText(ui("error.title", self._lang), ctx, base=ctx.base, classes="title")
            # file paths and messages are English text: laid out left to right
            yield BidiText(self._problems, ctx, base="ltr", classes="problems")
            yield BidiText(ui("error.help", self._lang), ctx, base=ctx.base, classes="muted")
