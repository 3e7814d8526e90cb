"""Reading a large store's department files on every core.

Reading YAML and checking its fields is most of a start without the store's cache, one
file after another on one core (figures: docs/performance.md). From `PARALLEL_FROM` files
on, the files are cut into as many runs, in order, as the process may use cores: this
process reads the first run and a worker process each of the others.

A worker is a new interpreter running this module (`python -P -m tui.store_workers`, this
`tui` first on its path), not a fork: the browser's start has a thread talking to the
terminal, whose locks and signal handlers a forked copy would inherit; nor a
multiprocessing spawn, which runs the calling program's main module again in the worker.
It reads its run from a pickled request on its stdin and sends its departments back on its
stdout as plain tuples, which pickle in C, not as the model, whose every record pickles
through a Python call. Its problems join the list after those of the runs before it, so
they stay in file order. A run whose worker cannot start or fails is read in this process.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model import Department, Lang, Localized, Solution, Speaker
from tui.problems import Problem
from tui.schema import DepartmentDraft, read_department

if TYPE_CHECKING:
    from subprocess import Popen

PARALLEL_FROM = 1_000
"""Department files from which they are read by more than one process: below, starting
a worker costs more than it saves."""

_Request = tuple[list[Path], tuple[Lang, ...], set[str] | None, int, int]
"""What a worker is asked: its run, the store's languages and theme ids, its niceness and
batch (files a part of its answer; 0: one part)."""


class ReadingStopped(Exception):
    """The reading was stopped (`Runs.stop`) before its departments were all in."""


def read_department_files(
    paths: list[Path],
    problems: list[Problem],
    languages: tuple[Lang, ...],
    theme_ids: set[str] | None,
) -> list[DepartmentDraft]:
    """The departments in `paths` that read whole, in order; problems added in file order."""
    first, *others = split(paths, cores() if len(paths) >= PARALLEL_FROM else 1)
    runs = Runs(others, languages, theme_ids)
    try:
        drafts = _read_run(first, problems, languages, theme_ids)
        return drafts + runs.collect(problems)
    finally:
        runs.stop()  # the workers of an interrupted read; no-op after `collect`


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def split(paths: list[Path], count: int) -> list[list[Path]]:
    """`paths` cut into `count` runs of about the same length, in order."""
    size, extra = divmod(len(paths), count)
    bounds = [i * size + min(i, extra) for i in range(count + 1)]
    return [paths[start:end] for start, end in itertools.pairwise(bounds)]


def _read_run(
    run: list[Path],
    problems: list[Problem],
    languages: tuple[Lang, ...],
    theme_ids: set[str] | None,
) -> list[DepartmentDraft]:
    """The departments of `run` read in this process."""
    drafts = (read_department(path, problems, languages, theme_ids) for path in run)
    return [draft for draft in drafts if draft is not None]


# This process's side


class Runs:
    """Runs of department files, each read by a worker process started at once; `collect`
    takes their departments in order. A worker lowered by `niceness` leaves the cores to
    this process first, and one given a `batch` sends its departments that many files at a
    time, taken in as they come (the browser reading a store while it shows a part)."""

    def __init__(
        self,
        runs: list[list[Path]],
        languages: tuple[Lang, ...],
        theme_ids: set[str] | None,
        niceness: int = 0,
        batch: int = 0,
    ) -> None:
        self._runs, self._languages, self._theme_ids = runs, languages, theme_ids
        self._workers = [_start((run, languages, theme_ids, niceness, batch)) for run in runs]
        self._lock = threading.Lock()
        self._stopped = self._collecting = False

    def collect(
        self, problems: list[Problem], progress: Callable[[int], None] | None = None
    ) -> list[DepartmentDraft]:
        """Every run's departments, in order, their problems added to `problems`; a run
        whose worker did not answer whole is read here. `progress` is told how many files
        the workers have read. Raises ReadingStopped after `stop`."""
        with self._lock:
            if self._stopped:
                raise ReadingStopped
            self._collecting = True
        try:
            answers = _answers(self._workers, progress)
            drafts: list[DepartmentDraft] = []
            for run, answer in zip(self._runs, answers, strict=True):
                if self._stopped:
                    raise ReadingStopped
                if answer is None:
                    drafts += _read_run(run, problems, self._languages, self._theme_ids)
                else:
                    drafts += answer.drafts
                    problems += answer.problems
        finally:
            self.close()
        return drafts

    def stop(self) -> None:
        """End the workers still reading and let them go (from any thread: a `collect`
        waiting for one raises ReadingStopped)."""
        with self._lock:
            self._stopped = True
            collecting = self._collecting
        for worker in self._workers:
            if worker is not None and worker.poll() is None:
                worker.kill()
        if not collecting:  # else `collect` does, once their pipes are at their end
            self.close()

    def close(self) -> None:
        """Let the workers go (each one ended, and its pipe closed)."""
        for worker in self._workers:
            if worker is not None:
                _stop(worker)


def _start(request: _Request) -> Popen[bytes] | None:
    """A worker reading `request`'s run, or None when none could be started. The request
    goes through a file, so that starting a worker never waits for it to read."""
    import pickle  # these three only for a large store: not on a small store's way
    import subprocess
    import tempfile

    from tui import child

    try:
        with tempfile.TemporaryFile() as stdin:
            pickle.dump(request, stdin, protocol=pickle.HIGHEST_PROTOCOL)
            stdin.seek(0)
            return subprocess.Popen(
                child.command("tui.store_workers"),
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=child.environment(),
            )
    except (OSError, ValueError):  # no interpreter to run (an embedded Python), no temp dir
        return None


_LENGTH = struct.Struct(">Q")
"""Before each part of a worker's answer: its length. A part is a pickled batch
(departments, problems, files read), or None: the answer is whole."""


class _Answer:
    """What one worker has sent so far."""

    def __init__(self) -> None:
        self.drafts: list[DepartmentDraft] = []
        self.problems: list[Problem] = []
        self.files = 0
        self.whole = False
        self.pending = bytearray()

    def take(self, data: bytes) -> None:
        """Add bytes from the pipe; every part they complete is taken in."""
        import pickle

        self.pending += data
        while len(self.pending) >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(self.pending)
            end = _LENGTH.size + length
            if len(self.pending) < end:
                return
            part = pickle.loads(self.pending[_LENGTH.size : end])
            del self.pending[:end]
            if part is None:
                self.whole = True
                continue
            sent, found, files = part
            self.drafts += [DepartmentDraft(_department(p), path, at) for p, path, at in sent]
            self.problems += found
            self.files += files


def _answers(
    workers: list[Popen[bytes] | None], progress: Callable[[int], None] | None
) -> list[_Answer | None]:
    """Each worker's whole answer, taken in from all of them as it comes; None for one that
    did not start, or whose answer is cut short, unreadable or from a failed run."""
    import selectors

    answers = [_Answer() for _ in workers]
    failed = [w is None or w.stdout is None for w in workers]
    with selectors.DefaultSelector() as selector:
        for number, worker in enumerate(workers):
            if not failed[number]:
                assert worker is not None and worker.stdout is not None
                selector.register(worker.stdout, selectors.EVENT_READ, number)
        while selector.get_map():
            for key, _ in selector.select():
                number = key.data
                try:
                    data = os.read(key.fd, 1 << 20)
                    answers[number].take(data)
                except Exception:  # cut short, unreadable, or the pipe closed by `stop`
                    data, failed[number] = b"", True
                if not data:
                    selector.unregister(key.fileobj)
                elif progress is not None:
                    progress(sum(answer.files for answer in answers))
    return [
        answer if not bad and answer.whole and worker is not None and worker.wait() == 0 else None
        for answer, bad, worker in zip(answers, failed, workers, strict=True)
    ]


def _stop(worker: Popen[bytes]) -> None:
    """End a worker that is still running (this process was interrupted) and let it go."""
    if worker.poll() is None:
        worker.kill()
    with contextlib.suppress(OSError):
        if worker.stdout is not None:
            worker.stdout.close()
    worker.wait()


# The worker's side


def _serve() -> None:
    """In a worker: read the run the request on stdin names, and answer on stdout."""
    import pickle

    gc.disable()  # as in load_store; the process ends with its run
    run, languages, theme_ids, niceness, batch = pickle.load(sys.stdin.buffer)
    if niceness:
        with contextlib.suppress(OSError, AttributeError):  # no nice() on some systems
            os.nice(niceness)
    out = sys.stdout.buffer
    step = batch or max(len(run), 1)
    for first in range(0, len(run), step):
        files = run[first : first + step]
        problems: list[Problem] = []
        drafts = _read_run(files, problems, languages, theme_ids)
        sent = [(_plain(d.department), d.path, d.places) for d in drafts]
        part = pickle.dumps((sent, problems, len(files)), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(len(part)) + part)
        out.flush()
    end = pickle.dumps(None)
    out.write(_LENGTH.pack(len(end)) + end)


# A department as plain data, and back


def _plain(department: Department) -> tuple[Any, ...]:
    """`department` as tuples, strings and numbers, field by field."""
    d = department
    solutions = tuple(
        (tuple(s.text), s.themes, s.suggested, tuple(s.translation_note)) for s in d.solutions
    )
    speaker = (tuple(d.speaker.name), tuple(d.speaker.role))
    texts = (tuple(d.name), speaker, tuple(d.headline), solutions)
    return (d.id, d.order, *texts, d.key, tuple(d.intro), tuple(d.translation_note))


def _department(plain: tuple[Any, ...]) -> Department:
    """The department `_plain` made `plain` of."""
    dept_id, order, name, (who, role), headline, rows, key, intro, note = plain
    solutions = tuple(
        Solution(Localized(*text), themes, suggested, Localized(*flag))
        for text, themes, suggested, flag in rows
    )
    speaker = Speaker(Localized(*who), Localized(*role))
    return Department(
        dept_id,
        order,
        Localized(*name),
        speaker,
        Localized(*headline),
        solutions,
        key,
        Localized(*intro),
        Localized(*note),
    )


assert Department.__match_args__ == (
    "id",
    "order",
    "name",
    "speaker",
    "headline",
    "solutions",
    "key",
    "intro",
    "translation_note",
), "a department's fields changed: change _plain and _department with them"
assert Solution._fields == ("text", "themes", "suggested", "translation_note")
assert Speaker._fields == ("name", "role") and Localized._fields == ("ar", "en")

if __name__ == "__main__":
    _serve()
