"""A search typed before the search index is there: the field and the status row show what
was typed, the results say the index is coming, and the search runs when it comes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.app_builder import build_app, main_of
from tests.conftest import CONTENT
from tui import app as app_module
from tui import content
from tui.app import PolicyBrowser
from tui.widgets.rtl_text import BidiText

WIDE = (120, 36)


@pytest.fixture
def index_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled store treated as a large one (its index never built on a keystroke), and
    the index left for the test to start."""
    monkeypatch.setattr(app_module, "INDEX_ELSEWHERE_FROM", 0)
    monkeypatch.setattr(app_module, "INDEX_DELAY", 3600)


async def _pending_then_found(app: PolicyBrowser) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"investment")
        await pilot.pause()
        screen = main_of(app)
        results = app.query_one("#search-results", OptionList)
        assert app.query_one("#search-input").value == "investment"  # type: ignore[attr-defined]
        assert "investment" in app.query_one("#status-bar", BidiText).plain
        assert results.option_count == 0 and "Indexing" in str(results.border_title)
        assert len(screen._selection.rows) == len(app.store.departments)  # nothing narrowed
        app._start_index_worker()
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = app.index.results("investment", "en")
        assert results.option_count > 0 and "Matches" in str(results.border_title)
        assert len(screen._selection.rows) == found.count().departments
        assert app.query_one("#search-input").value == "investment"  # type: ignore[attr-defined]


async def test_a_search_waits_for_the_index_built_in_this_process(index_waits: None) -> None:
    """A store not loaded through the cache has no index file: built in a thread."""
    await _pending_then_found(build_app(lang="en"))


async def test_a_search_waits_for_the_index_a_child_process_writes(
    index_waits: None, own_cache: Path
) -> None:
    """A store from the cache: `python -m tui.indexing build` writes the index file beside
    it, and the browser opens that."""
    store = content.load(CONTENT)
    app = PolicyBrowser(
        store, content_dir=CONTENT, lang="en", bidi_mode="app", watch=False, cursor_blink=False
    )
    await _pending_then_found(app)
    assert app._index_build is not None  # the child built it
    assert [path.suffix for path in own_cache.iterdir()].count(".index") == 1


async def test_leaving_ends_the_build_child(index_waits: None, own_cache: Path) -> None:
    """The browser leaving while its child builds the index ends the child (and builds
    nothing itself)."""
    store = content.load(CONTENT)
    app = PolicyBrowser(
        store, content_dir=CONTENT, lang="en", bidi_mode="app", watch=False, cursor_blink=False
    )
    async with app.run_test(size=WIDE):
        app._start_index_worker()
        for _ in range(500):
            if app._index_build is not None:
                break
            await asyncio.sleep(0.01)
        build = app._index_build
        assert build is not None
        app.exit()
    assert build.stopped
    assert build._process.wait(timeout=30) is not None
