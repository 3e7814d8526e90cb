"""Who orders right-to-left text on this terminal, and telling the terminal so.

`plan_terminal` decides once, before the first frame, from who the terminal is
(`tui.rtl.terminals.identify`: its in-band answers, else its environment), what it said
about its bidi state, the terminal around a multiplexer, the user's kept choice
(`tui.bidi_choice`) and the overrides (`--bidi`, then TUI_BIDI):

* app mode (the engine sends shaped visual text) wherever the terminal's own bidi can be
  switched off or it has none: explicit mode `CSI 8 l` is always sent (harmless where
  unknown); where the terminal implements BDSM (DECRQM answered) the paragraph direction is
  set to left-to-right as well, and the way out puts back the state it reported, not a
  blind `CSI 8 h` (WezTerm's default is explicit). mlterm gets its `use_ctl` off and back
  to what it was; Konsole a runtime profile change, `BidiRenderingEnabled=false` (session
  only; back to `true`, Konsole's default, on the way out).
* terminal mode (logical rows, isolated) where it reorders and nothing turns that off
  (Apple's Terminal, or a terminal whose BDSM is permanently set).
* inside tmux or screen the terminal around them gets its switch through the
  multiplexer's passthrough where it is known and allowed; where it reorders and the
  switch cannot reach it, terminal mode, and a notice names the one setting to change.

`TerminalSession` writes the switch and makes sure every way out (q, Ctrl+C, a crash,
SIGTERM, SIGHUP, SIGQUIT, ... once or twice) gives the terminal back as it was found.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import termios
import threading
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any, Literal, NamedTuple, TextIO

from tui.rtl.handshake import SILENT, Answers
from tui.rtl.modes import MODES, Mode
from tui.rtl.terminals import Terminal, from_environment, from_xtversion

BidiChoice = Literal["auto", "app", "terminal", "off"]
"""What `--bidi` and `TUI_BIDI` accept: `auto` detects, the others force a mode."""

BIDI_CHOICES: tuple[BidiChoice, ...] = ("auto", "app", "terminal", "off")
BIDI_ENV = "TUI_BIDI"

BDSM_EXPLICIT, BDSM_IMPLICIT = "\x1b[8l", "\x1b[8h"
SCP_LTR, SCP_DEFAULT = "\x1b[1 k", "\x1b[0 k"
MLTERM_CTL = "\x1b]5379;use_ctl={}\x07"
KONSOLE_BIDI = "\x1b]50;BidiRenderingEnabled={}\x07"

TEXTUAL_TEARDOWN = (
    "\x1b[?2004l"  # bracketed paste
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # mouse reporting
    "\x1b[?2048l"  # in-band resize
    "\x1b[<u"  # kitty keyboard protocol
    "\x1b[?1049l"  # alternate screen
    "\x1b[?7h\x1b[?25h\x1b[?1004l"  # line wrap, cursor, focus events
)
"""What Textual's Linux driver turns on, turned off: written when the app cannot leave by
itself (a second signal, or a first that it did not act on within `EXIT_GRACE`)."""

Decider = Literal["--bidi", "TUI_BIDI", "choice", "detected"]


class Outer(NamedTuple):
    """The terminal around a multiplexer, as far as it can be known."""

    terminal: Terminal
    passthrough: bool
    """Whether the multiplexer passes sequences through to it (tmux `allow-passthrough`)."""


class TerminalPlan(NamedTuple):
    """What the app does about bidi on this terminal, decided once at start-up."""

    terminal: Terminal
    """Who the terminal is (and how that was learnt)."""
    mode: Mode
    """Who orders right-to-left text: `app`, `terminal` or `off`."""
    switch_off: str
    """Sequences that stop the terminal's own bidi (sent while the mode is `app`)."""
    switch_back: str
    """Sequences that put the terminal's bidi back as it was found."""
    notice_key: str | None
    """Identifier of a UI notice (text in tui/i18n.py, `{terminal}` filled), or None."""
    force_english: bool
    """True when Arabic cannot be shown at all, so the UI must fall back to English."""
    decided_by: Decider = "detected"
    """What chose the mode: an override, the user's kept choice, or detection."""
    detected: Mode = "app"
    """The mode detection alone gives (what the doctor compares a choice with)."""
    outer: Outer | None = None
    """The terminal around tmux or screen, when the app runs inside one."""
    answers: Answers = SILENT
    """What the terminal answered (for the doctor)."""

    @property
    def enter(self) -> str:
        """What to write before the first frame."""
        return self.switch_off if self.mode == "app" else ""

    @property
    def leave(self) -> str:
        """What to write on the way out."""
        return self.switch_back if self.mode == "app" else ""

    @property
    def notice_about(self) -> str:
        """The terminal a notice names: the one around the multiplexer, or this one."""
        return (self.outer.terminal if self.outer else self.terminal).label


def locale_is_utf8(env: Mapping[str, str]) -> bool:
    """Tell whether the locale (LC_ALL, then LC_CTYPE, then LANG) can carry Arabic."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name, "")
        if value:
            lowered = value.lower()
            return "utf-8" in lowered or "utf8" in lowered
    return True  # nothing set: Python and modern terminals default to UTF-8


def bidi_choice(env: Mapping[str, str], override: str | None = None) -> BidiChoice:
    """Pick the bidi setting: `--bidi` beats TUI_BIDI, which beats detection (`auto`)."""
    return _overridden(env, override)[0]


def _overridden(env: Mapping[str, str], override: str | None) -> tuple[BidiChoice, Decider]:
    for source, value in (("--bidi", override), (BIDI_ENV, env.get(BIDI_ENV))):
        if value:
            if value not in BIDI_CHOICES:
                raise ValueError(
                    f"{source} must be one of {', '.join(BIDI_CHOICES)}; got {value!r}"
                )
            return value, "--bidi" if source == "--bidi" else "TUI_BIDI"
    return "auto", "detected"


def plan_terminal(
    env: Mapping[str, str],
    override: str | None = None,
    answers: Answers = SILENT,
    *,
    terminal: Terminal | None = None,
    outer: Outer | None = None,
    chosen: Mode | None = None,
) -> TerminalPlan:
    """Decide mode, switch sequences and notice for this terminal (ValueError: bad setting).

    `terminal` is who it is (default: from the environment alone), `outer` the terminal
    around a multiplexer, `chosen` the user's kept choice for this terminal.
    """
    choice, decided_by = _overridden(env, override)
    terminal = terminal or from_environment(env)
    if terminal.name == "linux" or not locale_is_utf8(env):
        reason = "no_arabic_linux" if terminal.name == "linux" else "no_arabic_locale"
        mode: Mode = "off" if choice == "auto" else choice
        return TerminalPlan(terminal, mode, "", "", reason, True, decided_by, "off", outer, answers)
    detected, notice = _detected(terminal, answers, outer)
    switch_off, switch_back = _switches(terminal, answers, outer)
    mode = detected
    if choice != "auto":
        mode = choice
    elif chosen is not None:
        mode, decided_by = chosen, "choice"
    return TerminalPlan(
        terminal, mode, switch_off, switch_back, notice, False, decided_by, detected, outer, answers
    )


def _detected(terminal: Terminal, answers: Answers, outer: Outer | None) -> tuple[Mode, str | None]:
    """The mode the terminal needs, and what to tell the user about it."""
    if terminal.kind == "reorders" or answers.bdsm == 3:  # no switch, or locked on
        return "terminal", None
    if terminal.kind == "preference":
        return "app", "iterm2_setting"
    if terminal.kind != "multiplexer":
        return "app", None
    around = outer.terminal if outer else None
    if around is None or around.name == "other":
        return "app", "outer_unknown"
    if around.kind in ("bdsm", "mlterm", "konsole"):
        if outer is not None and outer.passthrough:
            return "app", None
        # it reorders what tmux draws, and cannot be told not to: let it (seen in VTE:
        # terminal mode reads right there, app mode comes out reversed)
        return "terminal", "outer_passthrough"
    if around.kind == "reorders":
        return "terminal", "outer_reorders"
    if around.kind == "preference":
        return "app", "iterm2_setting"
    return "app", None


def _switches(terminal: Terminal, answers: Answers, outer: Outer | None) -> tuple[str, str]:
    """The sequences that switch the terminal's own bidi off, and back as it was."""
    off, back = _own_switch(terminal, answers)
    if terminal.kind == "multiplexer" and outer is not None and outer.passthrough:
        outer_off, outer_back = _own_switch(outer.terminal, SILENT)
        wrap = _tmux_passthrough if terminal.name == "tmux" else _screen_passthrough
        if outer.terminal.kind != "plain":
            off, back = off + wrap(outer_off), wrap(outer_back) + back
    return off, back


def _own_switch(terminal: Terminal, answers: Answers) -> tuple[str, str]:
    off, back = BDSM_EXPLICIT, ""
    if answers.bdsm in (1, 2):  # implemented and changeable: its state is known
        off += SCP_LTR
        back = SCP_DEFAULT + (BDSM_IMPLICIT if answers.bdsm == 1 else BDSM_EXPLICIT)
    elif answers.bdsm is None and terminal.name == "vte":  # named, but not asked: VTE's default
        back = BDSM_IMPLICIT
    if terminal.kind == "mlterm":
        was = "false" if answers.mlterm_use_ctl is False else "true"
        off, back = off + MLTERM_CTL.format("false"), MLTERM_CTL.format(was) + back
    elif terminal.kind == "konsole":
        off, back = off + KONSOLE_BIDI.format("false"), KONSOLE_BIDI.format("true") + back
    return off, back


def _tmux_passthrough(sequence: str) -> str:
    """`sequence` for the terminal around tmux (`allow-passthrough` must be on)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def _screen_passthrough(sequence: str) -> str:
    """`sequence` for the terminal around GNU screen (its DCS passthrough)."""
    return "\x1bP" + sequence + "\x1b\\"


TMUX_FORMAT = "#{client_termtype}\t#{client_termname}\t#{allow-passthrough}"


def outer_terminal(terminal: Terminal, env: Mapping[str, str]) -> Outer | None:
    """The terminal around tmux or screen: tmux says what its client answered (XTVERSION)
    and its TERM, and whether passthrough is allowed; otherwise only the variables the
    multiplexer's server inherited from the terminal that started it can hint."""
    if terminal.kind != "multiplexer":
        return None
    hinted = from_environment(env, multiplexers=False)
    if terminal.name == "screen":
        return Outer(hinted, passthrough=True)
    if not env.get("TMUX"):  # tmux on another machine: it cannot be asked from here
        return Outer(hinted, passthrough=False)
    import subprocess

    try:
        done = subprocess.run(
            ["tmux", "display-message", "-p", TMUX_FORMAT],
            capture_output=True,
            text=True,
            timeout=1,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return Outer(hinted, passthrough=False)
    termtype, termname, allowed = [*done.stdout.rstrip("\n").split("\t"), "", "", ""][:3]
    passthrough = allowed not in ("", "0", "off")
    if termtype and (found := from_xtversion(termtype)):
        return Outer(found, passthrough)
    if termname.startswith("mlterm"):
        named = Terminal("mlterm", "", "answers", f"tmux client_termname={termname}")
        return Outer(named, passthrough)
    return Outer(hinted, passthrough)


# -- the session: switch, restore, signals ------------------------------------------------------

EXIT_GRACE = 0.7
"""Seconds the app has to leave by itself after a signal before the session restores the
terminal and ends the process (a second signal does it at once)."""

EXIT_SIGNALS = tuple(
    getattr(signal, name)
    for name in (
        "SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM",
        "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ", "SIGPWR", "SIGIO",
    )
    if hasattr(signal, name)
)  # fmt: skip
"""Signals that end a process by default: each becomes an exit that restores the terminal."""


class TerminalSession:
    """Holds the terminal between start and exit: its settings as found, the bidi switch,
    and the signal handlers that give the terminal back on every way out."""

    def __init__(self, stream: TextIO, plan: TerminalPlan | None = None) -> None:
        """Take note of the terminal as it is; nothing is written until `enter`."""
        self.stream = stream
        self.plan = plan
        self.request_exit: Callable[[int], None] | None = None
        """Set by the app while it runs: asks it to leave (from a signal handler)."""
        self.screen_taken = False
        """Set by the app while it holds the alternate screen, raw mode and the mouse."""
        self._lock = threading.Lock()
        self._switched = False
        self._left = False
        self._armed = False
        self._signalled = False
        self._previous: dict[int, object] = {}
        self._watchdog: threading.Timer | None = None
        self._exit: Callable[[int], object] = os._exit
        """How a process that would not leave is ended (a test replaces it)."""
        self._fd: int | None = None
        self._modes: list[Any] | None = None
        with contextlib.suppress(AttributeError, ValueError, OSError, termios.error):
            fd = stream.fileno()
            if os.isatty(fd):
                self._fd, self._modes = fd, termios.tcgetattr(fd)

    def arm(self) -> None:
        """Catch the signals that would end the process without restoring the terminal."""
        if self._armed:
            return
        self._armed = True
        atexit.register(self.leave)
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # only from the main thread
                self._previous[signum] = signal.signal(signum, self._on_signal)

    def enter(self, plan: TerminalPlan | None = None) -> None:
        """Switch the terminal's own bidi off if the plan's mode needs it (idempotent)."""
        self.plan = plan or self.plan
        self.arm()
        if self.plan is not None and self.plan.mode == "app":
            self.switch(off=True)

    def switch(self, *, off: bool, write: Callable[[str], None] | None = None) -> None:
        """Turn the terminal's own bidi off or back (suspend, resume, a new mode), through
        `write` (the app's driver, in order with its frames) or straight to the stream."""
        if self.plan is None or self._left:
            return
        with self._lock:
            if self._switched == off:
                return
            self._switched = off
        sequence = self.plan.switch_off if off else self.plan.switch_back
        (write or self._write)(sequence)

    def leave(self) -> None:
        """Restore the terminal's bidi and its modes as found (a start interrupted while the
        terminal was being asked leaves echo off); safe from every exit path, any number
        of times."""
        self.switch(off=False)
        with self._lock:
            if self._left:
                return
            self._left = True
        self._restore_modes()
        atexit.unregister(self.leave)
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                if signal.getsignal(signum) == self._on_signal:
                    signal.signal(signum, previous)  # type: ignore[arg-type]

    def restore_now(self) -> None:
        """Give the terminal back at once, whatever the app was doing: what Textual turned
        on, the bidi switch, the tty's modes as found. For a process about to end."""
        sequence = TEXTUAL_TEARDOWN if self.screen_taken else ""
        if self._switched and self.plan is not None:
            sequence += self.plan.switch_back
            self._switched = False
        if self._fd is None:
            self._write(sequence)
            return
        with contextlib.suppress(OSError):
            os.write(self._fd, sequence.encode())
        self._restore_modes()

    def _restore_modes(self) -> None:
        """The tty's modes (echo, line editing, signals) as the session found them."""
        if self._fd is not None and self._modes is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(self._fd, termios.TCSANOW, self._modes)

    def _write(self, sequence: str) -> None:
        """Write and flush, ignoring a stream that is already closed."""
        if not sequence:
            return
        with contextlib.suppress(OSError, ValueError):
            self.stream.write(sequence)
            self.stream.flush()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        """First signal: ask the app to leave (or unwind, before and after it runs), and
        make sure the process ends within `EXIT_GRACE` whatever happens; second: now."""
        if self._signalled:
            self._end(signum)
            return
        self._signalled = True
        self._watchdog = threading.Timer(EXIT_GRACE, self._end, (signum,))
        self._watchdog.daemon = True
        self._watchdog.start()
        if self.request_exit is not None:
            self.request_exit(128 + signum)
            return
        raise SystemExit(128 + signum)

    def _end(self, signum: int) -> None:
        self.restore_now()
        self._exit(128 + signum)


def enter_terminal(plan: TerminalPlan, stream: TextIO) -> TerminalSession:
    """Apply a plan to a stream now; call `.leave()` on the result when done."""
    session = TerminalSession(stream, plan)
    session.enter()
    return session


__all__ = [
    "BIDI_CHOICES",
    "BIDI_ENV",
    "MODES",
    "BidiChoice",
    "Outer",
    "TerminalPlan",
    "TerminalSession",
    "bidi_choice",
    "enter_terminal",
    "locale_is_utf8",
    "outer_terminal",
    "plan_terminal",
]
