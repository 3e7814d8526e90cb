"""The pins screen: the solutions the reader pinned, with their notes; open, note, unpin.

Pins live in the user's data folder (`tui.pins`); this screen reads them when it opens and
writes each change through `tui.pins.change_pins`, which reads the file again first (two
open browsers do not undo each other's pins).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui import keyboard
from tui.i18n import ui
from tui.model import Lang, Store
from tui.paths import DIALOG_CSS
from tui.pins import MAX_NOTE, Pin, PinCheck, change_pins, check, load_pins, remove, set_note
from tui.rtl.chars import content_piece
from tui.widgets.rtl_input import RtlInput
from tui.widgets.rtl_text import BidiBlock, BidiContext, BidiText

Edit = Callable[[tuple[Pin, ...]], tuple[Pin, ...]]

SNIPPET = 160
"""Characters of a pinned solution's text shown in the list."""


class NoteInput(RtlInput, Input):
    """The note being written, drawn by the RTL engine."""


class PinsScreen(ModalScreen[tuple[str, int] | None]):
    """Every pin: department, solution, the start of its text, the note; Enter opens one."""

    CSS_PATH = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.PINS]

    def __init__(self, store: Store, lang: Lang, context: BidiContext) -> None:
        super().__init__(classes="-rtl" if context.rtl else "-ltr")
        self.store, self.lang, self.context = store, lang, context
        loaded = load_pins()
        self.pins: tuple[Pin, ...] = loaded.pins
        self._problems = loaded.problems

    def compose(self) -> ComposeResult:
        ctx = self.context
        with Vertical(id="pins-box"):
            yield BidiText(ui("pins.title", self.lang), ctx, base=ctx.base, classes="title")
            yield OptionList(id="pins-list")
            note = NoteInput(id="pin-note", max_length=MAX_NOTE)
            note.context = ctx
            note.placeholder = ui("pins.note.placeholder", self.lang)
            note.display = False
            yield note
            yield BidiText(ui("pins.keys", self.lang), ctx, base=ctx.base, classes="muted")

    def on_mount(self) -> None:
        self._show()
        for problem in self._problems:
            self.app.notify(ui("notice.user_file", self.lang, problem=problem), severity="warning")
        self.query_one(OptionList).focus()

    def _show(self, highlight: int = 0) -> None:
        """List the pins (or say there are none)."""
        listing = self.query_one(OptionList)
        if not self.pins:
            empty = BidiBlock(ui("pins.empty", self.lang), self.context, base=self.context.base)
            listing.set_options([Option(empty, disabled=True)])
            return
        listing.set_options(Option(self._row(pin), pin.id) for pin in self.pins)
        listing.highlighted = min(highlight, len(self.pins) - 1)

    def _row(self, pin: Pin) -> BidiBlock:
        """`department, solution n`, the start of its text, its note and what became of it."""
        lang, found = self.lang, check(self.store, pin)
        department = self.store.department(pin.department)
        name = content_piece(department.name.get(lang)) if department else pin.department
        n = (found.solution if found.solution is not None else pin.solution) + 1
        text = Text(ui("pins.heading", lang, department=name, n=n), style="bold")
        if department is not None and found.solution is not None:
            solution = department.solutions[found.solution].text.get(lang)
            cut = solution if len(solution) <= SNIPPET else solution[:SNIPPET].rstrip() + "…"
            text.append("\n" + content_piece(cut))
        if pin.note:
            text.append(f"\n{ui('pins.note', lang)}: ", style="bold")
            text.append(content_piece(pin.note), style="italic")
        status = self._status(pin, found)
        if status:
            text.append("\n" + status, style="yellow")
        return BidiBlock(text, self.context, base=self.context.base, copy=False)

    def _status(self, pin: Pin, found: PinCheck) -> str:
        if found.status == "ok":
            return ""
        n = (found.solution or 0) + 1
        return ui(
            f"pins.status.{found.status}",
            self.lang,
            was=pin.solution + 1,
            n=n,
            department=pin.department,
        )

    @property
    def _current(self) -> Pin | None:
        option = self.query_one(OptionList).highlighted_option
        return next((p for p in self.pins if option is not None and p.id == option.id), None)

    def _change(self, edit_pins: Edit, highlight: int) -> None:
        """Write a change through the pins file; say so when it cannot be written."""
        try:
            kept = change_pins(edit_pins)
        except (OSError, LookupError, ValueError) as error:
            self.app.notify(ui("pins.not_saved", self.lang, problem=str(error)), severity="error")
            return
        self.pins = kept.pins
        self._show(highlight)

    @on(OptionList.OptionSelected, "#pins-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        """Enter on a pin: its solution, in the browser."""
        event.stop()
        pin = self._current
        if pin is None:
            return
        found = check(self.store, pin)
        if found.solution is None:
            self.app.notify(self._status(pin, found), severity="warning")
            return
        self.dismiss((pin.department, found.solution))

    def action_unpin(self) -> None:
        """Take the highlighted pin away."""
        pin, at = self._current, self.query_one(OptionList).highlighted or 0
        if pin is not None:
            self._change(lambda pins: remove(pins, pin.id), at)

    def action_note(self) -> None:
        """Write (or change) the highlighted pin's note; Enter keeps it, Esc leaves it."""
        pin = self._current
        if pin is None:
            return
        note = self.query_one(NoteInput)
        note.value = pin.note
        note.display = True
        note.focus()

    @on(Input.Submitted, "#pin-note")
    def _noted(self, event: Input.Submitted) -> None:
        event.stop()
        pin, at = self._current, self.query_one(OptionList).highlighted or 0
        self._close_note()
        if pin is not None:
            self._change(lambda pins: set_note(pins, pin.id, event.value), at)

    def _close_note(self) -> None:
        note = self.query_one(NoteInput)
        note.display = False
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        """Esc: the note being written, else the screen."""
        if self.query_one(NoteInput).display:
            self._close_note()
        else:
            self.dismiss(None)
