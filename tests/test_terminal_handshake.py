"""In a real pty, played as real terminals answer (tests/fake_terminal.py), without the
terminals' environment variables (as over ssh): what the browser asks, what it decides,
what it sends before the first frame and on every way out, and that nothing a terminal
answers is left for Textual to read as keys.

The runs go side by side (one module fixture), so the module takes about as long as the
slowest run.
"""

from __future__ import annotations

import os
import signal
import sys
import termios
import time
from collections.abc import Iterable, Iterator

import pytest

from tests.fake_terminal import PROFILES, PtyRun, pump_together
from tui.rtl.terminal import BDSM_EXPLICIT, BDSM_IMPLICIT, SCP_DEFAULT, SCP_LTR

MARK = b"Department of Finance"
"""On the first frame (the app runs in English: `--lang en`)."""

CPR, XTVERSION, DA2, DECRQM = b"\x1b[6n", b"\x1b[>0q", b"\x1b[>c", b"\x1b[8$p"
CHALLENGE = b"\x1b]5380;challenge\x07"
USE_CTL = b"\x1b]5380;1678516912;use_ctl\x07"

MLTERM_OFF = b"\x1b]5379;use_ctl=false\x07"
MLTERM_ON = b"\x1b]5379;use_ctl=true\x07"
KONSOLE_OFF = b"\x1b]50;BidiRenderingEnabled=false\x07"
KONSOLE_ON = b"\x1b]50;BidiRenderingEnabled=true\x07"
EXPLICIT, IMPLICIT = BDSM_EXPLICIT.encode(), BDSM_IMPLICIT.encode()
LTR, DEFAULT = SCP_LTR.encode(), SCP_DEFAULT.encode()

EXPECTED = {
    # profile: (questions asked in order, sent before the first frame, sent on the way out)
    "vte": ([CPR, XTVERSION, DA2, CPR, DECRQM, CPR], EXPLICIT + LTR, DEFAULT + IMPLICIT),
    "wezterm": ([CPR, XTVERSION, DA2, CPR, DECRQM, CPR], EXPLICIT + LTR, DEFAULT + EXPLICIT),
    "mlterm": (
        [CPR, XTVERSION, DA2, CPR, CHALLENGE, CPR, USE_CTL, CPR], EXPLICIT + MLTERM_OFF, MLTERM_ON
    ),
    "konsole": ([CPR, XTVERSION, DA2, CPR], EXPLICIT + KONSOLE_OFF, KONSOLE_ON),
    "xterm": ([CPR, XTVERSION, DA2, CPR], EXPLICIT, b""),
    "tmux": ([CPR, XTVERSION, DA2, CPR], EXPLICIT, b""),
    "apple": ([CPR, XTVERSION, DA2, CPR], b"", b""),  # never DECRQM: it would print a `p`
    "silent": ([CPR], EXPLICIT, b""),
    "slow": ([CPR], EXPLICIT, b""),  # its answer came after the bound: nothing more is asked
}  # fmt: skip

ALT_ON, ALT_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
MOUSE_ON, MOUSE_OFF = b"\x1b[?1000h", b"\x1b[?1000l"


@pytest.fixture(scope="module")
def quit_runs() -> Iterator[dict[str, PtyRun]]:
    """The browser started in each terminal and left with `q`."""
    runs = {name: PtyRun.browser(PROFILES[name], "--lang", "en") for name in EXPECTED}
    try:
        _until_first_frame(runs.values())
        pump_together(list(runs.values()), 0.6)  # the slow terminal's late answer arrives
        for run in runs.values():
            run.type(b"q")
        pump_together(list(runs.values()), 20)
        for run in runs.values():
            run.finish()
        yield runs
    finally:
        for run in runs.values():
            run.close()


def _until_first_frame(runs: Iterable[PtyRun]) -> None:
    started = list(runs)
    pump_together(started, 60, until=MARK)
    pending = [r for r in started if MARK not in r.out]
    assert not pending, [bytes(r.out[-300:]) for r in pending]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_terminal_is_asked_and_told(quit_runs: dict[str, PtyRun], name: str) -> None:
    """The questions, in order; the switch before the alternate screen; the state the
    terminal reported put back after it, on `q`."""
    run = quit_runs[name]
    asked, enter, leave = EXPECTED[name]
    assert run.proc.returncode == 0, bytes(run.out[-500:])
    assert run.queries == asked
    out = bytes(run.out)
    alternate = out.index(ALT_ON)
    if enter:
        assert out.index(enter) < alternate
    if leave:
        assert out.rindex(leave) > out.rindex(ALT_OFF)
        assert out.endswith(leave)
    for switch in (b"\x1b[8l", b"\x1b[8h", MLTERM_OFF, MLTERM_ON, KONSOLE_OFF, KONSOLE_ON):
        if switch not in enter + leave:  # nothing meant for another terminal
            assert switch not in out


def test_nothing_answered_reaches_the_app_as_keys(quit_runs: dict[str, PtyRun]) -> None:
    """Answers read as keys would jump to departments ("6", "5", "7", ...), open help
    ("?") or search: every run still shows department 1 when it quits, and a terminal
    that answered too late was asked only the probe, whose late answer is harmless."""
    for name, run in quit_runs.items():
        out = bytes(run.out)
        last_frame = out[out.rindex(MARK) - 4000 :]
        assert b"Keys" not in last_frame, name  # the help screen's title
        assert b"Proactively advising" in out[out.index(MARK) :], name


def test_keys_typed_during_the_start_are_not_lost() -> None:
    """`5` typed before the terminal could answer: the browser opens on department 5."""
    run = PtyRun.browser(PROFILES["vte"], "--lang", "en", typeahead=b"5")
    try:
        run.pump(60, until=b"Breakthroughs in science")
        assert b"Breakthroughs in science" in run.out, bytes(run.out[-500:])
        run.type(b"q")
        assert run.finish() == 0
    finally:
        run.close()


def _echo_and_lines(run: PtyRun) -> int:
    return run.modes()[3] & (termios.ECHO | termios.ICANON)


CRASH = (
    "import sys, tui.app\n"
    "def broken(self): raise RuntimeError('a bug')\n"
    "tui.app.PolicyBrowser.action_help = broken\n"
    "from tui.cli import main\n"
    "sys.exit(main(['--lang', 'en']))\n"
)


@pytest.fixture(scope="module")
def ways_out() -> Iterator[dict[str, PtyRun]]:
    """The browser in VTE (its switch and restore are the richest), left each way."""
    vte = PROFILES["vte"]
    runs = {
        way: PtyRun.browser(vte, "--lang", "en")
        for way in ("SIGTERM", "SIGTERM twice", "SIGHUP", "SIGQUIT", "SIGINT", "SIGUSR1",
                    "SIGALRM", "ctrl+z fg")
    }  # fmt: skip
    runs["crash"] = PtyRun.start(vte, [sys.executable, "-c", CRASH])
    try:
        _until_first_frame(runs.values())
        for way, run in runs.items():
            name = way.split()[0]
            if name.startswith("SIG"):
                run.proc.send_signal(getattr(signal, name))
                if way == "SIGTERM twice":
                    time.sleep(0.07)
                    run.proc.send_signal(signal.SIGTERM)
            elif way == "crash":
                run.type(b"?")
            else:
                run.type(b"\x1a")  # Ctrl+Z
        pump_together([r for w, r in runs.items() if w != "ctrl+z fg"], 20)
        ctrl_z = runs["ctrl+z fg"]
        ctrl_z.pump(5, until=ALT_OFF)
        ctrl_z.notes["suspended"] = bytes(ctrl_z.out)
        time.sleep(0.3)
        ctrl_z.proc.send_signal(signal.SIGCONT)
        ctrl_z.pump(10, until=bytes(ctrl_z.out[-1:]) + b"\x1b[2J")
        ctrl_z.pump(2)
        ctrl_z.type(b"q")
        for run in runs.values():
            run.finish()
        yield runs
    finally:
        for run in runs.values():
            run.close()


@pytest.mark.parametrize(
    ("way", "status"),
    [
        ("SIGTERM", 128 + signal.SIGTERM),
        ("SIGTERM twice", 128 + signal.SIGTERM),
        ("SIGHUP", 128 + signal.SIGHUP),
        ("SIGQUIT", 128 + signal.SIGQUIT),
        ("SIGINT", 128 + signal.SIGINT),
        ("SIGUSR1", 128 + signal.SIGUSR1),
        ("SIGALRM", 128 + signal.SIGALRM),
        ("crash", 1),
        ("ctrl+z fg", 0),
    ],
)
def test_every_way_out_gives_the_terminal_back(
    ways_out: dict[str, PtyRun], way: str, status: int
) -> None:
    """Bidi state as VTE reported it, the main screen, mouse reporting off, and the tty's
    echo and line editing back, whichever way the app ends."""
    run = ways_out[way]
    assert run.proc.returncode == status, bytes(run.out[-800:])
    out = bytes(run.out)
    assert out.rindex(DEFAULT + IMPLICIT) > out.rindex(EXPLICIT + LTR)
    assert out.rindex(ALT_OFF) > out.rindex(ALT_ON)
    assert out.rindex(MOUSE_OFF) > out.rindex(MOUSE_ON)
    assert _echo_and_lines(run) == termios.ECHO | termios.ICANON


def test_ctrl_z_hands_the_bidi_back_and_fg_takes_it_and_redraws(
    ways_out: dict[str, PtyRun],
) -> None:
    """Suspended, the shell gets VTE's own bidi back; on `fg` the app switches it off
    again, clears the screen (VTE marks each row with the mode it was cleared in) and draws
    every cell anew."""
    run = ways_out["ctrl+z fg"]
    suspended = run.notes["suspended"]
    back, off = suspended.rindex(DEFAULT + IMPLICIT), suspended.rindex(EXPLICIT + LTR)
    assert suspended.rindex(ALT_OFF) > back > off
    resumed = bytes(run.out)[len(suspended) :]
    switch = resumed.index(EXPLICIT + LTR)
    assert resumed.index(ALT_ON) < switch < resumed.index(b"\x1b[2J", switch)
    assert MARK in resumed[switch:]


def test_crash_shows_what_went_wrong_on_the_main_screen(ways_out: dict[str, PtyRun]) -> None:
    out = bytes(ways_out["crash"].out)
    assert b"a bug" in out[out.rindex(ALT_OFF) :]


def test_commands_ask_too_and_give_typed_keys_back_to_the_shell() -> None:
    """`show` on a terminal lays text out for VTE after asking it (its switch around the
    output, its state put back), and keys typed meanwhile go back to the terminal's input
    for the shell (where the system allows TIOCSTI, as here)."""
    run = PtyRun.start(
        PROFILES["vte"], [sys.executable, "-m", "tui", "show", "1"], typeahead=b"ls\r"
    )
    try:
        assert run.finish() == 0
        assert run.queries == EXPECTED["vte"][0]
        out = bytes(run.out)
        assert out.rindex(CPR) < out.index(EXPLICIT + LTR) < out.index(b"\x1b[0m")  # then text
        assert out.endswith(DEFAULT + IMPLICIT)
        os.set_blocking(run.tty, False)
        assert os.read(run.tty, 100) == b"ls\n"
    finally:
        run.close()
