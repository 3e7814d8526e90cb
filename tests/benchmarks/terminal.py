"""Run a program in a real pseudo-terminal and watch its screen through pyte.

A thread drains the terminal as fast as the program writes (so a slow parse here never
blocks the program's writes) and stamps every chunk with the time it arrived; the screen
is parsed from those chunks, and a wait returns the arrival time of the chunk that made
the screen show what was asked for.
"""

from __future__ import annotations

import fcntl
import os
import pty
import queue
import select
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

import pyte

from tests.fake_terminal import PROFILES, Answerer

ROOT = Path(__file__).resolve().parents[2]
"""The checkout: programs run from here, so `python -m tui` finds the package."""

SIZE = (120, 36)
"""Columns and rows of the terminal every measurement uses."""

# Variables that would make the app think it runs elsewhere (tmux, VTE, Konsole, ...).
_FOREIGN = ("TMUX", "STY", "VTE_VERSION", "KONSOLE_VERSION", "MLTERM", "TERM_PROGRAM", "TUI_BIDI")

READER_STATE = ROOT / ".bench-cache" / "reader"
"""The measured programs' state and data folders (where reading stopped, pins): their own,
emptied before each start, so a start opens where the command line says, never where the
last measured one left off (nor the user's own place)."""

PYCACHE = ROOT / ".bench-cache" / "pycache"
"""Bytecode for the programs measured: an installed package has its .pyc files, so a start
must not pay for compiling (set even where PYTHONDONTWRITEBYTECODE is, as here)."""

Screen = list[str]
"""The screen's rows as text (pyte's `display`)."""


def terminal_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An xterm-256color UTF-8 environment: no multiplexer, no Textual dev settings, .pyc kept."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _FOREIGN
        and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")
        and not k.startswith(("TEXTUAL", "LC_"))
    }
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    shutil.rmtree(READER_STATE, ignore_errors=True)
    env.update(XDG_STATE_HOME=str(READER_STATE / "state"), XDG_DATA_HOME=str(READER_STATE / "data"))
    env.update(TERM="xterm-256color", LANG="C.UTF-8", COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))
    env.update(extra or {})
    return env


def _make_controlling_tty() -> None:
    """In the child, after setsid: make the pty on stdin the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class TerminalRun:
    """One program in a pty of `SIZE`, its output parsed into a pyte screen."""

    def __init__(
        self, argv: Sequence[str], env: Mapping[str, str] | None = None, terminal: str = "xterm"
    ) -> None:
        self.argv = list(argv)
        self.terminal = terminal
        """Whose answers the program gets (tests/fake_terminal.py's profiles)."""
        self.env = terminal_env(env)
        self.screen = pyte.Screen(*SIZE)
        self._stream = pyte.ByteStream(self.screen)
        self._chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self._master = -1
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self.started = 0.0
        """perf_counter() just before the program was spawned."""
        self.last_output = 0.0
        """Arrival time of the latest chunk parsed into the screen."""

    def start(self) -> TerminalRun:
        """Spawn the program; the clock starts now."""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.started = time.perf_counter()
        self._process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=_make_controlling_tty,  # after setsid; our reader thread starts later
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        return self

    def _drain(self) -> None:
        """Read until the program closes the terminal, stamping each chunk, and answer what
        it asks as the chosen terminal does (one that answers nothing costs the browser's
        start the handshake's 100 ms bound)."""
        answerer = Answerer(PROFILES[self.terminal])
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
                if not ready:
                    if self._process is not None and self._process.poll() is not None:
                        break
                    continue
                data = os.read(self._master, 1 << 16)
            except OSError:  # EIO: the program has gone; EBADF: we closed it
                break
            if not data:
                break
            self._chunks.put((time.perf_counter(), data))
            for reply in answerer.feed(data):
                os.write(self._master, reply)
        self._chunks.put(None)

    @property
    def pid(self) -> int:
        """The program's process id."""
        assert self._process is not None
        return self._process.pid

    def text(self) -> str:
        """The whole screen as text, one row a line (for error messages)."""
        return "\n".join(row.rstrip() for row in self.screen.display)

    def _next_chunk(self, timeout: float) -> tuple[float, bytes] | None:
        try:
            item = self._chunks.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if item is None:
            code = self._process.poll() if self._process else None
            raise RuntimeError(f"{self.argv} exited (status {code}); screen:\n{self.text()}")
        arrived, data = item
        self._stream.feed(data)
        self.last_output = arrived
        return item

    def wait_for(self, shows: Callable[[Screen], bool], timeout: float = 60.0) -> float:
        """Parse output until `shows(screen)` holds; the arrival time of that chunk."""
        if shows(self.screen.display):
            return self.last_output
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            chunk = self._next_chunk(left)
            if chunk is not None and shows(self.screen.display):
                return chunk[0]
        raise TimeoutError(f"{self.argv}: screen never matched in {timeout:.0f} s:\n{self.text()}")

    def settle(self, quiet: float = 0.25, timeout: float = 10.0) -> None:
        """Parse output until the program has written nothing for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self._next_chunk(quiet) is None:
                return

    def press(self, keys: str | bytes) -> float:
        """Type `keys` (UTF-8 for text); the time they were written."""
        data = keys.encode() if isinstance(keys, str) else keys
        sent = time.perf_counter()
        os.write(self._master, data)
        return sent

    def peak_rss_kib(self) -> int:
        """The program's peak resident set size so far (VmHWM), in KiB."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc status (not Linux?)")

    def close(self) -> None:
        """Kill the program (it is ours: by its pid) and release the terminal."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        if self._process is not None:
            self._process.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(timeout=2)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1

    def __enter__(self) -> TerminalRun:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def python_module(module: str, *args: str) -> list[str]:
    """The command line that runs `python -m module args` with this interpreter."""
    return [sys.executable, "-m", module, *args]


def contains(text: str, times: int = 1) -> Callable[[Screen], bool]:
    """A screen test: `text` shows on at least `times` rows."""
    return lambda rows: sum(text in row for row in rows) >= times


def lacks(text: str) -> Callable[[Screen], bool]:
    """A screen test: `text` shows nowhere."""
    return lambda rows: not any(text in row for row in rows)


def contains_from(text: str, column: int) -> Callable[[Screen], bool]:
    """A screen test: `text` shows starting at or right of `column` (e.g. in a right pane)."""
    return lambda rows: any(row.find(text, column) >= 0 for row in rows)
