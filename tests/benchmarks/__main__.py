"""Run the benchmark suite and print its table: `.venv/bin/python -m tests.benchmarks`.

`--quick` proves the suite runs (a 50-department store, one round, few samples); its
figures are not measurements. The full suite takes a few minutes on two cores, more
with larger `--sizes` (the search index and the `search` command at each store size).
Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import textual

from tests.benchmarks.edited import edited_figures
from tests.benchmarks.figures import Figure, table
from tests.benchmarks.headless import layout_figure, search_figures, store_figures
from tests.benchmarks.keystrokes import keystroke_figures
from tests.benchmarks.search_index import command_figures, index_figures
from tests.benchmarks.startup import startup_figures
from tests.benchmarks.synthetic_store import large_store
from tui.store import load_store


@dataclass(frozen=True)
class Plan:
    """How much of everything to run."""

    departments: int
    rounds: int
    repeats: int
    queries: int
    synthetic: int
    jumps: int
    toggles: int
    words: int
    warm_up: bool
    sizes: tuple[int, ...]
    """Store sizes of the search index and `search` command figures."""
    cold: int
    """`search` commands per size that build the index (and the later ones: `repeats`)."""


FULL = Plan(1000, 21, 5, 500, 1000, 11, 10, 3, True, (1000, 10_000), 2)
QUICK = Plan(50, 1, 1, 50, 50, 2, 2, 1, False, (50,), 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks",
        description="Time the browser: first paint, memory, store load, keystrokes, search, "
        "RTL layout. Prints a Markdown table of medians, ratios and goals.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small store and one round: proves the suite runs"
    )
    parser.add_argument("--departments", type=int, help="size of the large store (default 1000)")
    parser.add_argument(
        "--rounds", type=int, help="program starts per first-paint figure (default 21)"
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        help="large stores, e.g. 1000,10000 (the default): the first gets every figure; each "
        "gets the search index's, the `search` command's and the edited store's, the others "
        "first paint (warm and cold), memory and keystrokes too",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a goal is missed (not with --quick)"
    )
    return parser


def _sizes(text: str) -> tuple[int, ...]:
    """`1000,10000` as sizes; argparse reports anything else."""
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not sizes like 1000,10000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are 1 or more")
    return sizes


def _step(what: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def browser_figures(plan: Plan) -> tuple[Path, list[Figure]]:
    """First paint, memory and keystrokes on a large store of `plan.departments`."""
    _step(f"store of {plan.departments:,} departments (generated once, cached)")
    large = large_store(plan.departments)
    _step("first paint and peak RSS (pty)")
    figures = startup_figures(large, plan.departments, plan.rounds, plan.warm_up)
    _step("keystrokes (pty)")
    figures += keystroke_figures(
        large, load_store(), plan.departments, plan.jumps, plan.toggles, plan.words
    )
    return large, figures


def run(plan: Plan) -> list[Figure]:
    """Every figure, in table order."""
    large, figures = browser_figures(plan)
    _step("store load and search index")
    figures += store_figures(large, plan.departments, plan.repeats)
    _step("search queries, synthetic store")
    figures += search_figures(plan.queries, plan.synthetic)
    for size in plan.sizes:
        _step(f"search index and `search` command, {size:,} departments")
        figures += command_figures(size, plan.cold, plan.repeats)
        figures += index_figures(size, plan.queries)
        _step(f"store load after department files were edited, {size:,} departments")
        figures += edited_figures(size, plan.repeats)
    _step("RTL layout")
    figures.append(layout_figure(max(plan.repeats, 3)))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print the table; with --strict, exit 1 when a goal is missed."""
    args = _parser().parse_args(argv)
    plan = QUICK if args.quick else FULL
    plan = replace(
        plan,
        departments=args.departments or plan.departments,
        rounds=args.rounds or plan.rounds,
        sizes=args.sizes or plan.sizes,
    )
    if args.sizes and not args.departments:
        plan = replace(plan, departments=args.sizes[0])
    started = time.perf_counter()
    figures = run(plan)
    for size in plan.sizes:
        if size != plan.departments:
            figures += browser_figures(replace(plan, departments=size))[1]
    print(table(figures))
    print()
    print(
        f"{'quick mode: these figures only prove the suite runs. ' if args.quick else ''}"
        f"Medians; ratios against a baseline measured in the same run. "
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"{platform.machine()}, {_cores()} cores; "
        f"suite took {time.perf_counter() - started:.0f} s."
    )
    missed = [f.name for f in figures if f.met is False]
    return 1 if args.strict and not args.quick and missed else 0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
