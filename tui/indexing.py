"""The search index built in other processes: the browser's keystrokes never wait for a
build holding the interpreter's lock, and a large store's build uses two cores.

* `postings_in_parts`: this process builds the first half of the departments' posting
  lists while a child (`python -m tui.indexing part`) builds the second; the halves join
  into the whole store's lists (`tui.search.postings.joined`). `tui.content.search_index`
  builds a large store's index this way (the `search` command's first call, the child
  below).
* `IndexBuild`: the browser's build, a child (`python -m tui.indexing build`) at a lower
  priority that writes the index file beside the store's cache, reporting how far it is;
  the browser opens the file when the child is done.

A child loads the store from its cache (`tui.content.load`) and works only if that is the
version of the store the parent has; otherwise, or if it fails, the parent does the work
itself. Neither child writes to the terminal: their output is a pipe, their errors dropped.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from tui import child
from tui.model import Store
from tui.search.postings import Key, build_postings, joined

PARALLEL_FROM = 200
"""Departments from which a build is split with a child process (below, starting the child
costs more than it saves)."""

PROGRESS_STEP = 10
"""The build child reports its progress in steps of this many percent (each is a frame of
the browser's while a search waits)."""

_STALE = 3
"""A child's exit status when its store is not the version its parent asked for."""


def built_here(departments: int) -> int:
    """Of a store's departments, how many the process building its index builds itself."""
    return departments if departments < PARALLEL_FROM else departments // 2


def _child(*args: str) -> list[str]:
    return child.command("tui.indexing", *args)


def postings_in_parts(
    root: Path, store: Store, version: str, pause: Callable[[], None] | None = None
) -> dict[Key, bytes]:
    """Every posting list of `store` (loaded from `root`, at `version`): the first half of
    its departments built here (`pause` after each), the second in a child at once."""
    count = len(store.departments)
    half = built_here(count)
    if half == count:
        return build_postings(store, pause)
    argv = _child("part", str(root), version, str(half), str(count))
    try:
        part = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child.environment(),
        )
    except OSError:
        return build_postings(store, pause)
    received: list[bytes] = []
    output = part.stdout
    assert output is not None
    reader = threading.Thread(target=lambda: received.append(output.read()), daemon=True)
    reader.start()
    first = build_postings(store, pause, range(half))
    reader.join()
    if part.wait() != 0 or not received:
        return joined(first, build_postings(store, pause, range(half, count)))
    then: dict[Key, bytes] = pickle.loads(received[0])  # our own child's, through a pipe
    return joined(first, then)


class IndexBuild:
    """The browser's index build in a child process, which writes the index file; `progress`
    (0–100) says how far it is."""

    def __init__(self, root: Path, version: str) -> None:
        self.progress = 0
        """Percent of the departments the child has indexed."""
        self.stopped = False
        """Whether `stop` ended it (the browser is leaving, or has another store)."""
        self._process = subprocess.Popen(
            _child("build", str(root), version),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child.environment(),
            start_new_session=True,  # its own group: `stop` ends its helper child too
        )

    def wait(self, report: Callable[[int], None]) -> bool:
        """Follow the child to its end, calling `report` with each new percentage; whether
        it wrote the index."""
        assert self._process.stdout is not None
        for line in self._process.stdout:
            with contextlib.suppress(ValueError):
                self.progress = int(line)
                report(self.progress)
        return self._process.wait() == 0

    def stop(self) -> None:
        """End the child and its helper (the browser is leaving, or the store changed)."""
        self.stopped = True
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                if hasattr(os, "killpg"):
                    os.killpg(self._process.pid, signal.SIGTERM)
                else:  # no process groups (Windows): its helper ends when its pipe does
                    self._process.terminate()


def _load(root: Path, version: str) -> Store | None:
    """The store in `root` if it is at `version` (from the cache: the parent loaded it)."""
    from tui import content

    store = content.load(root)
    kept = content.index_file(root, store)
    return store if kept is not None and kept[1] == version else None


def _build_part(root: Path, version: str, first: int, stop: int) -> int:
    store = _load(root, version)
    if store is None:
        return _STALE
    lists = build_postings(store, part=range(first, stop))
    sys.stdout.buffer.write(pickle.dumps(lists, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


def _build_file(root: Path, version: str) -> int:
    with contextlib.suppress(OSError, AttributeError):  # no nice() on some systems
        os.nice(child.BACKGROUND_NICENESS)
    store = _load(root, version)
    if store is None:
        return _STALE
    from tui import content

    here = max(1, built_here(len(store.departments)))  # the child's part goes alongside
    done = [0, -1]

    def report() -> None:
        done[0] += 1
        percent = min(90, 100 * done[0] // here // PROGRESS_STEP * PROGRESS_STEP)
        if percent != done[1]:
            done[1] = percent
            print(percent, flush=True)

    content.search_index(root, store, pause=report)
    return 0


def main(argv: Sequence[str]) -> int:
    """`part ROOT VERSION FIRST STOP` (lists to stdout) or `build ROOT VERSION` (the file)."""
    if argv and argv[0] == "part" and len(argv) == 5:
        return _build_part(Path(argv[1]), argv[2], int(argv[3]), int(argv[4]))
    if argv and argv[0] == "build" and len(argv) == 3:
        return _build_file(Path(argv[1]), argv[2])
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
