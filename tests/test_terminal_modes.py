"""In a real pty: the bidi mode the app sets is given back on Ctrl+Z, taken again on fg,
and restored on quit and on SIGTERM (VTE's explicit mode, CSI 8 l / CSI 8 h)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

from tests.conftest import ROOT
from tui.rtl.terminal import VTE_ENTER, VTE_LEAVE


def spawn(*args: str) -> tuple[int, int]:
    """Start `python -m tui ARGS` in a 100x30 pty as VTE would; (pid, master fd)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(ROOT)
        env = {**os.environ, "TERM": "xterm-256color", "VTE_VERSION": "7600", "LANG": "C.UTF-8"}
        env.pop("TMUX", None)
        env.pop("TUI_BIDI", None)
        os.execve(sys.executable, [sys.executable, "-m", "tui", *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return pid, fd


def read_for(fd: int, seconds: float) -> bytes:
    """Everything the app writes within `seconds` (or until it closes the pty)."""
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def wait_for(fd: int, needle: bytes, seconds: float = 20.0) -> bytes:
    """Read until `needle` has been written (a frame has been drawn), or time runs out."""
    out = b""
    end = time.monotonic() + seconds
    while needle not in out and time.monotonic() < end:
        out += read_for(fd, 0.2)
    return out


def finish(pid: int, fd: int) -> int:
    """Read to EOF and return the exit status."""
    read_for(fd, 5)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status)


ENGLISH_NAME = b"Department of Finance"


def test_quit_restores_vte_bidi_mode() -> None:
    pid, fd = spawn("--lang", "en")
    start = wait_for(fd, ENGLISH_NAME)
    assert start.startswith(VTE_ENTER.encode()), start[:40]
    os.write(fd, b"q")
    out = read_for(fd, 5)
    assert finish(pid, fd) == 0
    assert out.endswith(VTE_LEAVE.encode()), out[-80:]


def test_ctrl_z_gives_the_mode_back_and_fg_takes_it_again() -> None:
    pid, fd = spawn("--lang", "en")
    wait_for(fd, ENGLISH_NAME)
    os.write(fd, b"\x1a")  # Ctrl+Z in raw mode
    suspended = read_for(fd, 3)
    assert VTE_LEAVE.encode() in suspended
    _, status = os.waitpid(pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status)
    os.kill(pid, signal.SIGCONT)
    resumed = wait_for(fd, VTE_ENTER.encode())
    assert VTE_ENTER.encode() in resumed
    os.write(fd, b"q")
    assert finish(pid, fd) == 0


def test_sigterm_restores_the_terminal() -> None:
    pid, fd = spawn("--lang", "en")
    out = wait_for(fd, ENGLISH_NAME)
    os.kill(pid, signal.SIGTERM)
    out += read_for(fd, 5)
    assert finish(pid, fd) == 128 + signal.SIGTERM
    assert out.rfind(VTE_LEAVE.encode()) > out.rfind(VTE_ENTER.encode()) >= 0
    assert out.rfind(b"\x1b[?1049l") > out.rfind(b"\x1b[?1049h") >= 0  # main screen back
    assert out.rfind(b"\x1b[?25h") > out.rfind(b"\x1b[?25l")  # cursor shown
