"""Terminal detection, bidi overrides, and restoring the terminal on every exit path."""

from __future__ import annotations

import io
import signal

import pytest

from tui.rtl.terminal import (
    MLTERM_ENTER,
    MLTERM_LEAVE,
    VTE_ENTER,
    VTE_LEAVE,
    TerminalPlan,
    enter_terminal,
    plan_terminal,
)

UTF8 = {"LANG": "en_US.UTF-8"}


@pytest.mark.parametrize(
    ("env", "terminal", "mode", "enter", "notice", "english"),
    [
        ({"VTE_VERSION": "7200", "TERM": "xterm-256color"}, "vte", "app", VTE_ENTER, None, False),
        ({"TERM_PROGRAM": "WezTerm"}, "wezterm", "app", VTE_ENTER, None, False),
        ({"MLTERM": "3.9.3"}, "mlterm", "app", MLTERM_ENTER, None, False),
        ({"KONSOLE_VERSION": "221203"}, "konsole", "terminal", "", "konsole_profile", False),
        ({"TMUX": "/tmp/tmux-0/default,1,0", "VTE_VERSION": "7200"}, "tmux", "app", "",
         "tmux_outer", False),
        ({"STY": "1234.pts-0"}, "screen", "app", "", "tmux_outer", False),
        ({"TERM": "screen-256color"}, "screen", "app", "", "tmux_outer", False),
        ({"TERM": "tmux-256color"}, "tmux", "app", "", "tmux_outer", False),
        ({"TERM": "linux"}, "linux", "off", "", "no_arabic_linux", True),
        ({"XTERM_VERSION": "XTerm(379)"}, "xterm", "app", "", None, False),
        ({"TERM": "xterm-kitty"}, "xterm", "app", "", None, False),
        ({}, "other", "app", "", None, False),
    ],
)  # fmt: skip
def test_detection_table(
    env: dict[str, str], terminal: str, mode: str, enter: str, notice: str | None, english: bool
) -> None:
    """Each terminal from RTL-NOTES gets its mode, sequences and notice."""
    plan = plan_terminal({**UTF8, **env})
    assert (plan.terminal, plan.mode, plan.enter, plan.notice_key, plan.force_english) == (
        terminal,
        mode,
        enter,
        notice,
        english,
    )


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


def test_override_beats_env_which_beats_detection() -> None:
    """--bidi wins over TUI_BIDI, which wins over what the terminal suggests."""
    konsole = {**UTF8, "KONSOLE_VERSION": "221203"}
    assert plan_terminal(konsole).mode == "terminal"
    assert plan_terminal({**konsole, "TUI_BIDI": "app"}).mode == "app"
    assert plan_terminal({**konsole, "TUI_BIDI": "app"}, "off").mode == "off"
    assert plan_terminal({**konsole, "TUI_BIDI": "app"}, "auto").mode == "terminal"
    vte = {**UTF8, "VTE_VERSION": "7200"}
    forced = plan_terminal(vte, "terminal")
    assert (forced.mode, forced.enter, forced.leave) == ("terminal", "", "")
    assert plan_terminal(vte, "app").leave == VTE_LEAVE
    assert plan_terminal({**UTF8, "MLTERM": "1"}).leave == MLTERM_LEAVE


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


def test_enter_and_leave_are_written_once() -> None:
    """Entering twice writes once; leaving from several exit paths restores once."""
    stream = io.StringIO()
    plan = plan_terminal({**UTF8, "VTE_VERSION": "7200"})
    previous = signal.getsignal(signal.SIGTERM)
    session = enter_terminal(plan, stream)
    session.enter()
    assert signal.getsignal(signal.SIGTERM) == session._on_sigterm
    session.leave()
    session.leave()
    assert stream.getvalue() == VTE_ENTER + VTE_LEAVE
    assert signal.getsignal(signal.SIGTERM) == previous


def test_sigterm_restores_then_exits() -> None:
    """SIGTERM writes the leave sequence before the process goes."""
    stream = io.StringIO()
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        session = enter_terminal(plan_terminal({**UTF8, "MLTERM": "1"}), stream)
        with pytest.raises(SystemExit):
            session._on_sigterm(signal.SIGTERM, None)
        assert stream.getvalue() == MLTERM_ENTER + MLTERM_LEAVE
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_nothing_to_write_is_a_no_op() -> None:
    """xterm needs no sequences: nothing is written, but SIGTERM is still caught (so the
    app's own teardown gives the terminal back) and the old handler returns on leave."""
    stream = io.StringIO()
    previous = signal.getsignal(signal.SIGTERM)
    session = enter_terminal(TerminalPlan("xterm", "app", "", "", None, False), stream)
    assert signal.getsignal(signal.SIGTERM) == session._on_sigterm
    session.leave()
    assert signal.getsignal(signal.SIGTERM) == previous
    assert stream.getvalue() == ""


def test_closed_stream_does_not_raise() -> None:
    """Restoring on a stream that is already closed is silent."""
    stream = io.StringIO()
    session = enter_terminal(plan_terminal({**UTF8, "VTE_VERSION": "1"}), stream)
    stream.close()
    session.leave()
