"""Keystroke to updated screen, in a real pty, on the large store.

One browser session (`tests.benchmarks.browser`: `python -m tui` with a steady cursor, in
English so the screen can be matched as plain text). For each keystroke the clock runs from
writing the key to the arrival of the last frame before the screen has been quiet for
`QUIET` seconds ("settled", the figure judged against the goal); the arrival of the frame
that first shows the new state is reported beside it. Four interactions:

* department jump: press a department's key (past the keys, Enter in the go-to prompt);
  done when the detail pane shows its name;
* go-to prompt keystroke: a department's number typed after `:` a digit at a time; done
  when the prompt shows it (settled: when its list of departments has followed);
* theme filter toggle: in the theme panel (`t`), space turns the first theme on or off;
  done when the status bar shows (or no longer shows) the filter;
* search keystroke: after `/`, type words a letter at a time; done when the status bar
  shows the query so far. `ctrl+u` clears the field between words (not timed).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.figures import Figure, median, percentile
from tests.benchmarks.synthetic_store import department_keys, department_name
from tests.benchmarks.terminal import Screen, TerminalRun, contains, lacks, python_module
from tui.model import Store

GOAL_MS = 50.0
"""Median keystroke to settled screen, large store."""

QUIET = 0.3
"""Seconds without output that mean the app has finished with a keystroke."""

DETAIL_COLUMN = 40
"""At 120 columns the detail pane starts right of this column (the list is on the left)."""

# Where jumps land, as fractions of the list: far apart, so each target is off screen.
_JUMPS = (0.6, 0.1, 0.9, 0.3, 0.75, 0.2, 0.5, 0.95, 0.4, 0.05, 0.85)
SEARCH_WORDS = ("tourism", "investment", "digital")
"""Typed a letter at a time; whole words match thousands of solutions in the large store."""


@dataclass
class Timings:
    """Per keystroke: ms to the frame that shows the new state, and ms to settled."""

    shown: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)


def _keystroke(
    run: TerminalRun, key: str | bytes, done: Callable[[Screen], bool], timings: Timings
) -> None:
    sent = run.press(key)
    shown = run.wait_for(done, timeout=120)
    run.settle(QUIET, timeout=60)
    timings.shown.append((shown - sent) * 1000)
    timings.settled.append((max(run.last_output, shown) - sent) * 1000)


def measure(
    content: Path, bundled: Store, departments: int, jumps: int, toggles: int, words: int
) -> dict[str, Timings]:
    """Run one session and time every keystroke."""
    keys = department_keys(departments)
    argv = python_module("tests.benchmarks.browser", "--lang", "en", "--content", str(content))
    timings = {"jump": Timings(), "goto": Timings(), "toggle": Timings(), "search": Timings()}
    with TerminalRun(argv) as run:
        run.wait_for(contains(f"{keys[0]}  {department_name(bundled, 0)}"), timeout=120)
        run.settle(1.0, timeout=60)
        for fraction in (_JUMPS * (1 + jumps // len(_JUMPS)))[:jumps]:
            index = int(fraction * (departments - 1))
            name = department_name(bundled, index)
            key = keys[index]
            if key is None:  # no key: `:`, its number a digit at a time, then Enter
                run.press(":")
                run.settle(QUIET)
                number = str(index + 1)
                for end in range(1, len(number) + 1):
                    _keystroke(run, number[end - 1], _prompt_shows(number[:end]), timings["goto"])
                key = "\r"
            _keystroke(run, key, _detail_shows(name), timings["jump"])
        run.press("t")
        run.settle(QUIET)
        label = f"Filter: {bundled.themes[0].label.en}"
        for n in range(toggles):
            done = contains(label) if n % 2 == 0 else lacks(label)
            _keystroke(run, " ", done, timings["toggle"])
        run.press(b"\x1b")
        run.settle(QUIET)
        run.press("/")
        run.settle(QUIET)
        for word in (SEARCH_WORDS * (1 + words // len(SEARCH_WORDS)))[:words]:
            for end in range(1, len(word) + 1):
                _keystroke(
                    run, word[end - 1], contains(f"Search: “{word[:end]}”"), timings["search"]
                )
            run.press(b"\x15")  # ctrl+u: clear the field
            run.wait_for(lacks("Search: “"), timeout=120)
            run.settle(QUIET)
    for name, timing in timings.items():
        print(
            f"  keystrokes {name}: settled {', '.join(f'{t:.0f}' for t in timing.settled)} ms",
            file=sys.stderr,
        )
    return timings


def _prompt_shows(typed: str) -> Callable[[Screen], bool]:
    """The go-to prompt's field holds `typed` (and no more)."""
    return lambda rows: any(row.split("🔎")[-1].strip() == typed for row in rows if "🔎" in row)


def _detail_shows(name: str) -> Callable[[Screen], bool]:
    """The detail pane (right of the list) shows `name`."""
    return lambda rows: any(row.find(name, DETAIL_COLUMN) >= 0 for row in rows)


def keystroke_figures(
    content: Path, bundled: Store, departments: int, jumps: int, toggles: int, words: int
) -> list[Figure]:
    """Median settled time per interaction, with first-shown and worst times in the note."""
    timings = measure(content, bundled, departments, jumps, toggles, words)
    size = f"{departments:,} departments"
    labels = {
        "jump": "department jump",
        "goto": "go-to prompt keystroke",
        "toggle": "theme filter toggle",
        "search": "search keystroke",
    }
    return [
        Figure(
            f"keystroke → screen, {labels[name]}, {size}",
            median(timing.settled),
            "ms",
            len(timing.settled),
            goal=GOAL_MS,
            note=(
                f"first shown {median(timing.shown):.0f} ms, "
                f"p90 {percentile(timing.settled, 0.9):.0f} ms, worst {max(timing.settled):.0f} ms"
            ),
        )
        for name, timing in timings.items()
        if timing.settled  # no go-to keystrokes where every department has a key
    ]
