"""Figures measured in this process: store load, search index build and queries, RTL layout."""

from __future__ import annotations

import random
import re
from functools import partial
from pathlib import Path

from bidi import get_display

from tests.benchmarks import bench_search
from tests.benchmarks.figures import Figure, median, percentile, timed
from tests.test_rtl_perf import ARABIC, OTHER
from tui.model import Store
from tui.rtl import layout
from tui.search import SearchIndex, analysis, tokenize
from tui.store import default_content_dir, load_store

LAYOUT_WORDS = 10_000
LAYOUT_WIDTH = 80


def store_figures(large: Path, departments: int, repeats: int) -> list[Figure]:
    """Load and validate both stores, and build the bundled store's search index (the large
    store's, at each size: `tests.benchmarks.search_index`)."""
    figures: list[Figure] = []
    for label, folder in (
        ("bundled store", default_content_dir()),
        (f"{departments:,} departments", large),
    ):
        loads = [timed(load_store, folder) for _ in range(repeats)]
        figures.append(Figure(f"store load + validation, {label}", median(loads), "s", repeats))
    builds = [timed(SearchIndex.build, load_store()) for _ in range(repeats)]
    figures.append(Figure("search index build, bundled store", median(builds), "s", repeats))
    figures.append(
        Figure(
            "search tables (first index build in a process)",
            median([_first_tables() for _ in range(repeats)]),
            "s",
            repeats,
            note="tui.search.analysis._tables, part of the background index build",
        )
    )
    return figures


def _first_tables() -> float:
    """What the first index build of a process pays for its folding table and word pattern."""
    analysis._tables.cache_clear()
    re.purge()  # the word pattern is compiled again, as in a fresh process
    return timed(analysis._tables)


def store_queries(store: Store, rng: random.Random, count: int) -> list[str]:
    """Words, two-word queries and quoted phrases taken from the store's own Arabic text."""
    words = [t.text for d in store.departments for s in d.solutions for t in tokenize(s.text.ar)]
    out: list[str] = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.5:
            out.append(rng.choice(words))
        elif kind < 0.8:
            out.append(f"{rng.choice(words)} {rng.choice(words)}")
        else:
            start = rng.randrange(len(words) - 1)
            out.append(f'"{words[start]} {words[start + 1]}"')
    return out


def _query_times(index: SearchIndex, queries: list[str]) -> list[float]:
    return [timed(index.search, query, "ar") * 1000 for query in queries]


def search_figures(queries: int, synthetic: int) -> list[Figure]:
    """Query times over bench_search's synthetic model store (the generated stores' are
    `tests.benchmarks.search_index`'s)."""
    synthetic_store = bench_search.synthetic_store(departments=synthetic)
    synthetic_index = SearchIndex.build(synthetic_store)
    synthetic_times = _query_times(
        synthetic_index, bench_search.queries(random.Random(11), queries)
    )
    return [
        Figure(
            f"search query, bench_search synthetic store ({synthetic:,} × 20)",
            median(synthetic_times),
            "ms",
            len(synthetic_times),
            note=f"p95 {percentile(synthetic_times, 0.95):.1f} ms",
        ),
    ]


def layout_figure(repeats: int) -> Figure:
    """A 10,000-word policy-like paragraph at width 80 against python-bidi's get_display."""
    rng = random.Random(2)
    words = [
        rng.choice(OTHER) if rng.random() < 0.08 else rng.choice(ARABIC)
        for _ in range(LAYOUT_WORDS)
    ]
    text = " ".join(words)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeats):  # alternate, so both see the same machine load
        theirs.append(timed(partial(get_display, base_dir="R"), text))
        ours.append(timed(layout, text, LAYOUT_WIDTH))
    return Figure(
        f"RTL layout, {LAYOUT_WORDS:,}-word paragraph, width {LAYOUT_WIDTH}",
        median(ours),
        "s",
        repeats,
        median(theirs),
        "get_display",
    )
