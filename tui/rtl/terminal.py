"""Terminal detection and bidi control: decide who reorders Arabic, and tell the terminal.

Pure decisions from an environment mapping (pass `os.environ`), plus one small helper that
writes the enter/leave sequences and makes sure the terminal is restored. What each
terminal does was measured for RTL-NOTES:

* VTE >= 0.58 and WezTerm: implicit bidi per row unless told `CSI 8 l` (BDSM off); app mode.
* mlterm: bidi and shaping per row, ignores BDSM; `OSC 5379 ; use_ctl=false BEL`; app mode.
* Konsole: ICU bidi per row, no escape turns it off: terminal mode (logical, isolated rows)
  and a hint about the profile setting "Bi-Directional text rendering".
* tmux and screen: cells pass through as sent; app mode, but the outer terminal must not
  apply bidi too (a notice says so).
* Linux console or a non-UTF-8 locale: Arabic cannot show; the UI falls back to English.
* Anything else (xterm, kitty, Alacritty, Windows Terminal, ...): app mode.
"""

from __future__ import annotations

import atexit
import contextlib
import signal
import threading
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Literal, NamedTuple, TextIO

from tui.rtl.modes import MODES, Mode

BidiChoice = Literal["auto", "app", "terminal", "off"]
"""What `--bidi` and `TUI_BIDI` accept: `auto` detects, the others force a mode."""

BIDI_CHOICES: tuple[BidiChoice, ...] = ("auto", "app", "terminal", "off")
BIDI_ENV = "TUI_BIDI"

VTE_ENTER, VTE_LEAVE = "\x1b[8l", "\x1b[8h"
MLTERM_ENTER, MLTERM_LEAVE = "\x1b]5379;use_ctl=false\x07", "\x1b]5379;use_ctl=true\x07"


class TerminalPlan(NamedTuple):
    """What the app does about bidi on this terminal, decided once at start-up."""

    terminal: str
    """Detected terminal: vte, wezterm, mlterm, konsole, tmux, screen, linux, xterm, other."""
    mode: Mode
    """Who orders right-to-left text: `app`, `terminal` or `off`."""
    enter: str
    """Sequence to write before the first frame (empty when none is needed)."""
    leave: str
    """Sequence that restores the terminal on exit."""
    notice_key: str | None
    """Identifier of a one-time UI notice (text lives in tui/i18n.py), or None."""
    force_english: bool
    """True when Arabic cannot be shown at all, so the UI must fall back to English."""


def detect_terminal(env: Mapping[str, str]) -> str:
    """Name the terminal from its environment; multiplexers first, as they hide the outer one."""
    term = env.get("TERM", "")
    if term == "linux":
        return "linux"
    if env.get("TMUX") or term.startswith("tmux"):
        return "tmux"
    if env.get("STY") or term.startswith("screen"):
        return "screen"
    if env.get("TERM_PROGRAM") == "WezTerm":
        return "wezterm"
    if env.get("MLTERM"):
        return "mlterm"
    if env.get("KONSOLE_VERSION"):
        return "konsole"
    if env.get("VTE_VERSION"):
        return "vte"
    if env.get("XTERM_VERSION") or term.startswith("xterm"):
        return "xterm"
    return "other"


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
    for source, value in (("--bidi", override), (BIDI_ENV, env.get(BIDI_ENV))):
        if value:
            if value not in BIDI_CHOICES:
                raise ValueError(
                    f"{source} must be one of {', '.join(BIDI_CHOICES)}; got {value!r}"
                )
            return value
    return "auto"


def plan_terminal(env: Mapping[str, str], override: str | None = None) -> TerminalPlan:
    """Decide mode, escape sequences and notices for this terminal (ValueError: bad setting)."""
    choice = bidi_choice(env, override)
    terminal = detect_terminal(env)
    force_english = False
    notice: str | None = None
    detected: Mode = "app"
    if terminal == "linux":
        force_english, notice, detected = True, "no_arabic_linux", "off"
    elif not locale_is_utf8(env):
        force_english, notice, detected = True, "no_arabic_locale", "off"
    elif terminal == "konsole":
        notice, detected = "konsole_profile", "terminal"
    elif terminal in ("tmux", "screen"):
        notice = "tmux_outer"
    mode: Mode = detected if choice == "auto" else choice
    enter, leave = _sequences(terminal, mode)
    return TerminalPlan(terminal, mode, enter, leave, notice, force_english)


def _sequences(terminal: str, mode: Mode) -> tuple[str, str]:
    """Escape sequences that stop the terminal's own bidi while the app orders text."""
    if mode != "app":
        return "", ""
    if terminal in ("vte", "wezterm"):
        return VTE_ENTER, VTE_LEAVE
    if terminal == "mlterm":
        return MLTERM_ENTER, MLTERM_LEAVE
    return "", ""


class TerminalSession:
    """Writes a plan's enter sequence once and its leave sequence once, whatever the exit path."""

    def __init__(self, plan: TerminalPlan, stream: TextIO) -> None:
        """Remember the plan and stream; nothing is written until `enter`."""
        self.plan = plan
        self.stream = stream
        self._lock = threading.Lock()
        self._entered = False
        self._left = False
        self._previous_sigterm: Callable[[int, FrameType | None], object] | int | None = None

    def enter(self) -> None:
        """Send the enter sequence and arm restoration at exit and on SIGTERM (idempotent).

        SIGTERM is caught even when the plan has no sequences: it becomes SystemExit, so the
        app's own teardown (Textual leaving the alternate screen, mouse mode and raw mode)
        runs instead of the process dying with the terminal still taken.
        """
        with self._lock:
            if self._entered or self._left:
                return
            self._entered = True
        self._write(self.plan.enter)
        atexit.register(self.leave)
        with contextlib.suppress(ValueError):  # signal handlers only from the main thread
            self._previous_sigterm = signal.signal(signal.SIGTERM, self._on_sigterm)

    def leave(self) -> None:
        """Restore the terminal; safe to call from every exit path, any number of times."""
        with self._lock:
            if not self._entered or self._left:
                return
            self._left = True
        self._write(self.plan.leave)
        atexit.unregister(self.leave)
        if self._previous_sigterm is not None:
            with contextlib.suppress(ValueError):
                if signal.getsignal(signal.SIGTERM) == self._on_sigterm:
                    signal.signal(signal.SIGTERM, self._previous_sigterm)

    def _write(self, sequence: str) -> None:
        """Write and flush, ignoring a stream that is already closed."""
        if not sequence:
            return
        with contextlib.suppress(OSError, ValueError):
            self.stream.write(sequence)
            self.stream.flush()

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        """Restore the terminal, then let the previous SIGTERM behaviour happen."""
        previous = self._previous_sigterm
        self.leave()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise SystemExit(128 + signum)


def enter_terminal(plan: TerminalPlan, stream: TextIO) -> TerminalSession:
    """Apply a plan to a stream now; call `.leave()` on the result when the app exits."""
    session = TerminalSession(plan, stream)
    session.enter()
    return session


__all__ = [
    "BIDI_CHOICES",
    "BIDI_ENV",
    "MODES",
    "BidiChoice",
    "TerminalPlan",
    "TerminalSession",
    "bidi_choice",
    "detect_terminal",
    "enter_terminal",
    "locale_is_utf8",
    "plan_terminal",
]
