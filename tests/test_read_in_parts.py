"""A large store without its cache opens on its first part while worker processes read the
rest (`tui.store.read_in_parts`): the whole store follows, its problems are said as a full
read says them, the reader's place comes back once the store has it, and leaving stops
the reading."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CONTENT
from tui import cli, store_workers
from tui import store as store_module
from tui.app import PolicyBrowser
from tui.model import Store
from tui.problems import StoreError
from tui.reading_state import ReadingState, save_state
from tui.screens.error import ErrorScreen
from tui.store import StoreReading, load_store, read_in_parts
from tui.widgets.rtl_text import BidiText

FIRST = 4
WIDE = (120, 36)


@pytest.fixture(autouse=True)
def _in_parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The bundled store (12 departments) read as a large one: 4 first, two workers."""
    monkeypatch.setattr(store_module, "READ_IN_PARTS_FROM", 1)
    monkeypatch.setattr(store_module, "FIRST_PART", FIRST)
    monkeypatch.setattr(store_module, "cores", lambda: 2)
    monkeypatch.setenv("TUI_CACHE_DIR", str(tmp_path / "cache"))


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def _break_tenth(root: Path) -> None:
    """An order that is no number, in a file the workers read."""
    path = next((root / "departments").glob("10-*.yaml"))
    path.write_text(path.read_text("utf-8").replace("order: 10", "order: tenth"), "utf-8")


def _reading(root: Path) -> StoreReading:
    read = read_in_parts(root)
    assert isinstance(read, StoreReading)
    return read


def test_the_first_part_then_the_whole_store_as_a_full_read_gives_it() -> None:
    reading = _reading(CONTENT)
    assert reading.first is not None and reading.total == 12
    assert [d.order for d in reading.first.departments] == [1, 2, 3, 4]
    assert reading.finish() == load_store(CONTENT)


def test_problems_in_the_rest_are_those_a_full_read_finds(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _break_tenth(root)
    with pytest.raises(StoreError) as full:
        load_store(root)
    reading = _reading(root)
    assert reading.first is not None  # the first part reads well: it is shown meanwhile
    with pytest.raises(StoreError) as later:
        reading.finish()
    assert [str(p) for p in later.value.problems] == [str(p) for p in full.value.problems]


def test_a_first_part_with_problems_is_not_shown(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "departments" / "02-industry-trade.yaml"
    path.write_text(path.read_text("utf-8").replace("order: 2", "order: second"), "utf-8")
    assert _reading(root).first is None
    assert cli._browsed_store(root, None) is None  # said on stderr, as a full read's


def test_stopping_ends_the_workers_and_the_wait() -> None:
    reading = _reading(CONTENT)
    reading.stop()
    with pytest.raises(store_workers.ReadingStopped):
        reading.finish()


def test_the_browser_opens_on_the_first_part_unless_asked_for_a_department_further_on() -> None:
    opened = cli._browsed_store(CONTENT, None)
    assert opened is not None
    first, reading = opened
    assert reading is not None and len(first.departments) == FIRST
    reading.stop()
    opened = cli._browsed_store(CONTENT, "health")  # the 11th: the whole store at once
    assert opened is not None and opened[1] is None and len(opened[0].departments) == 12


def _app(root: Path, hold: threading.Event | None = None) -> PolicyBrowser:
    """The browser on `root`'s first part; with `hold`, the rest is in once it is set."""
    reading = _reading(root)
    assert reading.first is not None
    if hold is not None:
        finish = reading.finish

        def held(progress: Callable[[int], None] | None = None) -> Store:
            hold.wait(10)
            return finish(progress)

        reading.finish = held  # type: ignore[method-assign]
    return PolicyBrowser(
        reading.first,
        content_dir=root,
        lang="en",
        bidi_mode="app",
        watch=False,
        cursor_blink=False,
        reading=reading,
    )


def _status(app: PolicyBrowser) -> str:
    return app.main_screen.query_one("#status-bar", BidiText).plain


async def test_the_browser_shows_the_first_part_then_the_whole_store() -> None:
    hold = threading.Event()
    app = _app(CONTENT, hold)
    async with app.run_test(size=WIDE) as pilot:
        assert "Reading the store: 4 of 12 files; 4 departments shown so far" in _status(app)
        assert app.ready_index() is None  # the index waits for the whole store
        await pilot.press("slash", *"tourism")
        await pilot.pause()
        results = app.main_screen.query_one("#search-results")
        assert "the search runs once it is read" in str(results.border_title)
        app.action_reload()  # not a second read of the whole store meanwhile
        assert app.store is app.reading.first  # type: ignore[union-attr]
        assert any("still being read" in m for m in app._toast_messages.values())
        hold.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reading is None and len(app.store.departments) == 12
        assert app.files_read == 12  # counted as the workers sent them
        assert "Reading" not in _status(app) and "Departments" in _status(app)
        await app.workers.wait_for_complete()  # the index, then the search typed meanwhile
        await pilot.pause()
        assert "Matches:" in str(results.border_title)


async def test_problems_in_the_rest_show_on_the_error_screen(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _break_tenth(root)
    app = _app(root)
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert app.reading is None and "Reading" not in _status(app)
        assert any("could not be read whole" in m for m in app._toast_messages.values())


async def test_the_readers_place_comes_back_once_the_store_has_it() -> None:
    save_state(ReadingState("health", 2, 0.0, "en", ()))
    app = _app(CONTENT)
    async with app.run_test(size=WIDE) as pilot:
        assert app.main_screen.selected == "finance"  # health is not read yet
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main_screen.selected == "health"
        assert app.main_screen.current_solution == 2


async def test_a_reader_who_moved_meanwhile_stays_where_they_went() -> None:
    save_state(ReadingState("health", 2, 0.0, "en", ()))
    hold = threading.Event()
    app = _app(CONTENT, hold)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("down")
        hold.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main_screen.selected == "industry-trade"


async def test_leaving_while_reading_stops_the_workers() -> None:
    hold = threading.Event()
    app = _app(CONTENT, hold)
    reading = app.reading
    assert reading is not None
    stop = reading.stop

    def stopped() -> None:
        stop()
        hold.set()  # the wait ends as it would: its workers are gone

    reading.stop = stopped  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
    assert reading._rest._stopped
    assert all(w is None or w.poll() is not None for w in reading._rest._workers)
    assert app.store is reading.first  # the whole store was never taken
