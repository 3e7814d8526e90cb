"""The store's load after department files were edited since it was cached (`--sizes`).

A copy of the generated store, in a temporary folder with a store cache of its own (never
the user's, nor `.bench-cache/tui-cache`), is loaded once so that its cache is written.
Then, each round, `count` department files spread over the store get a comment line
appended (new size and modification time, the same departments) and `content.load(root,
defer_save=True)` is timed in this process: what the browser's start and its live reload
wait for before they show the store. The cache the load left is written after the clock
stops (`save_deferred`, as the browser's index worker does), so each round starts from a
cache of the round before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.benchmarks.figures import Figure, median, timed
from tests.benchmarks.synthetic_store import large_store
from tui import content
from tui.model import Store

EDITED = (1, 100)
"""How many department files each figure edits."""


@contextlib.contextmanager
def _own_cache(folder: Path) -> Iterator[None]:
    """The store cache in `folder` while the block runs."""
    saved = {name: os.environ.get(name) for name in ("TUI_CACHE_DIR", "TUI_CACHE")}
    os.environ["TUI_CACHE_DIR"] = str(folder)
    os.environ.pop("TUI_CACHE", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _edit(files: list[Path], count: int, mark: str) -> None:
    """Append a comment to `count` of `files`, spread evenly over them."""
    for index in range(count):
        path = files[index * len(files) // count]
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(f"# {mark}\n")


def _timed_load(root: Path) -> float:
    """Seconds `content.load` takes as the browser calls it; the cache written after."""
    loaded: list[Store] = []
    seconds = timed(lambda: loaded.append(content.load(root, defer_save=True)))
    content.save_deferred(root, loaded[0])
    return seconds


def edited_figures(departments: int, repeats: int) -> list[Figure]:
    """`content.load` after 1 and 100 department files were edited, `repeats` rounds each."""
    with tempfile.TemporaryDirectory(prefix="edited-store-") as scratch:
        root = Path(scratch) / "content"
        shutil.copytree(large_store(departments), root)
        files = sorted((root / "departments").glob("*.yaml"))
        figures = []
        with _own_cache(Path(scratch) / "cache"):
            content.load(root)  # the cache every round starts from
            for count in EDITED:
                count = min(count, len(files))
                seconds = []
                for round_number in range(repeats):
                    _edit(files, count, f"edited {count}.{round_number}")
                    seconds.append(_timed_load(root))
                figures.append(
                    Figure(
                        f"store load after {count:,} department "
                        f"file{'s' if count > 1 else ''} edited, {departments:,} departments",
                        median(seconds),
                        "s",
                        repeats,
                        note="content.load(defer_save=True), the cache written after",
                    )
                )
    return figures
