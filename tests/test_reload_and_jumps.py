"""What a reload or a jump leaves behind: no solution past a department's end, no stale
highlight message undoing a jump."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from tests.app_builder import build_app, reload
from tests.conftest import CONTENT
from tui.model import Store
from tui.store import load_store
from tui.widgets.detail import DetailPane

WIDE = (120, 36)


async def test_a_reload_that_shortens_the_department_being_read_is_no_crash(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    app = build_app(lang="en", content=root)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7", *["n"] * 9)  # education, solution 9
        await pilot.pause()
        assert app.main_screen.current_solution == 8
        path = next((root / "departments").glob("07-*.yaml"))
        text = path.read_text("utf-8")
        kept = text.split("\n  - text:")
        path.write_text("\n  - text:".join(kept[:3]) + "\n", "utf-8")  # 2 solutions left
        await reload(app, pilot)
        assert app.main_screen.current_solution is None
        await pilot.press("y", "Y", "f", "left_square_bracket")
        await pilot.pause()
        assert app.is_running


async def test_a_jump_past_a_filter_keeps_the_solution_it_landed_on() -> None:
    """The filter is cleared first: the list's own highlight message must not undo the jump."""
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        screen = app.main_screen
        screen.themes = frozenset({"digital-transformation"})
        await pilot.pause()
        hidden = next(
            d.id
            for d in app.store.departments
            if d.id not in {r.department.id for r in screen._selection.rows}
        )
        assert screen.jump_to(hidden, 2)
        await pilot.pause()
        assert screen.selected == hidden and screen.current_solution == 2
        assert app.query_one(DetailPane).current == 2


async def test_a_reload_caches_the_store_from_the_index_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload reads the YAML on the spot and leaves writing a large store's cache to the
    index worker (`tui.content.save_deferred`), which needs it written."""
    from tui import content

    monkeypatch.setattr(content, "DEFER_SAVE_FROM", 1)  # the bundled store as a large one
    monkeypatch.setenv("TUI_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    app = build_app(lang="en", content=root)
    async with app.run_test(size=WIDE) as pilot:
        path = next((root / "departments").glob("07-*.yaml"))
        path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
        app.action_reload()
        assert content.load_cached(root) is None  # not written yet: the worker has not run
        for _ in range(2):  # the reload's thread, then the index worker it starts
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert content.load_cached(root) == app.store


async def test_a_reload_reads_in_a_thread_and_only_the_last_one_asked_for_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Keys go on while the store is read again; a slow earlier reload that ends after a
    later one does not put its older store back."""
    from tui import content

    release = {1: threading.Event(), 2: threading.Event()}
    stores = {1: load_store(CONTENT), 2: load_store(CONTENT)}
    calls: list[int] = []

    def slow_load(root: Path, **options: object) -> Store:
        number = len(calls) + 1
        calls.append(number)
        release[number].wait(10)
        return stores[number]

    monkeypatch.setattr(content, "load", slow_load)
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        shown = app.store
        app.action_reload()  # returns at once: the read waits in its thread
        assert app.store is shown
        await pilot.press("down")
        await pilot.pause()
        assert app.main_screen.selected == "industry-trade"  # the key was handled meanwhile
        app.action_reload()
        release[2].set()
        await pilot.pause(0.2)
        assert app.store is stores[2]
        release[1].set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.store is stores[2]  # not the first reload's, which ended last
