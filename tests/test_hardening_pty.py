"""In a real pty, with the hostile store: nothing from the content reaches the terminal as a
control sequence, and every way out (q, SIGTERM, Ctrl+C then Ctrl+Q) gives the terminal back.

The browser runs as `python -m tui --content <hostile store>` in a 100x30 pty that answers
as xterm does (tests/fake_terminal.py; app bidi mode: the app sends visual text, no
terminal bidi). The runs go side by side, so the module takes about as long as the slowest
one.
"""

from __future__ import annotations

import os
import re
import signal
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_terminal import PROFILES, PtyRun, pump_together
from tests.test_hardening_content import MARK, QUIT_MARKUP, THEME_MARKUP, write_hostile_store

CTRL_C, CTRL_Q = b"\x03", b"\x11"

CSI = re.compile(rb"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]")
OSC = re.compile(rb"\x1b\]([^\x07\x1b]*)(?:\x07|\x1b\\)")
ALLOWED_OSC = (b"22;",)
"""Textual's own OSC: 22 sets the mouse pointer shape. No other OSC (52 is the clipboard)."""


def spawn(name: str, content: Path, lang: str) -> PtyRun:
    """Start the browser on `content` in a fresh 100x30 pty that answers as xterm."""
    run = PtyRun.browser(PROFILES["xterm"], "--content", str(content), "--lang", lang)
    run.notes["name"] = name.encode()
    return run


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, PtyRun]]:
    """Five browsers on the hostile store, each left a different way; one reloads the store
    after it has been broken with an escape sequence in a YAML tag and in a file name."""
    content = write_hostile_store(tmp_path_factory.mktemp("pty") / "hostile")
    reloaded = write_hostile_store(tmp_path_factory.mktemp("pty") / "reloaded")
    started = [
        spawn("q-en", content, "en"),
        spawn("q-ar", content, "ar"),
        spawn("sigterm", content, "en"),
        spawn("ctrl-c", content, "en"),
        spawn("reload", reloaded, "en"),
    ]
    by_name = {run.notes["name"].decode(): run for run in started}
    try:
        pump_together(started, 30, until=MARK.encode())  # the first frame (about 1-2 s)
        pump_together(started, 1.5)  # then whatever follows it: ~3 s in all
        for run in started:
            run.notes["before"] = bytes(run.out)
        os.write(by_name["q-en"].fd, b"q")
        os.write(by_name["q-ar"].fd, b"q")
        by_name["sigterm"].proc.send_signal(signal.SIGTERM)
        ctrl_c = by_name["ctrl-c"]
        os.write(ctrl_c.fd, CTRL_C)
        reload = by_name["reload"]
        _break_with_escapes(reloaded)
        os.write(reload.fd, b"r")
        pump_together(started, 2.0)
        reload.notes["error screen"] = bytes(reload.out[len(reload.notes["before"]) :])
        os.write(reload.fd, b"q")  # q quits from the error screen too
        ctrl_c.notes["after ctrl+c"] = bytes(ctrl_c.out[len(ctrl_c.notes["before"]) :])
        ctrl_c.notes["alive after ctrl+c"] = b"yes" if ctrl_c.proc.poll() is None else b"no"
        os.write(ctrl_c.fd, CTRL_Q)
        pump_together(started, 10)
        for run in started:
            code = run.finish()
            run.notes["exit"] = str(code).encode()
        yield by_name
    finally:
        for run in started:
            run.close()


def _break_with_escapes(root: Path) -> None:
    """A tag whose %-escapes decode to OSC 52 (clipboard), CSI 2J and a C1 CSI, and a file
    whose name holds OSC 52: both end up quoted in the error screen's messages."""
    path = root / "departments" / "02-tourism.yaml"
    tag = "!e%1B%5D52%3Bc%3BaGk%3D%07%1B%5B2J%C2%9B31m"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 2", f"order: {tag} 2"))
    (root / "departments" / "09-\x1b]52;c;aGk=\x07.yaml").write_text("id: x\n", encoding="utf-8")


def sequences_and_text(out: bytes) -> tuple[list[bytes], bytes]:
    """Every CSI and OSC sequence, and the bytes left once they are removed."""
    found = [m.group() for m in CSI.finditer(out)] + [m.group() for m in OSC.finditer(out)]
    return found, OSC.sub(b"", CSI.sub(b"", out))


def assert_only_app_sequences(out: bytes) -> None:
    """What the app wrote holds its own CSI and OSC 22 sequences, and otherwise only text."""
    for match in OSC.finditer(out):
        assert match.group(1).startswith(ALLOWED_OSC), match.group()
    _, text = sequences_and_text(out)
    assert b"\x1b" not in text, text[text.index(b"\x1b") - 40 :][:80]
    decoded = text.decode("utf-8")  # strict: every byte is UTF-8
    stray = re.search("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]", decoded)
    assert stray is None, f"U+{ord(stray.group()):04X}: {decoded[stray.start() - 40 :][:80]!r}"
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", decoded)  # app mode: never sent


def assert_terminal_given_back(out: bytes) -> None:
    """Every mode the app switched on is off again after its last switch, cursor shown."""
    for mode in (b"1049", b"1000", b"1003", b"1006", b"1015", b"1004", b"2004"):
        on, off = out.rfind(b"\x1b[?" + mode + b"h"), out.rfind(b"\x1b[?" + mode + b"l")
        assert on < off, (mode, on, off)
    assert out.rfind(b"\x1b[?25h") > out.rfind(b"\x1b[?25l")  # cursor shown
    assert out.rfind(b"\x1b[?7h") > out.rfind(b"\x1b[?7l")  # line wrap back on
    assert out.rfind(b"\x1b[<u") > out.rfind(b"\x1b[>")  # kitty keyboard mode popped
    assert b"\x1b[?1049l" in out[-200:]  # the alternate screen is left at the very end


def assert_line_mode_back(run: PtyRun) -> None:
    """The pty is out of raw mode again: echo, line editing and Ctrl+C as a signal."""
    lflag = termios.tcgetattr(run.tty)[3]
    assert lflag & termios.ECHO and lflag & termios.ICANON and lflag & termios.ISIG


@pytest.mark.parametrize("name", ["q-en", "q-ar", "sigterm", "ctrl-c", "reload"])
def test_no_content_sequence_reaches_the_terminal(runs: dict[str, PtyRun], name: str) -> None:
    out = bytes(runs[name].out)
    assert MARK.encode() in out
    assert b"\x1b]52" not in out and b"\x1bP" not in out and b"\x1b_" not in out
    assert not re.search(rb"\xc2[\x80-\x9f]", out)  # no C1 control as UTF-8
    assert_only_app_sequences(out)


def test_markup_reaches_the_screen_as_text(runs: dict[str, PtyRun]) -> None:
    _, text = sequences_and_text(bytes(runs["q-en"].out))
    shown = text.decode("utf-8")
    assert QUIT_MARKUP in shown and THEME_MARKUP in shown
    _, text = sequences_and_text(bytes(runs["q-ar"].out))
    assert "[click=app.quit@]" in text.decode("utf-8")  # RTL: the brackets mirror, text stays


@pytest.mark.parametrize("name", ["q-en", "q-ar", "reload"])
def test_q_quits_and_gives_the_terminal_back(runs: dict[str, PtyRun], name: str) -> None:
    run = runs[name]
    assert run.notes["exit"] == b"0"
    assert_terminal_given_back(bytes(run.out))
    assert_line_mode_back(run)


def test_sigterm_gives_the_terminal_back(runs: dict[str, PtyRun]) -> None:
    run = runs["sigterm"]
    assert run.notes["exit"] == str(128 + signal.SIGTERM).encode()
    assert_terminal_given_back(bytes(run.out))
    assert_line_mode_back(run)


def test_ctrl_c_asks_and_ctrl_q_quits(runs: dict[str, PtyRun]) -> None:
    """Ctrl+C (Textual 8: copy when text is selected) only shows the hint; Ctrl+Q quits."""
    run = runs["ctrl-c"]
    assert run.notes["alive after ctrl+c"] == b"yes"
    _, text = sequences_and_text(run.notes["after ctrl+c"])
    assert "Press q or Ctrl+Q to quit" in text.decode("utf-8")
    assert run.notes["exit"] == b"0"
    assert_terminal_given_back(bytes(run.out))
    assert_line_mode_back(run)


def test_escapes_in_a_broken_store_are_shown_escaped(runs: dict[str, PtyRun]) -> None:
    """The error screen quotes the tag and the file name as text: \\x1b, never ESC."""
    _, text = sequences_and_text(runs["reload"].notes["error screen"])
    shown = text.decode("utf-8")
    assert "The content could not be loaded" in shown
    assert "!e\\x1b]52;c;aGk=\\x07\\x1b[2J\\x9b31m" in shown.replace(" ", "").replace("\r\n", "")
    assert "09-\\x1b]52;c;aGk=\\x07.yaml" in shown
