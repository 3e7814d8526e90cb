"""Snapshot tests of the browser's screens (open the SVGs in Chromium: they must read right).

Sync test functions, explicit terminal sizes, no blinking cursor; the app comes from
tests/app_builder.py. The SVGs carry `unicode-bidi: bidi-override` so a browser shows the
cells as the terminal does instead of applying bidi a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app_builder import build_app, reload

SnapCompare = Callable[..., bool]
WIDE = (120, 36)


def test_arabic_default(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), terminal_size=WIDE)


def test_english(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(lang="en"), terminal_size=WIDE)


def test_jump_by_key(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["7"], terminal_size=WIDE)


def test_theme_filter_active(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        build_app(), press=["t", "down", "down", "space", "down", "space"], terminal_size=WIDE
    )


def test_search_with_results(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["slash", *"الاستثمار"], terminal_size=WIDE)


def test_help(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["question_mark"], terminal_size=WIDE)


def test_matrix(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["m"], terminal_size=WIDE)


def test_narrow(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["3", "enter"], terminal_size=(60, 24))


def test_tiny(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), terminal_size=(30, 10))


def test_long_department_scrolled(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["a", "tab", "end"], terminal_size=(100, 30))


def test_language_toggled_at_runtime(snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(), press=["2", "l"], terminal_size=WIDE)


def test_broken_store_error(snap_compare: SnapCompare) -> None:
    async def break_store(pilot: Pilot[Any]) -> None:
        pilot.app.content_dir = Path("tests/data/broken-store")  # type: ignore[attr-defined]
        await reload(pilot.app, pilot)  # type: ignore[arg-type]

    assert snap_compare(build_app(), run_before=break_store, terminal_size=WIDE)


def test_calibration(snap_compare: SnapCompare) -> None:
    """The calibration screen from help: three samples, each drawn as its mode sends it."""
    assert snap_compare(build_app(), press=["question_mark", "b"], terminal_size=WIDE)


def test_palette_in_arabic(snap_compare: SnapCompare) -> None:
    """Ctrl+P with Arabic typed: the field and the entries read right to left."""

    async def typed(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"الصحة")
        await pilot.pause(0.3)

    assert snap_compare(build_app(), run_before=typed, terminal_size=WIDE)


def test_parallel_view(snap_compare: SnapCompare) -> None:
    """Arabic on the right (the UI's start side), English on the left, solution by solution;
    a search's matches marked in both languages."""
    wide = (160, 40)
    assert snap_compare(
        build_app(), press=["slash", *"الاستثمار", "enter", "s"], terminal_size=wide
    )


def test_pins_screen(snap_compare: SnapCompare) -> None:
    """Three pins listed in Arabic: one with a note, one whose department is gone."""
    from datetime import UTC, datetime

    from tests.conftest import CONTENT
    from tui.pins import Pin, add, save_pins
    from tui.store import load_store

    store, when = load_store(CONTENT), datetime(2026, 12, 5, tzinfo=UTC)
    pins = add((), store, "education-training", 1, "راجع الأرقام مع النص الفيتنامي", now=when)
    pins = add(pins, store, "home-affairs", 0, now=when)
    save_pins((*pins, Pin("gone", 2, "0" * 8, "", when)))
    assert snap_compare(build_app(), press=["P"], terminal_size=WIDE)


def test_find_in_progress(snap_compare: SnapCompare) -> None:
    """n twice after a search: "match k of n" in the status row, the match underlined."""
    press = ["slash", *"الاستثمار", "enter", "escape", "n", "n"]
    assert snap_compare(build_app(), press=press, terminal_size=WIDE)
