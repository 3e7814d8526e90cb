"""Who the terminal is, what the app does about its bidi, overrides, and the session that
gives the terminal back on every way out (pure functions; the pty tests are in
test_terminal_handshake.py)."""

from __future__ import annotations

import io
import signal
from typing import Any

import pytest

from tui.rtl.handshake import SILENT, Answers, parse_answers
from tui.rtl.terminal import (
    BDSM_EXPLICIT,
    BDSM_IMPLICIT,
    EXIT_SIGNALS,
    SCP_DEFAULT,
    SCP_LTR,
    TEXTUAL_TEARDOWN,
    Outer,
    TerminalPlan,
    enter_terminal,
    plan_terminal,
)
from tui.rtl.terminals import Terminal, follow_up, from_environment, identify

UTF8 = {"LANG": "en_US.UTF-8"}
MLTERM_OFF, MLTERM_ON = "\x1b]5379;use_ctl=false\x07", "\x1b]5379;use_ctl=true\x07"
KONSOLE_OFF = "\x1b]50;BidiRenderingEnabled=false\x07"
KONSOLE_ON = "\x1b]50;BidiRenderingEnabled=true\x07"


def said(**fields: Any) -> Answers:
    """Answers from a terminal that answered the probe in a millisecond."""
    return Answers(0.001)._replace(**fields)


def plan_for(answers: Answers, env: dict[str, str] | None = None, **kw: object) -> TerminalPlan:
    environment = {**UTF8, **(env or {})}
    return plan_terminal(
        environment,
        None,
        answers,
        terminal=identify(answers, environment),
        **kw,  # type: ignore[arg-type]
    )


# -- what the terminals answer (measured here, or read in their source: RTL-NOTES) ------------

VTE_070 = said(da2=(65, 7006, 1), bdsm=1)
VTE_076 = said(xtversion="VTE(7600)", da2=(61, 7600, 1), bdsm=1)
WEZTERM = said(xtversion="WezTerm 20240203-110809-5046fc22", da2=(1, 277, 0), bdsm=2)
MINTTY = said(xtversion="mintty 3.7.0", da2=(77, 30700, 0), bdsm=1)
MLTERM = said(da2=(24, 279, 0), mlterm_use_ctl=True)
MLTERM_OFF_ALREADY = said(xtversion="mlterm(3.9.3)", mlterm_use_ctl=False)
KONSOLE = said(xtversion="Konsole 22.12.3", da2=(1, 115, 0))
KONSOLE_21 = said(da2=(0, 115, 0))
XTERM = said(xtversion="XTerm(379)", da2=(41, 379, 0), bdsm=0)
KITTY = said(xtversion="kitty(0.32.2)", da2=(1, 4000, 32), bdsm=0)
APPLE = said(da2=(1, 95, 0))
ITERM2 = said(xtversion="iTerm2 3.5.14", da2=(64, 2500, 0), bdsm=4)
TMUX = said(xtversion="tmux 3.3a", da2=(84, 0, 0))
SCREEN = said(da2=(83, 40901, 0))
UNKNOWN = said(da2=(7, 1, 0), bdsm=1)


@pytest.mark.parametrize(
    ("answers", "name", "mode", "enter", "leave", "notice"),
    [
        (VTE_070, "vte", "app", BDSM_EXPLICIT + SCP_LTR, SCP_DEFAULT + BDSM_IMPLICIT, None),
        (VTE_076, "vte", "app", BDSM_EXPLICIT + SCP_LTR, SCP_DEFAULT + BDSM_IMPLICIT, None),
        # WezTerm's default is explicit: the way out must not turn its bidi on
        (WEZTERM, "wezterm", "app", BDSM_EXPLICIT + SCP_LTR, SCP_DEFAULT + BDSM_EXPLICIT, None),
        (MINTTY, "mintty", "app", BDSM_EXPLICIT + SCP_LTR, SCP_DEFAULT + BDSM_IMPLICIT, None),
        (MLTERM, "mlterm", "app", BDSM_EXPLICIT + MLTERM_OFF, MLTERM_ON, None),
        (MLTERM_OFF_ALREADY, "mlterm", "app", BDSM_EXPLICIT + MLTERM_OFF, MLTERM_OFF, None),
        (KONSOLE, "konsole", "app", BDSM_EXPLICIT + KONSOLE_OFF, KONSOLE_ON, None),
        (KONSOLE_21, "konsole", "app", BDSM_EXPLICIT + KONSOLE_OFF, KONSOLE_ON, None),
        (XTERM, "xterm", "app", BDSM_EXPLICIT, "", None),
        (KITTY, "kitty", "app", BDSM_EXPLICIT, "", None),
        (APPLE, "apple-terminal", "terminal", "", "", None),
        (ITERM2, "iterm2", "app", BDSM_EXPLICIT, "", "iterm2_setting"),
        (TMUX, "tmux", "app", BDSM_EXPLICIT, "", "outer_unknown"),
        (SCREEN, "screen", "app", BDSM_EXPLICIT, "", "outer_unknown"),
        (UNKNOWN, "other", "app", BDSM_EXPLICIT + SCP_LTR, SCP_DEFAULT + BDSM_IMPLICIT, None),
        (said(bdsm=3), "other", "terminal", "", "", None),  # BDSM locked on: it reorders
        (SILENT, "other", "app", BDSM_EXPLICIT, "", None),
    ],
)  # fmt: skip
def test_terminals_from_their_answers(
    answers: Answers, name: str, mode: str, enter: str, leave: str, notice: str | None
) -> None:
    """Recognised from the answers alone (no environment, as over ssh), each terminal gets
    its mode, its switch and the restore of what it reported."""
    plan = plan_for(answers)
    assert plan.terminal.name == name
    assert (plan.mode, plan.enter, plan.leave, plan.notice_key) == (mode, enter, leave, notice)


def test_answers_beat_a_stale_environment() -> None:
    """Variables a parent terminal left behind (VTE_VERSION inside tmux) do not decide."""
    plan = plan_for(TMUX, {"VTE_VERSION": "7006"})
    assert plan.terminal.name == "tmux"
    assert plan_for(KONSOLE, {"VTE_VERSION": "7006"}).terminal.name == "konsole"


@pytest.mark.parametrize(
    ("env", "name", "enter", "leave"),
    [
        ({"VTE_VERSION": "7200", "TERM": "xterm-256color"}, "vte", BDSM_EXPLICIT, BDSM_IMPLICIT),
        ({"TERM_PROGRAM": "WezTerm"}, "wezterm", BDSM_EXPLICIT, ""),
        ({"MLTERM": "3.9.3"}, "mlterm", BDSM_EXPLICIT + MLTERM_OFF, MLTERM_ON),
        ({"KONSOLE_VERSION": "221203"}, "konsole", BDSM_EXPLICIT + KONSOLE_OFF, KONSOLE_ON),
        ({"XTERM_VERSION": "XTerm(379)"}, "xterm", BDSM_EXPLICIT, ""),
        ({"TERM": "xterm-kitty"}, "kitty", BDSM_EXPLICIT, ""),
        ({"TERM": "xterm-256color"}, "other", BDSM_EXPLICIT, ""),
    ],
)  # fmt: skip
def test_a_silent_terminal_is_named_by_its_environment(
    env: dict[str, str], name: str, enter: str, leave: str
) -> None:
    """No answers: the environment is the only hint (VTE gets its default back)."""
    plan = plan_for(SILENT, env)
    assert (plan.terminal.name, plan.terminal.source != "answers") == (name, True)
    assert (plan.mode, plan.enter, plan.leave) == ("app", enter, leave)


@pytest.mark.parametrize(
    ("outer", "enter", "leave", "notice"),
    [
        (Outer(Terminal("vte", "", "environment", "env=VTE_VERSION"), True),
         BDSM_EXPLICIT + "\x1bPtmux;\x1b\x1b[8l\x1b\\", "\x1bPtmux;\x1b\x1b[8h\x1b\\", None),
        (Outer(Terminal("vte", "", "environment", "env=VTE_VERSION"), False),
         "", "", "outer_passthrough"),
        (Outer(Terminal("konsole", "22.12.3", "answers", "xtversion=Konsole 22.12.3"), True),
         BDSM_EXPLICIT + "\x1bPtmux;\x1b\x1b[8l\x1b\x1b]50;BidiRenderingEnabled=false\x07\x1b\\",
         "\x1bPtmux;\x1b\x1b]50;BidiRenderingEnabled=true\x07\x1b\\", None),
        (Outer(Terminal("xterm", "379", "answers", "xtversion=XTerm(379)"), False),
         BDSM_EXPLICIT, "", None),
        (Outer(Terminal("apple-terminal", "", "environment", "env=TERM_PROGRAM"), False),
         "", "", "outer_reorders"),
        (Outer(Terminal("other", "", "nothing", "env=TERM=xterm"), True),
         BDSM_EXPLICIT, "", "outer_unknown"),
    ],
)  # fmt: skip
def test_the_terminal_around_tmux(outer: Outer, enter: str, leave: str, notice: str | None) -> None:
    """tmux passes cells as sent: the terminal around it gets its switch through tmux's
    passthrough where that is allowed; where it reorders and the switch cannot reach it,
    it is left to reorder (terminal mode) and a notice names the setting."""
    plan = plan_for(TMUX, outer=outer)
    mode = "app" if enter else "terminal"
    assert (plan.mode, plan.enter, plan.leave, plan.notice_key) == (mode, enter, leave, notice)


def test_screen_passes_the_switch_in_its_own_dcs() -> None:
    outer = Outer(Terminal("mlterm", "", "environment", "env=MLTERM"), True)
    plan = plan_for(SCREEN, outer=outer)
    assert plan.enter == BDSM_EXPLICIT + "\x1bP" + BDSM_EXPLICIT + MLTERM_OFF + "\x1b\\"


@pytest.mark.parametrize(
    ("locale", "english"),
    [
        ({"LANG": "ar_EG.UTF-8"}, False),
        ({"LC_ALL": "C.utf8"}, False),
        ({"LANG": "ar_EG.ISO-8859-6"}, True),
        ({"LANG": "en_US.UTF-8", "LC_CTYPE": "POSIX"}, True),  # LC_CTYPE beats LANG
        ({"LC_ALL": "ar_EG.UTF-8", "LC_CTYPE": "C"}, False),  # LC_ALL beats both
        ({"LANG": "C"}, True),
        ({}, False),
    ],
)
def test_locale_decides_whether_arabic_can_show(locale: dict[str, str], english: bool) -> None:
    """A non-UTF-8 locale falls back to English with a reason."""
    plan = plan_terminal(locale)
    assert plan.force_english is english
    assert plan.notice_key == ("no_arabic_locale" if english else None)


def test_the_linux_console_falls_back_to_english() -> None:
    plan = plan_terminal({**UTF8, "TERM": "linux"})
    assert (plan.mode, plan.force_english, plan.notice_key) == ("off", True, "no_arabic_linux")


def test_override_beats_env_which_beats_a_kept_choice_which_beats_detection() -> None:
    """--bidi wins over TUI_BIDI, which wins over the user's kept choice, then detection."""
    apple = identify(APPLE, UTF8)
    assert plan_terminal(UTF8, None, APPLE, terminal=apple).mode == "terminal"
    kept = plan_terminal(UTF8, None, APPLE, terminal=apple, chosen="app")
    assert (kept.mode, kept.decided_by, kept.detected) == ("app", "choice", "terminal")
    env = {**UTF8, "TUI_BIDI": "off"}
    assert plan_terminal(env, None, APPLE, terminal=apple, chosen="app").decided_by == "TUI_BIDI"
    forced = plan_terminal(env, "app", APPLE, terminal=apple, chosen="terminal")
    assert (forced.mode, forced.decided_by) == ("app", "--bidi")
    vte = plan_for(VTE_070)
    assert plan_terminal({**UTF8}, "terminal", VTE_070, terminal=vte.terminal).enter == ""


def test_bad_setting_names_its_source() -> None:
    """An unknown value is an error that says where it came from and what is allowed."""
    with pytest.raises(ValueError, match="--bidi must be one of auto, app, terminal, off"):
        plan_terminal(UTF8, "rtl")
    with pytest.raises(ValueError, match="TUI_BIDI"):
        plan_terminal({**UTF8, "TUI_BIDI": "yes"})


def test_plan_is_frozen() -> None:
    """A plan is decided once and cannot drift."""
    plan = plan_terminal(UTF8)
    with pytest.raises(AttributeError):
        plan.mode = "off"  # type: ignore[misc]


# -- the conversation's parts -------------------------------------------------------------


def test_answers_are_parsed_and_the_rest_is_typeahead() -> None:
    """Everything that is not an answer (keys typed during the start) is kept, in order."""
    data = (
        b"5\x1b[12;1R\x1bP>|XTerm(379)\x1b\\/x\x1b[>41;379;0c\x1b[8;0$y\x1b[?64;1;2c"
        b"#challenge=1678516912\n#use_ctl=false\nq\x1b[1;1R"
    )
    answers = parse_answers(data, 0.002)
    assert answers.xtversion == "XTerm(379)"
    assert answers.da2 == (41, 379, 0)
    assert answers.bdsm == 0
    assert answers.mlterm_challenge == b"1678516912"
    assert answers.mlterm_use_ctl is False
    assert answers.typeahead == b"5/xq"


def test_what_is_asked_next() -> None:
    """DECRQM where BDSM may be implemented (not Apple's Terminal: it prints a `p`),
    mlterm's challenge then its setting; nothing more once known."""
    assert follow_up(said(da2=(65, 7006, 1)), {}) == b"\x1b[8$p"
    assert follow_up(said(da2=(7, 1, 0)), {}) == b"\x1b[8$p"  # unknown: ask
    assert follow_up(VTE_070, {}) == b""
    assert follow_up(APPLE, {}) == b""
    assert follow_up(XTERM._replace(bdsm=None), {}) == b""
    assert follow_up(KONSOLE, {}) == b""
    assert follow_up(said(da2=(24, 279, 0)), {}) == b"\x1b]5380;challenge\x07"
    with_secret = said(da2=(24, 279, 0), mlterm_challenge=b"42")
    assert follow_up(with_secret, {}) == b"\x1b]5380;42;use_ctl\x07"
    assert follow_up(MLTERM, {}) == b""
    assert follow_up(said(da2=(24, 279, 0), refused=True), {}) == b""


def test_environment_names_only_what_it_can() -> None:
    """TERM=xterm-256color names no terminal (most claim it); tmux's own variables are
    looked past for the terminal around it."""
    assert from_environment({"TERM": "xterm-256color"}).name == "other"
    inside = {"TMUX": "/tmp/tmux-0/default,1,0", "VTE_VERSION": "7006"}
    assert from_environment(inside).name == "tmux"
    assert from_environment(inside, multiplexers=False).name == "vte"


# -- the session -------------------------------------------------------------------------


def test_enter_and_leave_are_written_once() -> None:
    """Entering twice writes once; leaving from several exit paths restores once, and the
    signal handlers go back to what they were."""
    stream = io.StringIO()
    plan = plan_for(VTE_070)
    previous = signal.getsignal(signal.SIGTERM)
    session = enter_terminal(plan, stream)
    session.enter()
    assert all(signal.getsignal(s) == session._on_signal for s in EXIT_SIGNALS)
    session.leave()
    session.leave()
    assert stream.getvalue() == plan.enter + plan.leave
    assert signal.getsignal(signal.SIGTERM) == previous


def test_switching_follows_the_mode() -> None:
    """Suspend gives the terminal its bidi back, resume takes it again; a session whose mode
    leaves order to the terminal writes nothing."""
    stream = io.StringIO()
    plan = plan_for(VTE_070)
    session = enter_terminal(plan, stream)
    session.switch(off=False)
    session.switch(off=False)
    session.switch(off=True)
    session.leave()
    assert stream.getvalue() == (plan.enter + plan.leave) * 2
    quiet = io.StringIO()
    enter_terminal(plan._replace(mode="terminal"), quiet).leave()
    assert quiet.getvalue() == ""


def test_a_signal_before_the_app_runs_unwinds_with_the_exit_status() -> None:
    """Before the app can be asked to leave, a signal unwinds (the `finally`s restore)."""
    stream = io.StringIO()
    session = enter_terminal(plan_for(MLTERM), stream)
    ended: list[object] = []
    session._exit = ended.append
    try:
        with pytest.raises(SystemExit) as exited:
            session._on_signal(signal.SIGHUP, None)
        assert exited.value.code == 128 + signal.SIGHUP
        session.leave()
        assert stream.getvalue() == BDSM_EXPLICIT + MLTERM_OFF + MLTERM_ON
    finally:
        session.leave()
    assert session._watchdog is not None
    session._watchdog.join()  # a process that did not end within the grace is ended
    assert ended == [128 + signal.SIGHUP]


def test_a_signal_while_the_app_runs_asks_it_to_leave_and_a_second_ends_it() -> None:
    """While the app runs, a signal asks it to leave; a second one restores everything
    (what Textual turned on too) and ends the process at once."""
    asked: list[int] = []
    ended: list[object] = []
    stream = io.StringIO()
    session = enter_terminal(plan_for(VTE_070), stream)
    session._exit = ended.append
    session.request_exit = asked.append
    session.screen_taken = True
    session._on_signal(signal.SIGTERM, None)
    assert (asked, ended) == ([128 + signal.SIGTERM], [])
    session._on_signal(signal.SIGTERM, None)
    assert ended == [128 + signal.SIGTERM]
    written = stream.getvalue()
    assert written.endswith(TEXTUAL_TEARDOWN + SCP_DEFAULT + BDSM_IMPLICIT)
    assert session._watchdog is not None
    session._watchdog.cancel()
    session.leave()
    assert stream.getvalue() == written  # nothing twice


def test_closed_stream_does_not_raise() -> None:
    """Restoring on a stream that is already closed is silent."""
    stream = io.StringIO()
    session = enter_terminal(plan_for(VTE_070), stream)
    stream.close()
    session.leave()


def test_a_silent_terminal_costs_one_bounded_wait_and_is_asked_nothing_more() -> None:
    """The probe alone, then FIRST_BOUND seconds at most: a terminal that answers nothing
    is never sent a question whose late answer Textual would read as keys. (The first-paint
    benchmark measures the whole delay against a terminal that answers.)"""
    import os
    import pty
    import select

    from tui.rtl.handshake import CPR, FIRST_BOUND, converse

    master, slave = pty.openpty()
    try:
        asked: list[Answers] = []

        def follow_up(said: Answers) -> bytes:
            asked.append(said)
            return b"\x1b[8$p"

        answers = converse(slave, follow_up)
        assert (answers.round_trip, answers.rounds, asked) == (None, 1, [])
        assert answers.elapsed >= FIRST_BOUND
        written = b""
        while select.select([master], [], [], 0)[0]:
            written += os.read(master, 1024)
        assert written == CPR
    finally:
        os.close(master)
        os.close(slave)


def test_the_first_answer_is_waited_for_longer_over_ssh_or_as_asked() -> None:
    from tui.rtl.handshake import FIRST_BOUND, SSH_FIRST_BOUND, first_bound

    assert first_bound({}) == FIRST_BOUND == 0.1
    assert first_bound({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}) == SSH_FIRST_BOUND
    assert first_bound({"SSH_TTY": "/dev/pts/3", "TUI_TERMINAL_WAIT": "1.5"}) == 1.5
    assert first_bound({"TUI_TERMINAL_WAIT": "forever"}) == FIRST_BOUND
    assert first_bound({"TUI_TERMINAL_WAIT": "60"}) == FIRST_BOUND  # over 10 s: not taken
