"""The calibration screen, the kept choice per terminal, and `doctor`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.app_builder import build_app
from tests.conftest import cli
from tests.fake_terminal import PROFILES, PtyRun
from tui.app import PolicyBrowser
from tui.bidi_choice import choice_path, keep_choice, read_choices
from tui.model import Lang
from tui.rtl.terminal import TerminalSession, plan_terminal
from tui.rtl.terminals import Terminal
from tui.screens.calibration import CalibrationScreen
from tui.widgets.rtl_text import BidiText

WIDE = (120, 36)
VTE = Terminal("vte", "0.70.6", "answers", "da2=65;7006;1")


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own; the path of the choices file in it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = choice_path()
    assert path == tmp_path / "policy-browser" / "bidi.toml"
    return path


def _with_session(
    stream: io.StringIO, lang: Lang | None = None
) -> tuple[PolicyBrowser, TerminalSession]:
    app = build_app(lang=lang)
    plan = plan_terminal({"LANG": "C.UTF-8", "VTE_VERSION": "7006"}, terminal=VTE)
    session = TerminalSession(stream, plan)
    session.enter()
    app.terminal = session
    return app, session


async def test_help_opens_it_and_each_sample_is_drawn_in_its_mode() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark", "b")
        await pilot.pause()
        assert isinstance(app.screen, CalibrationScreen)
        samples = list(app.screen.query(".sample").results(BidiText))
        assert [s._bidi.mode for s in samples] == ["app"] * 3 + ["terminal"] * 3 + ["off"] * 3
        assert "2025–2030" in samples[0].plain and "(" in samples[0].plain


async def test_a_digit_tries_a_mode_everywhere_and_switches_the_terminal(
    config: Path,
) -> None:
    """2 (or ٢ from an Arabic keyboard): everything is drawn in terminal mode and the
    terminal gets its own bidi back; 1 takes it again; Escape returns to where it was."""
    stream = io.StringIO()
    app, session = _with_session(stream)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark", "b", "٢")
        await pilot.pause()
        assert app.bidi_mode == "terminal"
        assert app.main_screen.context.mode == "terminal"
        assert not session._switched  # the terminal's own bidi is back on
        status = app.screen.query_one("#calibrate-status", BidiText)
        assert "2" in status.plain and "VTE" in status.plain
        await pilot.press("1")
        assert session._switched and app.bidi_mode == "app"
        await pilot.press("3", "escape")
        await pilot.pause()
        assert app.bidi_mode == "app"
        assert not isinstance(app.screen, CalibrationScreen)
    assert not config.exists()  # nothing kept
    session.leave()


async def test_enter_keeps_the_mode_for_this_terminal(config: Path) -> None:
    stream = io.StringIO()
    app, session = _with_session(stream, "en")
    keep_choice(config, "konsole", "app")  # another terminal's entry stays
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark", "b", "2", "enter")
        await pilot.pause()
        assert app.calibrated == "terminal"
        # in terminal mode messages go to the status row (a toast would be reordered)
        status = app.main_screen.query_one("#status-bar", BidiText)
        assert status.plain.startswith("Kept “terminal” for VTE") and "bidi.toml" in status.plain
    session.leave()
    assert read_choices(config).modes == {"konsole": "app", "vte": "terminal"}


def test_damaged_choices_are_reported_with_file_and_line_and_skipped(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text('[terminals]\nvte = "sideways"\nkonsole = "app"\n', encoding="utf-8")
    kept = read_choices(config)
    assert kept.modes == {"konsole": "app"}
    assert kept.problems == [
        f"{config}:2: vte = 'sideways' is not a mode (app, terminal or off); the entry is skipped"
    ]
    config.write_text("[terminals\n", encoding="utf-8")
    (problem,) = read_choices(config).problems
    assert problem.startswith(f"{config}:1:") and "the file is ignored" in problem
    config.write_bytes(b"\xff\xfe")
    assert "not UTF-8" in read_choices(config).problems[0]


async def test_a_damaged_choice_is_a_notice_not_a_crash() -> None:
    from tests.conftest import CONTENT
    from tui.app import PolicyBrowser
    from tui.store import load_store

    app = PolicyBrowser(load_store(CONTENT), problems=["bidi.toml:2: bad"], watch=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert any("bidi.toml:2" in n.message for n in app._notifications)


def test_a_kept_choice_is_used_and_the_doctor_says_so(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a terminal (as here) the doctor only reports; a choice kept for this
    terminal decides its mode, and `--bidi` still beats it."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("VTE_VERSION", "KONSOLE_VERSION", "MLTERM", "TERM_PROGRAM", "TMUX", "STY"):
        monkeypatch.delenv(name, raising=False)
    keep_choice(config, "env=TERM=xterm-256color", "terminal")
    code, out, _ = cli(capsys, "doctor")
    assert code == 0
    assert "mode:         terminal (by your choice for this terminal)" in out
    assert "detected:     app" in out
    code, out, _ = cli(capsys, "doctor", "--format", "json", "--bidi", "off")
    report = json.loads(out)
    assert (report["mode"], report["decided_by"]) == ("off", "--bidi")
    assert report["terminal"]["choice_key"] == "env=TERM=xterm-256color"
    monkeypatch.setenv("TUI_BIDI", "sideways")
    assert cli(capsys, "doctor")[0] == 2


def test_doctor_in_a_terminal_calibrates_and_keeps_the_choice(tmp_path: Path) -> None:
    """`doctor` on a terminal that names nothing: the calibration screen opens, 2 then
    Enter keeps terminal mode for it, and the report says so."""
    run = PtyRun.start(
        PROFILES["silent"],
        [sys.executable, "-m", "tui", "doctor", "--lang", "en"],
        env={"XDG_CONFIG_HOME": str(tmp_path)},
    )
    try:
        run.pump(60, until=b"Which sample reads right?")
        assert b"Which sample reads right?" in run.out, bytes(run.out[-500:])
        run.type(b"2")
        run.pump(3)
        run.type(b"\r")
        assert run.finish() == 0
        out = bytes(run.out).decode("utf-8", "replace")
        assert "mode:         terminal (by your choice for this terminal)" in out
    finally:
        run.close()
    kept = read_choices(tmp_path / "policy-browser" / "bidi.toml").modes
    assert kept == {"env=TERM=xterm-256color": "terminal"}
