"""BlockView and BidiList: heights without layout, only visible rows drawn, keys and mouse."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from tests.app_builder import build_app
from tests.conftest import CONTENT
from tui.model import Lang
from tui.store import load_store
from tui.widgets.bidi_list import BidiList, Item
from tui.widgets.detail import DetailPane
from tui.widgets.rtl_text import BidiBlock, BidiContext

CONTEXT = BidiContext(mode="app", rtl=True)
WIDE = (120, 36)


def row(text: str, item_id: str | None = None, *, disabled: bool = False) -> Item:
    return Item(BidiBlock(Text(text), CONTEXT, base="rtl"), id=item_id, disabled=disabled)


class ListApp(App[None]):
    """One BidiList filling a 40×10 screen."""

    CSS = "BidiList { height: 1fr; border: none; padding: 0; }"

    def __init__(self, items: list[Item]) -> None:
        super().__init__()
        self.items = items
        self.messages: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield BidiList(id="list")

    def on_mount(self) -> None:
        listing = self.query_one(BidiList)
        listing.set_items(self.items, highlight=0)
        listing.focus()

    def on_bidi_list_highlighted(self, event: BidiList.Highlighted) -> None:
        self.messages.append(("highlighted", event.item.id))

    def on_bidi_list_selected(self, event: BidiList.Selected) -> None:
        self.messages.append(("selected", event.item.id))


def numbered(count: int) -> list[Item]:
    return [row(f"{n}  إدارة رقم {n}", str(n)) for n in range(count)]


async def test_heights_count_wrapped_rows_without_drawing_them() -> None:
    long_name = "إدارة " * 20  # wraps at 40 columns
    items = [row("قصير", "a"), row(long_name, "b"), row("قصير أيضا", "c")]
    app = ListApp(items)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        listing = app.query_one(BidiList)
        width = listing.scrollable_content_region.width
        expected = [len(item.prompt.lines(width)) for item in items]
        assert expected[1] > 1
        assert listing.virtual_size.height == sum(expected)
        assert listing.block_lines(2) == (expected[0] + expected[1], expected[2])
        assert listing.block_at(expected[0]) == 1  # the long row's first line


async def test_only_the_rows_on_screen_are_drawn() -> None:
    items = numbered(1000)
    app = ListApp(items)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        drawn = [item for item in items if item.prompt._rows]
        assert 0 < len(drawn) <= 10  # a screenful, not a thousand
        await pilot.press("end")
        await pilot.pause()
        assert app.query_one(BidiList).highlighted == 999
        drawn = [item for item in items if item.prompt._rows]
        assert len(drawn) <= 20
        assert items[999].prompt._rows  # the last row is on screen now


async def test_keys_move_past_disabled_rows_and_enter_selects() -> None:
    items = [row("أ", "a"), row("ب", None, disabled=True), row("ج", "c"), row("د", "d")]
    app = ListApp(items)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        listing = app.query_one(BidiList)
        await pilot.press("down")
        assert listing.highlighted == 2  # the disabled row is skipped
        await pilot.press("up")
        assert listing.highlighted == 0
        await pilot.press("end", "enter")
        await pilot.pause()
        assert listing.highlighted == 3
        assert app.messages[-1] == ("selected", "d")
        assert ("highlighted", "c") in app.messages
        await pilot.press("home")
        assert listing.highlighted == 0


async def test_page_keys_move_a_screenful_and_scroll() -> None:
    app = ListApp(numbered(100))
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        listing = app.query_one(BidiList)
        await pilot.press("pagedown")
        await pilot.pause()
        assert listing.highlighted == 10
        assert listing.scroll_offset.y > 0  # the highlight is in view
        await pilot.press("pageup")
        await pilot.pause()
        assert listing.highlighted == 0


async def test_click_highlights_and_selects_the_row_under_the_mouse() -> None:
    app = ListApp(numbered(5))
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.click(BidiList, offset=(5, 3))
        await pilot.pause()
        assert app.query_one(BidiList).highlighted == 3
        assert app.messages[-1] == ("selected", "3")


async def test_new_items_keep_the_highlight_index_within_range() -> None:
    app = ListApp(numbered(10))
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        listing = app.query_one(BidiList)
        await pilot.press("end")
        listing.set_items(numbered(3), highlight=9)
        await pilot.pause()
        assert listing.highlighted == 2
        assert listing.ids == ["0", "1", "2"]
        assert listing.virtual_size.height == 3


async def test_detail_pane_blocks_gaps_and_current_solution() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7")
        await pilot.pause()
        pane = app.query_one(DetailPane)
        department = app.store.department("education-training")
        assert department is not None
        assert pane.plain("name") == department.name.en
        assert pane.shown_solutions == list(range(len(department.solutions)))
        # one blank line between solutions: solution 1 starts two lines after solution 0 ends
        first = pane.block_lines(pane.index_of("0") or 0)
        second = pane.block_lines(pane.index_of("1") or 0)
        assert first is not None and second is not None
        assert second[0] == first[0] + first[1] + 1
        await pilot.press("n", "n")  # the second solution becomes current, at the top
        await pilot.pause()
        assert pane.current == 1
        assert pane.scroll_offset.y == min(second[0], pane.max_scroll_y)


async def test_the_first_screen_lays_each_text_out_once_at_one_width() -> None:
    """The list and the detail keep a scrollbar gutter, so a scrollbar appearing after the
    first measure does not narrow them and lay everything out again; the blocks measured
    for the first frame are laid out then, not counted and laid out apart."""
    from tui.widgets.department_list import DepartmentList

    app = build_app()  # Arabic: the detail is longer than the screen
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for view in (app.query_one(DetailPane), app.query_one(DepartmentList)):
            assert view.max_scroll_y > 0 or view.id == "departments"
            drawn = [b.prompt for b in view.blocks[: len(view._starts)] if b._prompt is not None]
            assert drawn
            assert {width for block in drawn for width in block._lines} == {
                view.scrollable_content_region.width
            }, view.id


async def test_terminal_mode_rows_close_every_isolate_inside_their_pane() -> None:
    """For Konsole each pane row is an isolate; its closing PDI must survive Textual's crop
    at a scrolling pane's edge, or the row runs into the next pane."""
    from tui.app import PolicyBrowser

    openers = {"\u2066", "\u2067", "\u2068"}
    app = PolicyBrowser(load_store(CONTENT), bidi_mode="terminal", watch=False, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        panes = 0
        for row in rows:
            for piece in row.split("\u2069\u200e")[1:]:  # each pane's row: PDI LRM <isolate>
                depth = 0
                for char in piece:
                    if char in openers:
                        depth += 1
                    elif char == "\u2069":
                        depth -= 1
                assert depth == 0, f"an isolate left open in {piece!r}"
                panes += 1
        assert panes > 40  # the list, the detail and the bars were all checked


async def test_rows_below_the_view_are_measured_after_the_first_frame() -> None:
    """The first list measures a screenful before its frame and the rest after it; a later
    change is measured at once, so it settles in one frame."""
    long_name = "إدارة " * 12  # two lines at 40 columns
    items = [row(long_name, str(n)) for n in range(500)]

    class Recording(BidiList):
        first_frame: tuple[int, int] | None = None

        def render_line(self, y: int) -> Strip:
            strip = super().render_line(y)
            if self.first_frame is None:  # measured as the first line is drawn
                self.first_frame = (len(self._starts), self.virtual_size.height)
            return strip

    class FirstFrame(ListApp):
        def compose(self) -> ComposeResult:
            yield Recording(id="list")

    app = FirstFrame(items)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        listing = app.query_one(BidiList)
        assert isinstance(listing, Recording) and listing.first_frame is not None
        measured, estimate = listing.first_frame
        assert 0 < measured <= 10  # only down to the bottom of the view
        assert estimate < 2 * 500  # the rest counted a line each
        assert len(listing._starts) == 500
        assert listing.virtual_size.height == 500 * 2
        listing.set_items([row(long_name, str(n)) for n in range(300)], highlight=0)
        assert len(listing._starts) == 300 and listing.virtual_size.height == 600
        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted == 299
        assert listing.scroll_offset.y == listing.max_scroll_y == 600 - 10


def test_rows_with_a_height_key_wrap_like_their_text() -> None:
    """Department rows share a measurement when only the digits of the count differ: check
    against each row's own layout, at widths where the rows wrap and where they do not."""
    from tui.model import Department
    from tui.selection import Row
    from tui.widgets.block_view import text_cells
    from tui.widgets.department_list import DepartmentList

    store = load_store(CONTENT)
    listing = DepartmentList()
    for context in (CONTEXT, BidiContext(mode="terminal", rtl=True), BidiContext(rtl=False)):
        lang: Lang = "ar" if context.rtl else "en"
        department: Department = store.departments[-1]  # the longest name
        rows = [Row(department, n, 17) for n in (1, 2, 7, 11, 12, 17)]
        listing.show(rows, lang, context, filtered=True)  # not mounted: items only
        for width in (12, 20, 30, 45, 80):
            for item in listing.items:
                cells = text_cells(item.prompt, width)
                assert item.height(width) == len(item.prompt.lines(cells)), (width, item.id)
