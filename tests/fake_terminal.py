"""Terminals played back in a pty: each answers the app's questions as the real one does
(measured here, or read in its source: RTL-NOTES), so a test or a benchmark can start the
browser "in" VTE, WezTerm, mlterm, Konsole, xterm, tmux, Apple's Terminal, a terminal that
answers nothing, or one that answers too late.

`Profile.answer(written)` gives the bytes to send back for what the app wrote; `PtyRun`
runs a program in a pty, answering as a profile while it reads everything written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_QUERY = re.compile(
    rb"\x1b\[6n"  # cursor position
    rb"|\x1b\[>0?q"  # XTVERSION
    rb"|\x1b\[>0?c"  # secondary device attributes
    rb"|\x1b\[c"  # primary device attributes
    rb"|\x1b\[8\$p"  # DECRQM for BDSM
    rb"|\x1b\]5380;[^\x07\x1b]*(?:\x07|\x1b\\)"  # mlterm: a setting (or its challenge)
)

MLTERM_SECRET = b"1678516912"


@dataclass(frozen=True)
class Profile:
    """How one terminal answers (None: it does not answer that question)."""

    name: str
    xtversion: bytes | None = None
    da2: bytes | None = None
    bdsm: int | None = None
    mlterm: bool = False
    """Answers OSC 5380 (its challenge, then `use_ctl` with it) as mlterm does."""
    prints_decrqm_p: bool = False
    """Prints DECRQM's final `p` on the screen instead of answering (Apple's Terminal)."""
    silent: bool = False
    delay: float = 0.0
    """Seconds every answer takes (a slow link)."""

    def answer(self, query: bytes) -> bytes:
        """What this terminal sends back for one query."""
        if self.silent:
            return b""
        if query == b"\x1b[6n":
            return b"\x1b[1;1R"
        if query.startswith(b"\x1b[>") and query.endswith(b"q"):
            return b"\x1bP>|" + self.xtversion + b"\x1b\\" if self.xtversion else b""
        if query.startswith(b"\x1b[>"):
            return b"\x1b[>" + self.da2 + b"c" if self.da2 else b""
        if query == b"\x1b[c":
            return b"\x1b[?62;22c"
        if query == b"\x1b[8$p":
            return b"" if self.bdsm is None else b"\x1b[8;%d$y" % self.bdsm
        if query.startswith(b"\x1b]5380;") and self.mlterm:
            if b";challenge" in query:
                return b"#challenge=" + MLTERM_SECRET + b"\n"
            if MLTERM_SECRET in query:
                return b"#use_ctl=true\n"
            return b"#forbidden\n"
        return b""


PROFILES = {
    "vte": Profile("vte", da2=b"65;7006;1", bdsm=1),
    "wezterm": Profile(
        "wezterm", xtversion=b"WezTerm 20240203-110809-5046fc22", da2=b"1;277;0", bdsm=2
    ),
    "mlterm": Profile("mlterm", da2=b"24;279;0", bdsm=0, mlterm=True),
    "konsole": Profile("konsole", xtversion=b"Konsole 22.12.3", da2=b"1;115;0"),
    "xterm": Profile("xterm", xtversion=b"XTerm(379)", da2=b"41;379;0", bdsm=0),
    "tmux": Profile("tmux", xtversion=b"tmux 3.3a", da2=b"84;0;0"),
    "apple": Profile("apple", da2=b"1;95;0", prints_decrqm_p=True),
    "silent": Profile("silent", silent=True),
    "slow": Profile("slow", xtversion=b"XTerm(379)", da2=b"41;379;0", bdsm=0, delay=0.4),
}
"""What each terminal answered here (VTE 0.70, mlterm 3.9.0, Konsole 22.12, xterm 379,
tmux 3.3a) or answers by its source (WezTerm, Apple's Terminal by reports)."""


class Answerer:
    """Finds the questions in what a program writes (also one cut between two reads) and
    gives the profile's answers."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.queries: list[bytes] = []
        """Every question the program asked, in order."""
        self._carry = b""

    def feed(self, data: bytes) -> list[bytes]:
        """The answers to the questions in `data`, in order."""
        data = self._carry + data
        replies = []
        for match in _QUERY.finditer(data):
            query = match[0]
            self.queries.append(query)
            if query == b"\x1b[8$p" and self.profile.prints_decrqm_p:
                continue
            if reply := self.profile.answer(query):
                replies.append(reply)
        tail = data.rfind(b"\x1b", max(0, len(data) - 64))
        complete = tail < 0 or _QUERY.match(data, tail) or len(data) - tail > 64
        self._carry = b"" if complete else data[tail:]
        return replies


FOREIGN = (
    "TMUX", "STY", "VTE_VERSION", "KONSOLE_VERSION", "MLTERM", "TERM_PROGRAM", "TUI_BIDI",
    "XTERM_VERSION", "LC_TERMINAL", "KITTY_WINDOW_ID", "WT_SESSION", "LC_ALL",
    "SSH_CONNECTION", "SSH_TTY", "TUI_TERMINAL_WAIT",
)  # fmt: skip
"""Variables that would name a terminal: the runs start as over ssh, without them."""


def _take_terminal() -> None:  # pragma: no cover - runs in the child
    """Make the pty the child's controlling terminal, as a shell would, at a lower priority
    than the harness: a real terminal answers within milliseconds, but on a loaded two-core
    machine a harness competing with the programs it drives answered the first question
    after the browser's 100 ms bound, and the run went on as in a silent terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    os.nice(5)


@dataclass
class PtyRun:
    """A program in its own pty, answered as `profile` answers; every byte it wrote."""

    profile: Profile
    proc: subprocess.Popen[bytes]
    fd: int
    tty: int
    """The pty's terminal side, kept open to read its modes after the program has gone."""
    out: bytearray = field(default_factory=bytearray)
    notes: dict[str, bytes] = field(default_factory=dict)
    """What a test keeps along the way (the output at some moment, an exit status)."""
    closed: bool = False
    _answerer: Answerer | None = None
    _due: list[tuple[float, bytes]] = field(default_factory=list)

    @property
    def queries(self) -> list[bytes]:
        """Every question the program asked, in order."""
        return self._answerer.queries if self._answerer else []

    @classmethod
    def start(
        cls,
        profile: Profile,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        size: tuple[int, int] = (100, 30),
        typeahead: bytes = b"",
    ) -> PtyRun:
        """Start `argv` in a fresh pty of `size` (columns, rows); `typeahead` is typed
        before the program can have asked anything."""
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {k: v for k, v in os.environ.items() if k not in FOREIGN}
        environment.update(TERM="xterm-256color", LANG="C.UTF-8", COLUMNS=str(columns))
        if not profile.silent and not profile.delay:
            # it answers: let the first answer take as long as a loaded machine needs (the
            # silent and the slow terminal keep the browser's own 100 ms)
            environment["TUI_TERMINAL_WAIT"] = "3"
        environment.update(env or {})
        if typeahead:
            os.write(master, typeahead)
        proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=environment,
            start_new_session=True,
            preexec_fn=_take_terminal,
        )
        return cls(profile, proc, master, slave)

    @classmethod
    def browser(cls, profile: Profile, *args: str, **kw: object) -> PtyRun:
        """`python -m tui ARGS` as a user would start it."""
        return cls.start(profile, [sys.executable, "-m", "tui", *args], **kw)  # type: ignore[arg-type]

    def _answer(self, chunk: bytes) -> None:
        """Answer the questions in `chunk` (after the profile's delay)."""
        if self._answerer is None:
            self._answerer = Answerer(self.profile)
        for reply in self._answerer.feed(chunk):
            self._due.append((time.monotonic() + self.profile.delay, reply))
        now = time.monotonic()
        for due in [d for d in self._due if d[0] <= now]:
            self._due.remove(due)
            os.write(self.fd, due[1])

    def pump(self, seconds: float, until: bytes | None = None) -> None:
        """Read (and answer) for `seconds`, or until `until` was written or the program ended."""
        pump_together([self], seconds, until)

    def _read(self, ready: bool) -> None:
        chunk = b""
        if ready:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                self.out += chunk
            else:
                self.closed = True
        elif self.proc.poll() is not None:
            self.closed = True
        self._answer(chunk)

    def waiting(self, until: bytes | None) -> bool:
        """Still running, and `until` not yet written."""
        return not self.closed and (until is None or until not in self.out)

    def type(self, keys: bytes) -> None:
        """Type `keys` as a person would."""
        os.write(self.fd, keys)

    def finish(self, seconds: float = 10.0) -> int | None:
        """Read to the end and reap; None if it is still running after `seconds`."""
        self.pump(seconds)
        try:
            return self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None

    def modes(self) -> list[int]:
        """The pty's line modes now (termios lflag and friends), read from its terminal side."""
        return termios.tcgetattr(self.tty)

    def close(self) -> None:
        """Kill it if it still runs; close both ends."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.fd, self.tty):
            with contextlib.suppress(OSError):
                os.close(fd)


def pump_together(runs: Sequence[PtyRun], seconds: float, until: bytes | None = None) -> None:
    """Read and answer every run at once (a terminal answers within milliseconds), for
    `seconds` or until each has written `until` or ended."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        waiting = [run for run in runs if run.waiting(until)]
        if not waiting:
            return
        ready, _, _ = select.select([run.fd for run in waiting], [], [], 0.01)
        for run in waiting:
            run._read(run.fd in ready)
