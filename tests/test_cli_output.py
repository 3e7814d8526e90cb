"""What the text commands send where: visual on a terminal, logical in a pipe, never controls.

Also: every command's --help, and no Textual import outside the browser and screenshots.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

from tests.conftest import ROOT, STYLING, loaded_after
from tui.cli import COMMANDS, main
from tui.commands import wants_visual
from tui.exports import export_store, to_json
from tui.exports.markdown import show_markdown
from tui.model import Department, Localized, Solution, Source, Speaker, Store, Theme
from tui.render_text import department_paragraphs, write_paragraphs
from tui.rtl import layout, plan_terminal

EVIL = "x\x1b]0;pwned\x07y\x9b31mz\x1b[2J [bold red]markup[/] \x7f\x00"
TERMINAL_ENV = ("VTE_VERSION", "KONSOLE_VERSION", "TMUX", "STY", "MLTERM", "TERM_PROGRAM")


def hostile_store() -> Store:
    """A store built past the loader (which rejects controls), as a future source might."""
    evil = Localized(ar=f"إدارة {EVIL}", en=f"Dept {EVIL}")
    department = Department(
        id="evil",
        key="e",
        order=1,
        name=evil,
        speaker=Speaker(evil, evil),
        headline=evil,
        solutions=(Solution(evil, ("t",)),),
        intro=evil,
    )
    return Store(
        title=evil,
        source=Source("outlet", "https://example.org/a", "2025", evil),
        languages=("ar", "en"),
        default_language="ar",
        themes=(Theme("t", evil),),
        departments=(department,),
    )


def assert_no_controls(text: str) -> None:
    """Nothing but styling (SGR, our OSC 8 links) may reach the stream: no other OSC, CSI 2J,
    BEL, C1 or NUL."""
    bare = STYLING.sub("", text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", bare), repr(bare[:200])


@pytest.mark.parametrize("visual", [True, False])
def test_hostile_text_is_shown_not_obeyed(visual: bool) -> None:
    store = hostile_store()
    stream = io.StringIO()
    write_paragraphs(
        department_paragraphs(store, store.departments[0], "en"), stream, visual=visual, width=200
    )
    out = stream.getvalue()
    assert_no_controls(out)
    assert "␛]0;pwned␇y\ufffd31mz␛[2J [bold red]markup[/] ␡␀" in STYLING.sub("", out)


def test_hostile_text_in_json_markdown_and_html() -> None:
    store = hostile_store()
    data = to_json({"text": EVIL})
    assert_no_controls(data.replace("\n", ""))
    assert json.loads(data)["text"] == EVIL  # escaped, not lost
    for document in (
        export_store(store, "json"),
        export_store(store, "html"),
        export_store(store, "markdown"),
        show_markdown(store, store.departments[0], "ar"),
    ):
        assert_no_controls(document.replace("\n", ""))
    assert "[bold red]markup[/]" not in export_store(store, "markdown")  # escaped brackets


def test_content_is_never_rich_markup(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.cli._load", lambda _content, **_kw: hostile_store())
    monkeypatch.setenv("TERM", "xterm-256color")
    assert main(["show", "evil", "--visual", "--lang", "en", "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert "[bold red]markup[/]" in STYLING.sub("", out)
    assert "\x1b[1;31m" not in out
    assert_no_controls(out)


def test_wants_visual() -> None:
    app = plan_terminal({"XTERM_VERSION": "XTerm(379)"})
    konsole = plan_terminal({"TERM_PROGRAM": "Apple_Terminal"})
    assert wants_visual(None, True, app)
    assert not wants_visual(None, False, app)
    assert not wants_visual(None, True, konsole)  # Terminal.app reorders by itself
    assert wants_visual(True, False, None)
    assert not wants_visual(False, True, app)


def run_on_pty(*args: str, columns: int = 100, **env: str) -> str:
    """Run `python -m tui ARGS` with stdout on a pseudo-terminal; return what it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in (*TERMINAL_ENV, "COLUMNS")}
    clean.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "TUI_BIDI": "", **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=clean,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_on_a_terminal_text_is_laid_out_for_display() -> None:
    out = run_on_pty("list", columns=100)
    assert out.startswith("\x1b[8l")  # explicit bidi: harmless where unknown
    rows = STYLING.sub("", out.removeprefix("\x1b[8l")).splitlines()
    assert rows[0] == layout("الإدارات", 100)[0].rjust(100)
    assert "\x1b[" in out


def test_on_a_terminal_logical_is_plain() -> None:
    out = run_on_pty("list", "--logical")
    assert out.splitlines()[0] == "الإدارات"
    assert "\x1b" not in out


def test_a_terminal_that_does_its_own_bidi_gets_logical_text() -> None:
    assert run_on_pty("list", TERM_PROGRAM="Apple_Terminal").splitlines()[0] == "الإدارات"
    assert run_on_pty("list", TUI_BIDI="terminal").splitlines()[0] == "الإدارات"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_english_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main([command, "--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: policy-browser {command}")
    assert "--content DIR" in out
    if command != "validate":
        assert f"examples:\n  policy-browser {command}" in out


def test_browser_help_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "validate, list, show, search, export, screenshot" in out


def test_script_commands_do_not_import_textual() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for argv in (['list'], ['show', '1', '--visual'], ['search', 'x'],\n"
        "                 ['export', '--format', 'html']):\n"
        "        main(argv)\n"
    )
    assert loaded_after(code, ("textual",)) == []


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "export", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)
    process.stdout.close()
    process.wait(timeout=60)
    assert "Traceback" not in process.stderr.read().decode()
