"""The search index and the `search` command, at each store size asked for (`--sizes`).

Every program here runs in a process of its own with the store and index caches in
`.bench-cache/tui-cache` (never the user's), after one run that caches the store:

* the `search` command's wall time, from spawning it to its exit, searching for the number
  of the store's middle department (in its name in both languages: two hits, so the
  figure is the command's own cost, not the output's). The first call builds the index
  (its file is deleted before each such run); later calls open it. Its peak RSS (ru_maxrss)
  is that of the later calls;
* `tests.benchmarks.index_probe`: the index built and written, its size on disk, the RSS
  opening it and running the queries adds, and each query's time (in Arabic, words and
  phrases from the bundled store's Arabic, as the generated store's text is): as the
  browser asks it (results, counts, the first hundred listed) and with every hit built
  (`SearchIndex.search`, as the commands).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.figures import Figure, median, percentile
from tests.benchmarks.headless import store_queries
from tests.benchmarks.synthetic_store import CACHE_DIR, department_number, large_store
from tests.benchmarks.terminal import PYCACHE, ROOT
from tui.store import load_store

SEARCH_GOAL_MS = 10.0
"""Median query time, at every size."""
RESIDENT_GOAL_KIB = 20.0
"""What an opened and queried index may add to the RSS, per department."""

TUI_CACHE = CACHE_DIR / "tui-cache"
"""The store and index caches of every program measured here."""


def _env() -> dict[str, str]:
    env = dict(os.environ, TUI_CACHE_DIR=str(TUI_CACHE), PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("TUI_CACHE", None)
    return env


def _drop_indexes() -> None:
    """Delete every index file, so the next run builds its own."""
    for path in TUI_CACHE.glob("*.index"):
        path.unlink()


def run_measured(argv: list[str], stdin: str = "") -> tuple[float, int, str]:
    """Run a program to its end: wall seconds, peak RSS in KiB and its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(stdin)  # small: the pipe holds it until the child reads it
    process.stdin.close()
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # not `wait`: its rusage is the peak RSS
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: no match
        raise RuntimeError(f"{argv} exited with {process.returncode}")
    return seconds, usage.ru_maxrss, out


def _command(root: Path, departments: int) -> list[str]:
    number = department_number(departments // 2)
    return [sys.executable, "-m", "tui", "search", number, "--content", str(root)]


def command_figures(departments: int, cold_rounds: int, warm_rounds: int) -> list[Figure]:
    """The `search` command: first calls (building the index) and later ones, peak RSS."""
    root = large_store(departments)
    argv = _command(root, departments)
    run_measured(argv)  # caches the store (from its YAML): not part of any figure
    cold = []
    for _ in range(cold_rounds):
        _drop_indexes()
        cold.append(run_measured(argv)[0])
    warm, peaks = [], []
    for _ in range(warm_rounds):
        seconds, peak, _ = run_measured(argv)
        warm.append(seconds)
        peaks.append(peak)
    label = f"{departments:,} departments"
    print(
        f"  search command, {label}: {median(cold):.2f} s, then {median(warm):.2f} s",
        file=sys.stderr,
    )
    return [
        Figure(
            f"`search` command, {label}, first call (builds the index)",
            median(cold),
            "s",
            cold_rounds,
        ),
        Figure(f"`search` command, {label}, later calls", median(warm), "s", warm_rounds),
        Figure(f"peak RSS, `search` command, {label}", median(peaks), "KiB", warm_rounds),
    ]


def index_figures(departments: int, queries: int) -> list[Figure]:
    """The index of one store size: its build, its file, what it keeps resident, queries."""
    root = large_store(departments)
    probe = [sys.executable, "-m", "tests.benchmarks.index_probe", str(root)]
    run_measured([*probe, "open"], "[]")  # caches the store and leaves an index file
    _drop_indexes()
    built = json.loads(run_measured([*probe, "build"])[2])
    (index_file,) = TUI_CACHE.glob("*.index")
    on_disk = index_file.stat().st_size / 1024
    words = store_queries(load_store(), random.Random(11), queries)
    opened = json.loads(run_measured([*probe, "open"], json.dumps(words))[2])
    times, resident = opened["times"], opened["index_rss_kib"]
    every_hit = opened["every_hit"]
    label = f"{departments:,} departments"
    store_rss = opened["store_rss_kib"] / 1024
    spread = [f"p{p:.0f} {percentile(times, p / 100):.1f} ms" for p in (90, 95)]
    print(f"  search index, {label}: query {median(times):.2f} ms", file=sys.stderr)

    def figure(
        name: str, value: float, unit: str, note: str = "", goal: float | None = None
    ) -> Figure:
        runs = len(times) if name.startswith("search query") else 1
        return Figure(f"{name}, {label}", value, unit, runs, goal=goal, note=note)

    return [
        figure("search index build + write", built["seconds"], "s"),
        figure(
            "search index file", on_disk, "KiB", f"{on_disk / departments:.1f} KiB a department"
        ),
        figure("search index opening", opened["seconds"], "s"),
        figure(
            "search index resident (RSS it adds, opened and queried)",
            resident,
            "KiB",
            f"{resident / departments:.1f} KiB a department; with the store: {store_rss:.0f} MiB",
            goal=RESIDENT_GOAL_KIB * departments,
        ),
        figure(
            "search query",
            median(times),
            "ms",
            f"{', '.join(spread)}, max {max(times):.0f} ms",
            goal=SEARCH_GOAL_MS,
        ),
        figure(
            "search query, every hit built",
            median(every_hit),
            "ms",
            f"p90 {percentile(every_hit, 0.9):.1f} ms (the commands' search)",
        ),
    ]
