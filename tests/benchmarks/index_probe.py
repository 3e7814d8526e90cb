"""One process's view of the search index, for `tests.benchmarks.search_index`.

`python -m tests.benchmarks.index_probe ROOT build` loads the store in ROOT (from the store
cache) and times `tui.content.search_index` when there is no index file: the build and
its writing. With `open` instead it times opening the file, then runs the queries read from
stdin (a JSON list) and reports each one's time, as the browser asks it (the results, their
counts per department and in all, and the first hundred listed: `browser_query`) and with
every hit built (`SearchIndex.search`, as the commands), and how much the RSS grew from the
store loaded to the index opened and queried (what any search costs whatever the index, its
modules and the analysis tables, is paid before: a query is parsed first). Queries run
with the store and index out of the collector's way, as in the browser. The answer is one
line of JSON on stdout.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from tui import content
from tui.search import SearchIndex

SHOWN = 100
"""Results the browser lists at once (`tui.widgets.search_bar.MAX_SHOWN_HITS`; not imported:
that is Textual's import)."""


def rss_kib() -> int:
    """This process's resident set now, in KiB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def browser_query(index: SearchIndex, query: str) -> None:
    """What the browser asks of a query typed: the results, the department list's rows
    and counts, and the results list's first hundred."""
    results = index.results(query, "ar")
    results.count()
    results.shown_groups(SHOWN)


def main(argv: list[str]) -> int:
    """Measure as the module docstring says and print the JSON."""
    root, mode = Path(argv[0]), argv[1]
    store = content.load(root)
    from tui.search import parse_query, stored  # noqa: F401  (the modules any search loads)

    parse_query("الاستثمار")  # the analysis tables
    store_rss = rss_kib()
    started = time.perf_counter()
    index = content.search_index(root, store)
    result: dict[str, object] = {"seconds": time.perf_counter() - started}
    gc.freeze()  # as the browser does once its index is there (`PolicyBrowser._built_index`)
    if mode == "open":
        times, every_hit = [], []
        for query in json.load(sys.stdin):
            started = time.perf_counter()
            browser_query(index, query)
            times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            index.search(query, "ar")
            every_hit.append((time.perf_counter() - started) * 1000)
        resident = rss_kib() - store_rss
        result.update(times=times, every_hit=every_hit, store_rss_kib=store_rss)
        result.update(index_rss_kib=resident)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
