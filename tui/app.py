"""The App: loads styles, holds the store, the language and how text meets this terminal."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.command import Provider
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tui.indexing import IndexBuild
    from tui.problems import Problem
    from tui.rtl.terminal import TerminalSession
    from tui.screens.main import MainScreen
    from tui.search import SearchIndex
    from tui.store import StoreReading

from tui import keyboard
from tui.content import last_stamp, stamp
from tui.i18n import ui
from tui.keyboard import key_setup
from tui.keys import ALEF, LAM, LAM_ALEF_KEY
from tui.model import Lang, Store
from tui.paths import default_content_dir, styles_dir
from tui.reading_state import load_state, save_state
from tui.rtl import BidiMode
from tui.startup import end_of_start
from tui.widgets.rtl_text import BidiContext

TOAST_WIDTH = 60
"""Textual's toast width in cells (it is also capped at half the screen)."""
TOAST_CHROME = 4
"""Cells of a toast that are not text: padding on both sides, the left border, one spare."""
TOAST_RACK_GUTTER = 2
"""The toast rack's own vertical scrollbar, which the half-screen cap is taken of."""

INDEX_DELAY = 0.5
"""Seconds after start before the search index is opened or built (`_warm_index`)."""

INDEX_ELSEWHERE_FROM = 200
"""Departments from which the search index is built in another process and a search typed
meanwhile waits for it (a smaller store's is built when first needed: milliseconds)."""

CLEAR_SCREEN = "\x1b[2J"

WATCH_INTERVAL = 1.0
"""Seconds between checks of the content folder for edits."""

LAM_ALEF_GAP = 0.1
"""Seconds within which lam then alef is Windows' lam-alef key (it sends both in one write)."""


def _department_commands() -> type[Provider]:
    """The palette's departments and themes (its module is loaded when it first opens)."""
    from tui.screens.palette import DepartmentCommands

    return DepartmentCommands


def _browser_commands() -> type[Provider]:
    """The palette's actions, named as in help."""
    from tui.screens.palette import BrowserCommands

    return BrowserCommands


class PolicyBrowser(App[int]):
    """Browse the store's departments and solutions, in Arabic or English."""

    CSS_PATH = [styles_dir() / "app.tcss"]
    TITLE = ui("app.title", "en")
    COMMANDS = {_department_commands, _browser_commands}
    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.APP]

    # State the screens watch (`self.watch(self.app, ...)`); set in `__init__`.
    store: var[Store] = var(cast(Store, None), init=False, always_update=True)
    """The departments shown: replaced whole when the content folder changes (or `r` reads
    it again: the screens redraw even for an equal store, since the keymap was read again)."""
    lang: var[Lang] = var[Lang]("ar", init=False)
    """The language of content and UI."""
    bidi_mode: var[BidiMode] = var[BidiMode]("app", init=False)
    """Who orders right-to-left text: this app, the terminal, or nobody."""
    index_progress: var[int] = var(0, init=False, always_update=True)
    """How far the search index of the store is built (percent; 100: there)."""

    _index_build: IndexBuild | None = None
    """The child process building the search index, once one was started."""

    _reloads = 0
    """Reloads asked for so far: only the last one's store is shown."""

    _index: SearchIndex | None = None
    _index_store: Store | None = None
    """The store `_index` is of."""

    reading: var[StoreReading | None] = var(None, init=False)
    """The store being read whole, while its first part is shown (a large store's start
    without its cache: `tui.store.read_in_parts`); None once it is read."""

    files_read: var[int] = var(0, init=False)
    """How many of the store's files `reading` has read so far (once the workers say)."""

    def __init__(
        self,
        store: Store,
        *,
        content_dir: Path | None = None,
        lang: Lang | None = None,
        department: str | None = None,
        themes: Iterable[str] = (),
        bidi_mode: BidiMode = "app",
        notice: str | None = None,
        notice_about: str = "",
        problems: Iterable[str] = (),
        arabic_available: bool = True,
        terminal: TerminalSession | None = None,
        typeahead: bytes = b"",
        calibrate: bool = False,
        watch: bool = True,
        cursor_blink: bool = True,
        keymap: Path | None = None,
        fresh: bool = False,
        reading: StoreReading | None = None,
    ) -> None:
        super().__init__()
        self.set_reactive(PolicyBrowser.reading, reading)
        resume_problems = self._resume(store, fresh)
        if self.resume is not None:  # what the command line says comes first
            lang, department = lang or self.resume.lang, department or self.resume.department
            themes = tuple(themes) or self.resume.themes
        self.set_reactive(PolicyBrowser.store, store)
        self.set_reactive(PolicyBrowser.lang, lang or store.default_language)
        self.set_reactive(PolicyBrowser.bidi_mode, bidi_mode)
        self._index_lock = threading.Lock()
        self.content_dir = content_dir or default_content_dir()
        self._start_department = department
        self._start_themes = frozenset(themes)
        self._notice, self._notice_about = notice, notice_about
        self._problems = [*problems, *resume_problems]  # a damaged file: a notice
        self.arabic_available = arabic_available
        """False where the terminal cannot show Arabic (the Linux console, non-UTF-8)."""
        self.terminal = terminal
        """The terminal as the start found it: its bidi switch, restored on every way out."""
        self._typeahead = typeahead
        self._toast_messages: dict[str, str] = {}
        """The logical text of each toast shown, by its notification's identity."""
        self.calibrated: BidiMode | None = None
        """The mode the calibration screen kept last (None: none, or cancelled)."""
        self.exit_after_calibration = calibrate
        """Open on the calibration screen and leave when it closes (`doctor`)."""
        self._watch = watch
        self.cursor_blink = cursor_blink
        """Whether text cursors blink (snapshot tests turn it off)."""
        # the stamp the store was loaded at, when this process took one (no second stat pass)
        self._stamp = last_stamp(self.content_dir) or stamp(self.content_dir)
        self.theme = "textual-dark"
        self._keymap_file = keymap  # read again on reload
        self.keys = key_setup(store.keys(), keymap)
        """The keys bindings run on: the user's keymap, and what Arabic layouts send."""
        self._problems += self.keys.problems
        self._lam: events.Key | None = None
        """The last key, when it was a lam (`on_event`)."""

    def _resume(self, store: Store, fresh: bool) -> list[str]:
        """Read where reading stopped last time (unless `fresh`), as far as `store` has it;
        what was wrong with the file."""
        saved, problems = (None, []) if fresh else load_state()
        self._saved = saved
        self.resume = saved.fitted(store) if saved is not None else None
        """Where reading stopped last time (`tui.reading_state`)."""
        return problems

    def exit(
        self, result: int | None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Leave (every way out: q, a signal, the calibration closing), keeping where the
        reader is for the next start; nothing to say if it cannot be written."""
        from tui.screens.main import MainScreen

        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, MainScreen) and screen.is_mounted and not self.exit_after_calibration:
            with contextlib.suppress(OSError):
                save_state(screen.place())
        if self._index_build is not None:
            self._index_build.stop()
        if self.reading is not None:
            self.reading.stop()
        from tui.content import save_deferred  # a large store's cache, if not written yet

        save_deferred(self.content_dir, self.store)
        super().exit(result, return_code, message)

    @property
    def index(self) -> SearchIndex:
        """The search index of the current store, built on first need (or by a worker)."""
        return self._built_index()

    def ready_index(self) -> SearchIndex | None:
        """The search index of the current store if it is there; None while another process
        builds it (a small store's is built now)."""
        if self._index is not None and self._index_store is self.store:
            return self._index
        if self.reading is not None:
            return None  # the index is of the whole store
        if len(self.store.departments) < INDEX_ELSEWHERE_FROM:
            return self._built_index()
        return None

    def _built_index(self, in_background: bool = False) -> SearchIndex:
        with self._index_lock:
            if self._index is None or self._index_store is not self.store:
                from tui.content import save_deferred, search_index

                store = self.store
                save_deferred(self.content_dir, store)  # cached after the first frame
                # In the background a build hands the GIL back after every department, so
                # a keystroke waits for one department's analysis, not a switch interval.
                pause = (lambda: time.sleep(0)) if in_background else None
                # opened from its file (beside the store's cache), or built once
                self._index = search_index(self.content_dir, store, pause=pause)
                self._index_store = store
                if in_background:
                    # The store and index live as long as the app: take them out of the
                    # collector's full passes, which otherwise walk them all in the middle of
                    # a keystroke.
                    gc.freeze()
            return self._index

    def _start_index_worker(self) -> None:
        self.run_worker(self._warm_index, thread=True, group="index")

    def _warm_index(self) -> None:
        """Open or build the index after the first frame, without start-up waiting: a large
        store's is built by another process (`tui.indexing`), as a build here would hold
        the GIL while keys are typed; then the search typed meanwhile runs."""
        from tui.content import save_deferred
        from tui.search import parse_query

        store = self.store
        save_deferred(self.content_dir, store)  # a build child reads the store from its cache
        parse_query("في")  # the analysis tables and stop words, else the first keystroke's
        if len(store.departments) >= INDEX_ELSEWHERE_FROM and not self._build_elsewhere(store):
            return  # the app is leaving, or has another store (whose own worker takes over)
        self._built_index(in_background=True)
        self._from_thread(self._index_progressed, store, 100)

    def _build_elsewhere(self, store: Store) -> bool:
        """Have a child process write the store's index file, unless it is there already;
        False when the child was stopped (then nothing is to be opened or built here)."""
        from tui.content import index_file
        from tui.indexing import IndexBuild
        from tui.search.stored import is_current

        kept = index_file(self.content_dir, store)
        if kept is None or is_current(store, *kept):
            return True
        if self._index_build is not None:
            self._index_build.stop()  # for a store replaced since
        try:
            self._index_build = build = IndexBuild(self.content_dir, kept[1])
        except OSError:
            return True  # built here instead
        build.wait(lambda percent: self._from_thread(self._index_progressed, store, percent))
        return not build.stopped and store is self.store

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` in the app's loop, unless the app has stopped."""
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(callback, *args)

    def _index_progressed(self, store: Store, percent: int) -> None:
        if store is self.store:
            self.index_progress = percent

    @property
    def context(self) -> BidiContext:
        """How text is drawn now: the bidi mode and the UI language's direction."""
        return BidiContext(mode=self.bidi_mode, rtl=self.lang == "ar")

    @property
    def main_screen(self) -> MainScreen:
        """The browser's main screen (at the bottom of the stack)."""
        from tui.screens.main import MainScreen

        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_default_screen(self) -> Screen[None]:
        """The main screen is the default screen."""
        from tui.screens.main import MainScreen

        department = self.store.find(self._start_department or "")
        return MainScreen(
            start_department=department.id if department else None,
            start_themes=self._start_themes,
        )

    def on_mount(self) -> None:
        """Say what the terminal needs, once, and start watching the content folder."""
        if self.reading is None:  # else once it is read whole (the collector off till then)
            self.call_after_refresh(end_of_start)
        self.set_keymap(self.keys.keymap)
        self.set_class(self.bidi_mode == "terminal", "-bidi-terminal")
        if self.terminal is not None:
            self._hold_terminal(self.terminal)
        if self._typeahead:
            self.call_after_refresh(self._replay, self._typeahead)
        if self.exit_after_calibration:
            self.call_after_refresh(self.action_calibrate)
        if self._notice:
            # after the first frame, when the main screen can carry it
            text = ui(self._notice, self.lang, terminal=self._notice_about)
            self.call_after_refresh(self.notify, text, timeout=12)
        for problem in self._problems:
            text = ui("notice.user_file", self.lang, problem=problem)
            self.call_after_refresh(self.notify, text, severity="warning", timeout=12)
        if self.reading is not None:  # the index, once the store is read whole
            self.run_worker(self._finish_reading, thread=True, group="reading")
        else:  # once the first frames are out (a thread still takes the GIL)
            self.set_timer(INDEX_DELAY, self._start_index_worker)
        if self._watch:
            self.set_interval(WATCH_INTERVAL, self._check_content)

    def _hold_terminal(self, terminal: TerminalSession) -> None:
        """Let a signal ask the app to leave; Ctrl+Z hands the shell the terminal's own
        bidi back, and `fg` takes it again and draws the whole screen anew."""
        loop = asyncio.get_running_loop()
        terminal.request_exit = lambda code: self._exit_soon(loop, code)
        terminal.screen_taken = True
        self.app_suspend_signal.subscribe(
            self, lambda _app: terminal.switch(off=False), immediate=True
        )
        self.app_resume_signal.subscribe(self, lambda _app: self._resumed(terminal))

    def _exit_soon(self, loop: asyncio.AbstractEventLoop, code: int) -> None:
        """Leave as `q` does, from a signal handler (the loop wakes up for it)."""
        loop.call_soon_threadsafe(lambda: self.exit(return_code=code))

    def _resumed(self, terminal: TerminalSession) -> None:
        if self.bidi_mode == "app":
            terminal.switch(off=True, write=self._send)
        # The terminal's screen was cleared on the way back (and VTE marks each row with
        # the bidi mode it had when cleared): clear it again, now, and draw every cell.
        self._send(CLEAR_SCREEN)
        self.screen.refresh(layout=True)

    def _send(self, sequence: str) -> None:
        """Write a terminal sequence through the driver, in order with the frames."""
        if sequence and self._driver is not None:
            self._driver.write(sequence)
            self._driver.flush()

    def _replay(self, typeahead: bytes) -> None:
        """Keys typed while the terminal was being asked who it is, as if typed now."""
        from textual._xterm_parser import XTermParser

        if self._driver is None:
            return
        parser = XTermParser()
        text = typeahead.decode("utf-8", "replace")
        for message in [*parser.feed(text), *parser.feed("")]:
            self._driver.process_message(message)

    # -- language -----------------------------------------------------------------------------

    def action_toggle_language(self) -> None:
        """Switch Arabic and English for content and UI; the layout mirrors with it."""
        others = [lang for lang in self.store.languages if lang != self.lang]
        if not others:
            self.notify(ui("parallel.one_language", self.lang))
            return
        if others[0] == "ar" and not self.arabic_available:
            self.notify(ui(self._notice or "notice.no_arabic_locale", self.lang), timeout=6)
            return
        self.lang = others[0]  # the screens watch it
        self.notify(ui("lang.switched", self.lang), timeout=2)

    def action_command_palette(self) -> None:
        """Ctrl+P: the palette in the UI's language and direction (`tui.screens.palette`)."""
        from tui.screens.palette import BidiCommandPalette

        if self.use_command_palette and not BidiCommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(BidiCommandPalette(self))

    async def on_event(self, event: events.Event) -> None:
        """Windows' Arabic layout sends its lam-alef key (b) as lam then alef in one write:
        outside a text field, that pair is the key b."""
        if isinstance(event, events.Key) and event.character in (LAM, ALEF):
            previous, self._lam = self._lam, event if event.character == LAM else None
            if (
                previous is not None
                and event.character == ALEF
                and event.time - previous.time < LAM_ALEF_GAP
                and not isinstance(self.focused, Input)
            ):
                event = events.Key(LAM_ALEF_KEY, LAM_ALEF_KEY)
        await super().on_event(event)

    def delay_update(self, delay: float = 0.05) -> None:
        """Hold the screen while a transition runs, then draw it once. Textual's palette
        holds it `delay` seconds (50 ms) for the command it runs next; here it is held
        until that command has run: the callbacks queued now (the palette's), then one
        queued after them (a jump from the go-to prompt, figures in docs/performance.md)."""
        self._begin_batch()

        def release() -> None:
            self._end_batch()
            if not self._batch_count:
                self.screen.refresh()

        self.call_later(self.call_later, release)

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in inputs): say, in the UI language, what does."""
        self.notify(ui("quit.hint", self.lang))

    def action_help(self) -> None:
        """Show every key in the current language."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.keys, self.store.departments, self.lang, self.context))

    # -- who orders right-to-left text ---------------------------------------------------------

    def set_bidi_mode(self, mode: BidiMode) -> None:
        """Draw in `mode` from now on: the terminal's own bidi is switched to suit it and
        every screen is drawn again (the calibration screen tries modes this way)."""
        self.bidi_mode = mode  # `watch_bidi_mode`, then the screens' watchers
        self.screen.refresh(layout=True)

    def watch_bidi_mode(self, mode: BidiMode) -> None:
        """Switch the terminal's own bidi to suit the new mode, and start from a clear screen."""
        self.set_class(mode == "terminal", "-bidi-terminal")
        if self.terminal is not None:
            self.terminal.switch(off=mode == "app", write=self._send)
        self._send(CLEAR_SCREEN)  # VTE and WezTerm mark rows with the mode they were cleared in

    def action_calibrate(self) -> None:
        """Open the calibration screen (from help, or `python -m tui doctor`)."""
        from tui.screens.calibration import CalibrationScreen
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        plan = self.terminal.plan if self.terminal is not None else None
        label = plan.terminal.label if plan is not None else ui("terminal.unknown", self.lang)
        screen = CalibrationScreen(self.lang, self.context, label)
        self.push_screen(screen, self._calibrated)

    def _calibrated(self, mode: BidiMode | None) -> None:
        """Keep the mode picked for this terminal, and say where."""
        from tui.bidi_choice import choice_path, keep_choice

        self.calibrated = mode
        plan = self.terminal.plan if self.terminal is not None else None
        path = choice_path()
        if mode is not None and plan is not None and path is not None:
            try:
                keep_choice(path, plan.terminal.key, mode)
            except OSError as error:
                problem = f"{path}: {error.strerror or error}"
                self.notify(ui("calibrate.not_kept", self.lang, problem=problem), severity="error")
            else:
                label = plan.terminal.label
                text = ui("calibrate.kept", self.lang, mode=mode, terminal=label, path=path)
                self.notify(text, timeout=6)
        if self.exit_after_calibration:
            self.exit(0 if mode is not None else 1)

    # -- the clipboard --------------------------------------------------------------------------

    def copy_out(self, text: str, what: str) -> None:
        """Copy `text` to the clipboard (OSC 52) and say so; where the terminal is not known
        to let apps set the clipboard, the text is also kept in a file, and the notice says
        where (`tui.citation.write_fallback`)."""
        from tui.citation import write_fallback
        from tui.rtl.chars import LRI, PDI
        from tui.rtl.terminals import CLIPBOARD

        self.copy_to_clipboard(text)
        plan = self.terminal.plan if self.terminal is not None else None
        takes = CLIPBOARD.get(plan.terminal.name if plan is not None else "")
        if takes:
            self.notify(ui("copy.done", self.lang, what=what))
            return
        try:
            path = LRI + str(write_fallback(text)) + PDI
        except OSError:
            self.notify(ui("copy.done", self.lang, what=what))
            return
        key = "copy.saved" if takes is False else "copy.maybe"
        self.notify(ui(key, self.lang, what=what, path=path), timeout=8)

    # -- notifications go through the RTL engine ---------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast; Arabic is laid out by the RTL engine first (never parsed as markup).

        Where the terminal applies bidi itself (terminal mode), a toast drawn over a row of
        text is reordered together with it, so the message goes to the status row instead.
        """
        if self.bidi_mode == "terminal" and self.screen_stack:
            from tui.screens.main import MainScreen

            screen = self.screen_stack[0]
            if isinstance(screen, MainScreen) and screen.is_mounted:
                screen.flash(message, timeout or self.NOTIFICATION_TIMEOUT)
                return
        from textual.notifications import Notification, Notify

        notification = Notification(
            self._toast_text(message, self.size.width),
            title,
            severity,  # type: ignore[arg-type]
            self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=False,
        )
        self._toast_messages[notification.identity] = message
        self.post_message(Notify(notification))

    def _toast_text(self, message: str, screen_width: int) -> str:
        """`message` laid out for a toast of the current screen: visual lines no wider than
        its text, so Textual never wraps them itself (wrapping visual lines would put them
        in reverse reading order)."""
        from tui.rtl import display_lines
        from tui.widgets.rtl_text import as_text

        # A toast is 60 cells but at most half the screen, less padding and border.
        rack = screen_width - TOAST_RACK_GUTTER
        width = max(8, min(TOAST_WIDTH, rack // 2) - TOAST_CHROME)
        context = self.context
        lines = display_lines(as_text(message), width, context.base, self.bidi_mode)
        right = context.rtl and self.bidi_mode != "off"
        return "\n".join(
            " " * (width - line.cell_len) + line.plain if right else line.plain for line in lines
        )

    def on_resize(self, event: Resize) -> None:
        """Toasts on screen are laid out again for the new width (Textual would wrap their
        visual lines, reordering them and splitting words)."""
        width = event.size.width
        shown = {n.identity: n for n in self._notifications}
        for identity in list(self._toast_messages):
            if identity not in shown:
                del self._toast_messages[identity]
                continue
            shown[identity].message = self._toast_text(self._toast_messages[identity], width)
        for toast in self.screen.query("Toast"):
            toast.refresh(layout=True)

    # -- live reload --------------------------------------------------------------------------

    def _check_content(self) -> None:
        """Each tick: stat the files in a thread (thousands of files take milliseconds);
        not while the store is still being read (it is compared once it is)."""
        if self.reading is None:
            self.run_worker(self._compare_stamp, thread=True, exclusive=True, group="watch")

    def _compare_stamp(self) -> None:
        current = stamp(self.content_dir)
        if current != self._stamp:
            self._stamp = current
            self.call_from_thread(self.action_reload)

    def action_reload(self) -> None:
        """Load the store again, in a thread (keys go on meanwhile); keep the last good one
        (and say why) when the new one is bad."""
        if self.reading is not None:  # its files are compared with the store once it is in
            self.notify(ui("reload.reading", self.lang), timeout=3)
            return
        self._reloads += 1
        self.run_worker(partial(self._reload, self._reloads), thread=True, group="reload")

    def _reload(self, number: int) -> None:
        from tui.content import load
        from tui.problems import StoreError

        try:
            store = load(self.content_dir, defer_save=True)  # cached by the index worker
        except StoreError as error:
            self._from_thread(self._reloaded, number, error.problems)
        else:
            self._from_thread(self._reloaded, number, store)

    def _reloaded(self, number: int, read: Store | list[Problem]) -> None:
        """A reload's store, or its problems; not if a later reload was asked for since."""
        if number != self._reloads:
            return
        if isinstance(read, list):
            self._show_problems(read, "reload.failed")
        else:
            self._use_store(read)
            self.notify(ui("reload.done", self.lang), timeout=2)

    def _show_problems(self, problems: list[Problem], notice: str) -> None:
        """The store's problems on the error screen, and a notice saying what that means."""
        from tui.screens.error import ErrorScreen

        if isinstance(self.screen, ErrorScreen):
            self.pop_screen()
        self.push_screen(ErrorScreen(problems, self.lang, self.context, self.content_dir))
        self.notify(ui(notice, self.lang), severity="error")

    def _use_store(self, store: Store) -> None:
        """Show `store` (read again, or read whole) in place of the one shown."""
        from tui.screens.error import ErrorScreen

        if isinstance(self.screen, ErrorScreen):
            self.pop_screen()
        # jump keys may have moved, and the keymap may have been edited
        self.keys = key_setup(store.keys(), self._keymap_file)
        self.set_keymap(self.keys.keymap)
        for problem in self.keys.problems:
            self.notify(ui("notice.user_file", self.lang, problem=problem), severity="warning")
        self.store = store  # the screens watch it; the index is rebuilt for it
        self.run_worker(self._warm_index, thread=True, group="index")

    # -- a large store read while its first part is shown ---------------------------------------

    def _finish_reading(self) -> None:
        """In a thread: wait for the rest of the store, then show it whole (or its problems)."""
        from tui.problems import StoreError
        from tui.store_workers import ReadingStopped

        reading = self.reading
        assert reading is not None
        try:
            store = reading.finish(lambda files: self._from_thread(self._read_files, files))
        except ReadingStopped:
            return  # the app is leaving
        except StoreError as error:
            self._from_thread(self._read_with_problems, error.problems)
        else:
            self._from_thread(self._read_whole, store)

    def _read_files(self, files: int) -> None:
        self.files_read = files

    def _read_whole(self, store: Store) -> None:
        """The whole store is read: show it, and where reading stopped last time if the
        first part did not have it and the reader has not moved since."""
        self.reading = None
        self._use_store(store)
        self.call_after_refresh(end_of_start)
        saved, opened = self._saved, self.resume
        if saved is None or opened is None or opened.department or self._start_department:
            return  # nothing saved, or the start had its department
        late = saved.fitted(store)
        if late.department is not None:
            self.main_screen.resume_late(late)

    def _read_with_problems(self, problems: list[Problem]) -> None:
        """The rest of the store has problems: say them (the first part stays underneath);
        the folder is watched for the fix."""
        self.reading = None
        self._show_problems(problems, "reading.failed")
        end_of_start()

    # -- screenshots that read right in a browser ---------------------------------------------

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """An SVG whose text a browser draws cell by cell, without applying bidi again."""
        svg = super().export_screenshot(title=title, simplify=simplify)
        return bidi_safe_svg(svg)


def bidi_safe_svg(svg: str) -> str:
    """Tell the browser the text is already in visual order (RTL-NOTES: Screenshots)."""
    rule = "text { unicode-bidi: bidi-override; direction: ltr; }\n"
    return svg.replace("<style>", "<style>\n" + rule, 1)
