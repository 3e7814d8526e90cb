"""The department list scrolls by row and lays out only the rows on screen, so that a
filter, a search keystroke or a jump costs the same at 12 departments as at 10,000."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from textual.app import App, ComposeResult
from textual.pilot import Pilot

from tests.conftest import CONTENT
from tui.model import Department
from tui.selection import Row
from tui.store import load_store
from tui.widgets.department_list import DepartmentList
from tui.widgets.rtl_text import BidiContext

MANY = 5_000
ENGLISH = BidiContext(rtl=False)


def many_rows(count: int = MANY) -> list[Row]:
    """`count` rows of the bundled departments' names under ids of their own."""
    bundled = load_store(CONTENT).departments
    departments: list[Department] = [
        replace(bundled[n % len(bundled)], id=f"d{n}", key=None) for n in range(count)
    ]
    return [
        Row(department, n % 7, department.solution_count)
        for n, department in enumerate(departments)
    ]


class ListApp(App[None]):
    CSS = "DepartmentList { height: 1fr; scrollbar-gutter: stable; }"

    def __init__(self) -> None:
        super().__init__()
        self.told: list[str] = []
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield DepartmentList(id="departments")

    def on_department_list_highlighted(self, event: DepartmentList.Highlighted) -> None:
        self.told.append(event.department_id)

    def on_department_list_chosen(self, event: DepartmentList.Chosen) -> None:
        self.chosen.append(event.department_id)


@asynccontextmanager
async def listed(
    rows: list[Row], focus: bool = False
) -> AsyncIterator[tuple[ListApp, Pilot[None], DepartmentList]]:
    """An app of one 50×20 list showing `rows` (not filtered, in English)."""
    app = ListApp()
    async with app.run_test(size=(50, 20)) as pilot:
        listing = app.query_one(DepartmentList)
        if focus:
            listing.focus()
        listing.show(rows, "en", ENGLISH, filtered=False)
        await pilot.pause()
        yield app, pilot, listing


def on_screen(listing: DepartmentList) -> list[int]:
    """The rows the screen shows, top to bottom."""
    return sorted({line.row for line in listing._lines()})


async def test_a_large_list_lays_out_only_what_the_screen_shows() -> None:
    rows = many_rows()
    async with listed(rows) as (_app, pilot, listing):
        shown = on_screen(listing)
        assert shown[0] == 0 and len(shown) < 20
        # the screen, and the last page (measured for where scrolling stops)
        assert len(listing._blocks) <= 2 * len(shown) + 1
        # a filter: every row's count changes; again only the screen is laid out
        listing._blocks.clear()
        listing.show(rows[::2], "en", ENGLISH, filtered=True)
        await pilot.pause()
        assert listing.row_count == MANY // 2
        assert len(listing._blocks) <= 2 * len(on_screen(listing)) + 1


async def test_a_jump_far_down_brings_the_row_to_the_bottom_of_the_screen() -> None:
    rows = many_rows()
    async with listed(rows) as (app, pilot, listing):
        assert listing.select_id("d4000")
        await pilot.pause()
        shown = on_screen(listing)
        assert shown[-1] == 4000 and listing.highlighted == 4000
        assert app.told[-1] == "d4000"
        lines = listing._lines()
        height = listing.scrollable_content_region.height
        assert len(lines) >= height - 2  # the rows above fill the screen (a row may not fit)
        assert listing.select_id("d3999")  # on screen already: nothing scrolls
        await pilot.pause()
        assert on_screen(listing) == shown
        assert listing.select_id("d10")  # above: it becomes the top row
        await pilot.pause()
        assert on_screen(listing)[0] == 10
        assert not listing.select_id("nowhere")


async def test_the_last_page_ends_with_the_last_row() -> None:
    rows = many_rows(300)
    async with listed(rows) as (_app, pilot, listing):
        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted == 299
        assert on_screen(listing)[-1] == 299
        listing.scroll_end(animate=False, immediate=True)  # as far as the scrollbar goes
        await pilot.pause()
        assert on_screen(listing)[-1] == 299
        assert len(listing._lines()) <= listing.scrollable_content_region.height
        await pilot.press("home")
        assert listing.highlighted == 0 and on_screen(listing)[0] == 0
        await pilot.press("up")  # wraps, as Textual's lists do
        assert listing.highlighted == 299


async def test_keys_pages_and_clicks_move_and_choose() -> None:
    rows = many_rows(300)
    async with listed(rows, focus=True) as (app, pilot, listing):
        page = len(on_screen(listing))
        await pilot.press("pagedown")
        assert listing.highlighted == page
        await pilot.press("down")
        before, page = listing.highlighted, len(on_screen(listing))
        await pilot.press("pageup")
        assert before is not None and listing.highlighted == before - page
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [f"d{before - page}"]
        top = on_screen(listing)[0]
        first_line_of = {line.row: y for y, line in reversed(list(enumerate(listing._lines())))}
        await pilot.click(DepartmentList, offset=(5, first_line_of[top + 2]))
        await pilot.pause()
        assert listing.highlighted == top + 2 and app.chosen[-1] == f"d{top + 2}"


async def test_new_rows_keep_the_highlighted_department_or_none_when_kept() -> None:
    rows = many_rows(300)
    async with listed(rows) as (app, pilot, listing):
        listing.select_id("d120")
        await pilot.pause()
        told = len(app.told)
        listing.show(rows[100:200], "en", ENGLISH, filtered=True)
        await pilot.pause()
        assert listing.highlighted_id == "d120" and len(app.told) == told  # still the same one
        listing.show(rows[:50], "en", ENGLISH, filtered=True)  # gone: the first row
        assert listing.highlighted_id == "d0"
        listing.show(rows[60:70], "en", ENGLISH, filtered=True, keep="d0")  # kept: none
        assert listing.highlighted is None
        listing.show([], "en", ENGLISH, filtered=True)
        await pilot.pause()
        assert listing.row_count == 0 and listing.highlighted is None


async def test_a_reloaded_department_is_shown_as_it_now_is() -> None:
    """Rows are kept per department and count: a reload's department of the same id and
    count (renamed, another key) is drawn anew."""
    rows = many_rows(30)
    async with listed(rows) as (_app, pilot, listing):
        before = listing.render_line(0).text
        renamed = replace(rows[0].department, name=rows[0].department.name._replace(en="Renamed"))
        listing.show([rows[0]._replace(department=renamed), *rows[1:]], "en", ENGLISH, False)
        await pilot.pause()
        assert "Renamed" in listing.render_line(0).text and "Renamed" not in before


async def test_paging_stops_at_a_row_cut_off_at_the_bottom() -> None:
    """Rows that wrap: PageDown's next screen starts with the row the last one cut off (or
    the one after the last whole row), so every row is seen whole while paging."""
    rows = many_rows(60)
    app = ListApp()
    async with app.run_test(size=(30, 12)) as pilot:
        listing = app.query_one(DepartmentList)
        listing.focus()
        listing.show(rows, "en", ENGLISH, filtered=False)
        await pilot.pause()
        seen_whole: set[int] = set()
        for _ in range(8):
            lines, height = listing._lines(), listing.scrollable_content_region.height
            cut = {line.row for line in lines[height:]}
            whole = {line.row for line in lines[:height]} - cut
            seen_whole |= whole
            await pilot.press("pagedown")
            await pilot.pause()
            assert on_screen(listing)[0] == max(whole) + 1 or listing.max_scroll_y == round(
                listing.scroll_y
            )
        top = max(seen_whole)
        assert set(range(top + 1)) <= seen_whole
