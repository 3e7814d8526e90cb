"""The command palette (Ctrl+P), in the UI's language and direction.

Textual's palette draws what is typed as it is stored, left to right, and offers Textual's
own English commands. Here the field is drawn through the RTL engine (`RtlInput`), the
entries and their help are laid out by it and aligned to the UI's start side, and the
commands are the browser's own, named as its keys are (`tui.i18n`): departments, themes,
and every action a key runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual.app import ComposeResult
from textual.command import (
    CommandInput,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    SearchIcon,
)
from textual.command import Provider as TextualProvider
from textual.containers import Horizontal, Vertical
from textual.widgets import LoadingIndicator

from tui import keyboard
from tui.goto import Fit
from tui.i18n import ui
from tui.paths import DIALOG_CSS
from tui.widgets.key_bar import key_label, key_text
from tui.widgets.rtl_input import RtlInput
from tui.widgets.rtl_text import one_line

if TYPE_CHECKING:
    from tui.app import PolicyBrowser
    from tui.model import Department


class Entry(NamedTuple):
    """One command: what it is matched on, what it shows, and what it does."""

    searchable: str
    """Logical text the typed query is matched against."""
    display: str
    """Logical text shown (laid out by the RTL engine)."""
    help: str
    run: Callable[[], object]


class LocalizedCommands(TextualProvider):
    """Entries laid out by the RTL engine and matched on their logical text."""

    def entries(self, app: PolicyBrowser) -> Iterable[Entry]:
        """The commands this provider offers now."""
        raise NotImplementedError

    def _app(self) -> PolicyBrowser:
        from tui.app import PolicyBrowser

        app = self.app
        assert isinstance(app, PolicyBrowser)
        return app

    async def discover(self) -> Hits:
        """Everything, before anything is typed."""
        app = self._app()
        for entry in self.entries(app):
            yield DiscoveryHit(
                one_line(entry.display, app.context),
                entry.run,
                text=entry.display,
                help=one_line(entry.help, app.context).plain,
            )

    async def search(self, query: str) -> Hits:
        """Entries whose logical text matches what was typed."""
        app = self._app()
        matcher = self.matcher(query)
        for entry in self.entries(app):
            score = matcher.match(entry.searchable)
            if score > 0:
                yield Hit(
                    score,
                    one_line(entry.display, app.context),
                    entry.run,
                    text=entry.display,
                    help=one_line(entry.help, app.context).plain,
                )


def department_entry(app: PolicyBrowser, department: Department, help_text: str) -> Entry:
    """Go to `department`: matched on its key, name and id (the palette and `:` alike)."""
    name = department.keyed(department.name.get(app.lang))
    return Entry(
        f"{name} {department.id}",
        ui("palette.jump", app.lang, name=name),
        help_text,
        partial(app.main_screen.jump_to, department.id),
    )


class DepartmentCommands(LocalizedCommands):
    """Go to a department; filter by a theme."""

    def entries(self, app: PolicyBrowser) -> Iterable[Entry]:
        lang = app.lang
        help_text = ui("palette.jump.help", lang)
        for department in app.store.departments:
            yield department_entry(app, department, help_text)
        for theme in app.store.themes:
            label = theme.label.get(lang)
            yield Entry(
                f"{label} {theme.id}",
                ui("palette.theme", lang, theme=label),
                ui("palette.theme.help", lang),
                partial(app.main_screen.toggle_theme, theme.id),
            )


PALETTE_ACTIONS = (
    "quit", "help", "lang", "search", "themes", "clear", "only", "parallel", "matrix", "copy",
    "copy_link", "cite", "cite-md", "pin", "pins",
    "reload",
    "next", "previous-match", "next-solution", "prev", "history_back", "history_forward",
    "calibrate", "suspend",
)  # fmt: skip
"""Binding ids the palette offers (moving in a list or between panes is left to keys)."""


class BrowserCommands(LocalizedCommands):
    """Every action a key runs, named as in help, with its key; and the colour themes."""

    def entries(self, app: PolicyBrowser) -> Iterable[Entry]:
        lang = app.lang
        on_screen = {b.id for b in keyboard.MAIN}
        bindings = [*keyboard.APP, *keyboard.MAIN, *keyboard.HELP]
        for binding in keyboard.rebound(bindings, app.keys.keys):
            if binding.id not in PALETTE_ACTIONS:
                continue
            label = ui(f"key.{binding.id}", lang)
            key = key_text(key_label(binding))
            # a key of the main screen runs there; the app's own (and any `app.`) here
            on_app = binding.id not in on_screen or binding.action.startswith("app.")
            namespace = app if on_app else app.main_screen
            action = binding.action.removeprefix("app.")
            yield Entry(
                f"{label} {key} {binding.id}",
                ui("palette.action", lang, label=label, keys=key),
                ui("palette.action.help", lang),
                partial(app.run_action, action, namespace),
            )
        label = ui("palette.colours", lang)
        yield Entry(f"{label} theme colours", label, ui("palette.colours.help", lang),
                    app.action_change_theme)  # fmt: skip


class PaletteInput(RtlInput, CommandInput):
    """The palette's field, drawn through the RTL engine."""


GOTO_SHOWN = 50
"""Departments the go-to prompt lists at once (a store may have thousands)."""


class GoToDepartment(LocalizedCommands):
    """The go-to prompt (`:`): a department by its key, number, id or the start of its name
    (or of a word of it) in either language; the best fits first, at most `GOTO_SHOWN`."""

    def entries(self, app: PolicyBrowser) -> Iterable[Entry]:
        for department in app.store.departments[:GOTO_SHOWN]:
            yield department_entry(app, department, department.id)

    async def search(self, query: str) -> Hits:
        """Departments that fit what was typed, a key or a number before an id before a name."""
        app = self._app()
        for fit, department in app.main_screen.views.goto.find(query, GOTO_SHOWN):
            entry = department_entry(app, department, department.id)
            shown = one_line(entry.display, app.context)
            yield Hit(fit / Fit.EXACT, shown, entry.run, text=entry.display, help=entry.help)


class BidiCommandPalette(CommandPalette):
    """Textual's palette with a field and entries that follow the UI's direction."""

    CSS_PATH = DIALOG_CSS

    def __init__(
        self,
        app: PolicyBrowser,
        providers: list[type[TextualProvider]] | None = None,
        placeholder: str = "palette.placeholder",
    ) -> None:
        super().__init__(
            providers=providers,
            placeholder=ui(placeholder, app.lang),
            id="--command-palette",
            classes="-rtl" if app.context.rtl else "-ltr",
        )
        self._bidi = app.context

    def compose(self) -> ComposeResult:
        """Textual's palette (its `compose`), with `PaletteInput` for its field."""
        field = PaletteInput(placeholder=self._placeholder, select_on_focus=False)
        field.context = self._bidi
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                if not self._bidi.rtl:
                    yield SearchIcon()
                yield field
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()


__all__ = [
    "BidiCommandPalette", "BrowserCommands", "DepartmentCommands", "Entry", "GoToDepartment"
]  # fmt: skip
