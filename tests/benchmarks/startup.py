"""First paint and peak memory: the browser against a minimal Textual app, in a real pty.

Each program is started in a 120x36 pseudo-terminal (TERM=xterm-256color); the clock runs
from spawning it to the arrival of the output that makes the first department row show on
the pyte screen (for the minimal app: its Static's text). Peak RSS (VmHWM) is read once
the screen has been quiet for a moment, then the program is killed. Programs take turns
within each round, so the minimal app and the browser see the same machine load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.figures import Figure, median
from tests.benchmarks.minimal_app import MINIMAL_TEXT
from tests.benchmarks.synthetic_store import department_keys, department_name
from tests.benchmarks.terminal import Screen, TerminalRun, contains, python_module
from tui.rtl.layout import visual_string
from tui.store import load_store

FIRST_PAINT_GOAL = 1.25
"""Browser over minimal app, bundled store (with the terminal asked who it is)."""
SILENT_WAIT_GOAL = 0.12
"""Seconds a terminal that answers nothing may add to the first paint (the bound is 0.1)."""
FIRST_PAINT_LARGE_GOAL = 1.5
"""Browser over minimal app, large store."""
RSS_GOAL = 1.3
"""Browser's peak RSS over the minimal app's, bundled store."""


@dataclass(frozen=True)
class Program:
    """A program to start, and what its first frame shows."""

    label: str
    argv: list[str]
    shows: Callable[[Screen], bool]
    terminal: str = "xterm"
    """How the terminal answers the browser's questions (tests/fake_terminal.py)."""


@dataclass
class Samples:
    """First-paint times (s) and peak RSS (KiB) of one program over the rounds."""

    paint: list[float]
    rss: list[int]


def programs(large: Path, large_departments: int) -> list[Program]:
    """The minimal app, and the browser on both stores in English and in Arabic."""
    bundled = load_store()
    first = bundled.departments[0]
    large_key = department_keys(large_departments)[0]
    return [
        Program("minimal", python_module("tests.benchmarks.minimal_app"), contains(MINIMAL_TEXT)),
        Program(
            "bundled-en",
            python_module("tui", "--lang", "en"),
            contains(f"{first.key}  {first.name.en}"),
        ),
        Program(
            "large-en",
            python_module("tui", "--lang", "en", "--content", str(large)),
            contains(f"{large_key}  {department_name(bundled, 0)}"),
        ),
        Program(
            "large-en-cold",
            [
                "env",
                "TUI_CACHE=off",
                *python_module("tui", "--lang", "en", "--content", str(large)),
            ],
            contains(f"{large_key}  {department_name(bundled, 0)}"),
        ),
        Program(
            "large-en-cold-whole",
            [
                "env",
                "TUI_CACHE=off",
                *python_module("tui", "--lang", "en", "--content", str(large)),
            ],
            contains(f"Departments: {large_departments} "),  # the status once read whole
        ),
        Program("bundled-ar", python_module("tui"), contains(visual_string(first.name.ar, "rtl"))),
        Program(
            "bundled-ar-silent",
            python_module("tui"),
            contains(visual_string(first.name.ar, "rtl")),
            terminal="silent",
        ),
        Program(
            "large-ar",
            python_module("tui", "--content", str(large)),
            contains(visual_string(department_name(bundled, 0, "ar"), "rtl")),
        ),
    ]


def first_paint(program: Program) -> tuple[float, int]:
    """Seconds to the first frame, and peak RSS in KiB once the start has settled."""
    with TerminalRun(program.argv, terminal=program.terminal) as run:
        shown = run.wait_for(program.shows, timeout=120)
        run.settle(quiet=0.3, timeout=10)
        return shown - run.started, run.peak_rss_kib()


def measure(all_programs: list[Program], rounds: int, warm_up: bool) -> dict[str, Samples]:
    """Start every program once per round, in an order that rotates between rounds."""
    if warm_up:  # bytecode caches and the page cache, so round 1 is like the others
        for program in all_programs:
            first_paint(program)
    samples = {p.label: Samples([], []) for p in all_programs}
    for round_number in range(rounds):
        shift = round_number % len(all_programs)
        for program in all_programs[shift:] + all_programs[:shift]:
            paint, rss = first_paint(program)
            samples[program.label].paint.append(paint)
            samples[program.label].rss.append(rss)
            print(
                f"  first paint {program.label}: {paint * 1000:.0f} ms, {rss / 1024:.0f} MiB",
                file=sys.stderr,
            )
    return samples


def startup_figures(
    large: Path, large_departments: int, rounds: int, warm_up: bool = True
) -> list[Figure]:
    """First paint (bundled and large, English and Arabic) and peak RSS, against minimal."""
    from tui import content

    # The warm starts' cache: the browser writes a large store's after its first frame,
    # which a start ended once it has painted never gets to.
    content.load(large)
    samples = measure(programs(large, large_departments), rounds, warm_up)
    base_paint = median(samples["minimal"].paint)
    base_rss = median(samples["minimal"].rss)
    size = f"{large_departments:,} departments"

    def paint(label: str, name: str, goal: float | None) -> Figure:
        return Figure(
            name,
            median(samples[label].paint),
            "s",
            rounds,
            base_paint,
            "minimal",
            goal,
            goal_on_ratio=True,
        )

    def rss(label: str, name: str, goal: float | None) -> Figure:
        return Figure(
            name,
            median(samples[label].rss),
            "KiB",
            rounds,
            base_rss,
            "minimal",
            goal,
            goal_on_ratio=True,
        )

    return [
        paint("bundled-en", "first paint, bundled store, --lang en", FIRST_PAINT_GOAL),
        paint("large-en", f"first paint, {size}, --lang en", FIRST_PAINT_LARGE_GOAL),
        paint("large-en-cold", f"first paint, {size}, --lang en, no cache (cold)", None),
        paint("large-en-cold-whole", f"whole store shown, {size}, --lang en, cold", None),
        paint("bundled-ar", "first paint, bundled store, Arabic (default)", FIRST_PAINT_GOAL),
        paint("large-ar", f"first paint, {size}, Arabic (default)", FIRST_PAINT_LARGE_GOAL),
        Figure(
            "first paint's wait for a terminal that answers nothing",
            median(samples["bundled-ar-silent"].paint) - median(samples["bundled-ar"].paint),
            "s",
            rounds,
            goal=SILENT_WAIT_GOAL,
            note="bundled store, Arabic: silent terminal minus xterm's answers",
        ),
        rss("bundled-en", "peak RSS, bundled store, --lang en", RSS_GOAL),
        rss("bundled-ar", "peak RSS, bundled store, Arabic (default)", RSS_GOAL),
        rss("large-en", f"peak RSS, {size}, --lang en", None),
        rss("large-en-cold-whole", f"peak RSS, {size}, --lang en, cold", None),
    ]
