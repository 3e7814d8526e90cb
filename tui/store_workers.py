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
import sys
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

_Request = tuple[list[Path], tuple[Lang, ...], set[str] | None, int]
"""What a worker is asked: its run, the store's languages and theme ids, its niceness."""


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
    this process first (the browser reading a store while it already shows a part)."""

    def __init__(
        self,
        runs: list[list[Path]],
        languages: tuple[Lang, ...],
        theme_ids: set[str] | None,
        niceness: int = 0,
    ) -> None:
        self._runs, self._languages, self._theme_ids = runs, languages, theme_ids
        self._workers = [_start((run, languages, theme_ids, niceness)) for run in runs]
        self._stopped = False

    def collect(self, problems: list[Problem]) -> list[DepartmentDraft]:
        """Every run's departments, in order, their problems added to `problems`; a run
        whose worker did not answer is read here. Raises ReadingStopped after `stop`."""
        drafts: list[DepartmentDraft] = []
        try:
            for run, worker in zip(self._runs, self._workers, strict=True):
                received = _received(worker, problems)
                if self._stopped:
                    raise ReadingStopped
                if received is None:
                    received = _read_run(run, problems, self._languages, self._theme_ids)
                drafts += received
        finally:
            self.close()
        return drafts

    def stop(self) -> None:
        """End the workers still reading and let them go (from any thread: a `collect`
        waiting for one raises ReadingStopped)."""
        self._stopped = True
        for worker in self._workers:
            if worker is not None and worker.poll() is None:
                worker.kill()
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


def _received(worker: Popen[bytes] | None, problems: list[Problem]) -> list[DepartmentDraft] | None:
    """What a worker read (its problems added to `problems`); None when it did not."""
    import pickle

    if worker is None or worker.stdout is None:
        return None
    try:  # from the pipe as it comes: never the whole answer in memory twice
        sent, found = pickle.load(worker.stdout)
    except Exception:  # an answer cut short or unreadable: the run is read here
        return None
    if worker.wait() != 0:
        return None
    problems += found
    return [DepartmentDraft(_department(plain), path, places) for plain, path, places in sent]


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
    run, languages, theme_ids, niceness = pickle.load(sys.stdin.buffer)
    if niceness:
        with contextlib.suppress(OSError, AttributeError):  # no nice() on some systems
            os.nice(niceness)
    problems: list[Problem] = []
    drafts = _read_run(run, problems, languages, theme_ids)
    sent = [(_plain(d.department), d.path, d.places) for d in drafts]
    sys.stdout.buffer.write(pickle.dumps((sent, problems), protocol=pickle.HIGHEST_PROTOCOL))


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
