"""The calibration screen: for a terminal that could not say what it does with Arabic.

Three samples (words, a number inside an Arabic sentence, brackets, a Latin name) are drawn
as each bidi mode sends them, one under the other, each row on its own (a terminal that
reorders does it row by row). The terminal is in the state the current mode needs, so the
sample that reads right is the mode to use. A digit tries a mode at once (the whole screen
redraws in it); Enter keeps it for this terminal (`tui.bidi_choice`); Escape goes back to
the mode the screen opened with.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tui import keyboard
from tui.i18n import ui
from tui.model import Lang
from tui.paths import DIALOG_CSS
from tui.rtl.modes import MODES, Mode
from tui.widgets.rtl_text import BidiContext, BidiText

SAMPLES = ("calibrate.sample1", "calibrate.sample2", "calibrate.sample3")
"""UI string keys of the sample lines (Arabic in both languages: they are what is tested)."""


class CalibrationScreen(ModalScreen[Mode | None]):
    """Pick the bidi mode that reads right; dismissed with the mode kept, or None."""

    CSS_PATH = DIALOG_CSS

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.CALIBRATION]

    def __init__(self, lang: Lang, context: BidiContext, terminal_label: str) -> None:
        super().__init__(classes="-rtl" if context.rtl else "-ltr")
        self._lang = lang
        self._bidi = context
        self._opened_with: Mode = context.mode
        self._terminal_label = terminal_label

    def compose(self) -> ComposeResult:
        lang, context = self._lang, self._bidi
        with VerticalScroll(id="calibrate-box"):
            title = ui("calibrate.title", lang)
            yield BidiText(title, context, base=context.base, classes="ui title")
            yield BidiText(ui("calibrate.intro", lang), context, base=context.base, classes="ui")
            for number, mode in enumerate(MODES, 1):
                header = ui("calibrate.header", lang, n=number, mode=ui(f"mode.{mode}", lang))
                yield BidiText(header, context, base=context.base, classes="ui sample-header")
                sample = BidiContext(mode=mode, rtl=True)
                for key in SAMPLES:
                    yield BidiText(ui(key, lang), sample, base="rtl", classes="sample")
            yield BidiText("", context, base=context.base, id="calibrate-status")
            keys = ui("calibrate.keys", lang)
            yield BidiText(keys, context, base=context.base, classes="ui muted")

    def on_mount(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        lang = self._lang
        mode = self._bidi.mode
        status = ui(
            "calibrate.status",
            lang,
            n=MODES.index(mode) + 1,
            mode=ui(f"mode.{mode}", lang),
            terminal=self._terminal_label,
        )
        self.query_one("#calibrate-status", BidiText).update(status, self._bidi)

    def action_try(self, mode: Mode) -> None:
        """Draw everything in `mode` now (the terminal's own bidi switched to suit it)."""
        from tui.app import PolicyBrowser

        app = self.app
        if isinstance(app, PolicyBrowser):
            app.set_bidi_mode(mode)
            self._bidi = app.context
        else:
            self._bidi = self._bidi._replace(mode=mode)
        for text in self.query(".ui").results(BidiText):
            text.update(text.plain, self._bidi)
        self._show_status()

    def action_keep(self) -> None:
        """Keep the mode tried last for this terminal."""
        self.dismiss(self._bidi.mode)

    def action_cancel(self) -> None:
        """Go back to the mode the screen opened with, keeping nothing."""
        if self._bidi.mode != self._opened_with:
            self.action_try(self._opened_with)
        self.dismiss(None)
