"""Ask the terminal who it is, in band, before the first frame.

Environment variables do not survive ssh, sudo, containers or tmux; the terminal itself
does. The conversation runs on the controlling terminal with echo and line editing off, in
rounds, each closed by a cursor position request (`CSI 6 n`) whose answer marks that
everything asked before it has been answered (terminals answer in order):

1. only `CSI 6 n`: a terminal that stays silent for `first_bound` seconds is asked nothing
   more. A late answer to this one probe is harmless: Textual reads a cursor position
   report as an event nobody handles, whereas a late device attributes answer would reach
   the app as key presses ("6", "5", ...).
2. XTVERSION (`CSI > 0 q`) and secondary device attributes (`CSI > c`): who it is.
3. what the caller's `follow_up` asks, given the answers so far, until it asks nothing
   (at most `MAX_ROUNDS` in all): the state of BDSM (DECRQM `CSI 8 $ p`) so the way out
   restores it, mlterm's challenge and then its `use_ctl` setting (`OSC 5380`, answered as
   `#key=value` lines). Apple's Terminal prints a stray `p` for DECRQM, so the caller does
   not ask it there.

Whatever else arrives meanwhile (keys typed during the start) is kept as `typeahead` and
handed to the app. Never imports textual.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import termios
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

CPR = b"\x1b[6n"
"""Cursor position request: the probe and the end of every round."""
XTVERSION = b"\x1b[>0q"
DA2 = b"\x1b[>c"
DECRQM_BDSM = b"\x1b[8$p"
"""The state of BDSM (ECMA-48 mode 8): 1 implicit (the terminal reorders), 2 explicit."""

FIRST_BOUND = 0.1
"""Seconds a terminal that answers nothing delays the start (less what the start does
meanwhile: the questions run while Textual is imported)."""
SSH_FIRST_BOUND = 0.5
"""The same over ssh, where a round trip across continents can take longer than
`FIRST_BOUND` and a late answer would leave a VTE or Konsole unswitched."""
WAIT_ENV = "TUI_TERMINAL_WAIT"
"""Seconds to wait for the terminal's first answer, for links slower still (0.01-10)."""


def first_bound(env: Mapping[str, str]) -> float:
    """How long the first question waits: TUI_TERMINAL_WAIT, else longer over ssh."""
    try:
        wanted = float(env.get(WAIT_ENV, ""))
    except ValueError:
        wanted = 0.0
    if 0.01 <= wanted <= 10:
        return wanted
    return SSH_FIRST_BOUND if env.get("SSH_CONNECTION") or env.get("SSH_TTY") else FIRST_BOUND


ROUND_BOUND = 1.0
"""Seconds a terminal that has answered the probe gets for each further round."""
MAX_ROUNDS = 5

_ANSWER = re.compile(
    rb"\x1b\[(?P<cpr>\d+;\d+)R"
    rb"|\x1b\[>(?P<da2>[\d;]*)c"
    rb"|\x1b\[\?(?P<da1>[\d;]*)c"
    rb"|\x1bP>\|(?P<xtversion>[^\x1b\x07]*)(?:\x1b\\|\x07)"
    rb"|\x1b\[(?P<mode>\d+);(?P<state>\d)\$y"
    rb"|#(?P<setting>challenge|use_ctl|error|forbidden)(?:=(?P<value>[^\n]*))?\n"
)


class Answers(NamedTuple):
    """What the terminal said about itself (every field None when it was not said)."""

    round_trip: float | None
    """Seconds the probe took to come back; None: the terminal answered nothing."""
    xtversion: str | None = None
    """XTVERSION's text, e.g. `XTerm(379)`, `Konsole 22.12.3`, `tmux 3.3a`."""
    da2: tuple[int, ...] | None = None
    """Secondary device attributes, e.g. (65, 7006, 1) from VTE 0.70."""
    bdsm: int | None = None
    """DECRPM's answer for BDSM: 0 unknown mode, 1 set (implicit), 2 reset (explicit),
    3 permanently set, 4 permanently reset."""
    mlterm_challenge: bytes | None = None
    """The secret mlterm wants before it tells a setting (it gives it when asked)."""
    mlterm_use_ctl: bool | None = None
    """mlterm's `use_ctl` (its own bidi and shaping), where it could be read."""
    refused: bool = False
    """mlterm answered `#error` or `#forbidden`: a setting cannot be read."""
    rounds: int = 0
    """Rounds of questions sent."""
    elapsed: float = 0.0
    """Seconds the whole conversation took."""
    typeahead: bytes = b""
    """Bytes that were not answers: keys typed while the app was starting."""


SILENT = Answers(None)
"""What a terminal that was not asked, or did not answer, said."""


def parse_answers(data: bytes, round_trip: float | None) -> Answers:
    """Sort what came back into answers and typeahead."""
    answers = Answers(round_trip)
    rest = bytearray()
    position = 0
    for match in _ANSWER.finditer(data):
        rest += data[position : match.start()]
        position = match.end()
        if match["da2"] is not None:
            answers = answers._replace(da2=_numbers(match["da2"]))
        elif match["xtversion"] is not None:
            answers = answers._replace(xtversion=match["xtversion"].decode("utf-8", "replace"))
        elif match["mode"] == b"8":
            answers = answers._replace(bdsm=int(match["state"]))
        elif match["setting"] is not None:
            answers = _setting(answers, match["setting"], match["value"])
    rest += data[position:]
    return answers._replace(typeahead=bytes(rest))


def _setting(answers: Answers, key: bytes, value: bytes | None) -> Answers:
    """One of mlterm's `#key=value` answers."""
    if key == b"challenge" and value and value.strip().isalnum():
        return answers._replace(mlterm_challenge=value.strip())
    if key == b"use_ctl" and value in (b"true", b"false"):
        return answers._replace(mlterm_use_ctl=value == b"true")
    if key in (b"error", b"forbidden"):
        return answers._replace(refused=True)
    return answers


def _numbers(text: bytes) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(b";") if part.isdigit())


def _answer_count(data: bytes | bytearray) -> int:
    return sum(1 for match in _ANSWER.finditer(data) if match["cpr"] is not None)


class _Link:
    """One conversation with the terminal on `fd`, collecting every byte it sends."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.received = bytearray()
        self.rounds = 0

    def round(self, queries: bytes, bound: float) -> bool:
        """Send `queries` and the closing probe; True when the probe's answer came back."""
        self.rounds += 1
        os.write(self.fd, queries + CPR)
        deadline = time.monotonic() + bound
        while _answer_count(self.received) < self.rounds:
            # At least one look even past the deadline: on a loaded machine this thread can
            # wake after it with the answer already waiting (seen under the test suite).
            left = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return False
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return False
            self.received += chunk
        return True


@contextlib.contextmanager
def _quiet(fd: int) -> Iterator[None]:
    """Echo and line editing off (answers are read as they come, never shown); signals
    stay on, so Ctrl+C still stops a start. The settings are put back as they were."""
    before = termios.tcgetattr(fd)
    quiet = list(before)
    quiet[3] &= ~(termios.ECHO | termios.ICANON)
    quiet[6] = list(before[6])
    quiet[6][termios.VMIN] = 0
    quiet[6][termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)


FollowUp = Callable[[Answers], bytes]
"""What to ask next, given the answers so far (empty: nothing more)."""


def converse(fd: int, follow_up: FollowUp, first: float = FIRST_BOUND) -> Answers:
    """Ask the terminal on `fd` who it is (the rounds above) and what its bidi is; `first`:
    seconds to wait for the first answer."""
    link = _Link(fd)
    started = time.monotonic()
    with _quiet(fd):
        if not link.round(b"", first):
            answers = parse_answers(bytes(link.received), None)
        else:
            round_trip = time.monotonic() - started
            queries, asked = XTVERSION + DA2, set()
            while queries and queries not in asked and link.rounds < MAX_ROUNDS:
                asked.add(queries)
                answered = link.round(queries, ROUND_BOUND)
                answers = parse_answers(bytes(link.received), round_trip)
                queries = follow_up(answers) if answered else b""
    return answers._replace(rounds=link.rounds, elapsed=time.monotonic() - started)


def controlling_terminal(stdin_fd: int) -> int | None:
    """A read-write descriptor of the terminal the app will draw on, or None when it must
    not be asked: stdin is not that terminal, or this process is not in its foreground
    (reading would stop the process with SIGTTIN)."""
    try:
        if not os.isatty(stdin_fd) or os.tcgetpgrp(stdin_fd) != os.getpgrp():
            return None
        return os.open(os.ttyname(stdin_fd), os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None


def mlterm_query(answers: Answers) -> bytes:
    """The next question for mlterm about its `use_ctl`: first its challenge, then the
    setting (empty once it is known or refused)."""
    if answers.mlterm_use_ctl is not None or answers.refused:
        return b""
    if answers.mlterm_challenge is None:
        return b"\x1b]5380;challenge\x07"
    return b"\x1b]5380;" + answers.mlterm_challenge + b";use_ctl\x07"


def ask_terminal(stdin_fd: int | None, follow_up: FollowUp, first: float = FIRST_BOUND) -> Answers:
    """The terminal's answers, or `SILENT` when it cannot be asked."""
    fd = None if stdin_fd is None else controlling_terminal(stdin_fd)
    if fd is None:
        return SILENT
    try:
        return converse(fd, follow_up, first)
    except (OSError, termios.error):
        return SILENT
    finally:
        os.close(fd)


def give_back(fd: int, typeahead: bytes) -> bool:
    """Put keys typed during the conversation back in the terminal's input (TIOCSTI), for
    the program that reads it next; False where the system forbids it (Linux >= 6.2 may:
    `dev.tty.legacy_tiocsti`), and the keys are lost."""
    try:
        for byte in typeahead:
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([byte]))
    except OSError:
        return False
    return True


class Asking:
    """`ask_terminal` in a thread, so the start goes on (loading the store, importing
    Textual) while the terminal answers, which takes a few rounds."""

    def __init__(self, stdin_fd: int | None, follow_up: FollowUp, first: float) -> None:
        self._answers = SILENT
        self._thread = threading.Thread(
            target=self._ask,
            args=(stdin_fd, follow_up, first),
            name="terminal-handshake",
            daemon=True,
        )
        self._thread.start()

    def _ask(self, stdin_fd: int | None, follow_up: FollowUp, first: float) -> None:
        self._answers = ask_terminal(stdin_fd, follow_up, first)

    def answers(self) -> Answers:
        """What the terminal said (waits for the conversation to end)."""
        self._thread.join()
        return self._answers
