"""BidiBlock as a Visual in Textual's OptionList, and the detail pane's BlockView: heights
counted without layout, only visible rows drawn, the department list's highlight."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tests.app_builder import build_app
from tests.conftest import CONTENT
from tui.model import Lang
from tui.store import load_store
from tui.widgets.detail import DetailPane
from tui.widgets.rtl_text import BidiBlock, BidiContext

CONTEXT = BidiContext(mode="app", rtl=True)
WIDE = (120, 36)


def row(text: str, option_id: str | None = None) -> Option:
    return Option(BidiBlock(Text(text), CONTEXT, base="rtl"), option_id)


class ListApp(App[None]):
    """One OptionList of BidiBlocks filling a 40×10 screen."""

    CSS = "OptionList { height: 1fr; border: none; padding: 0; }"

    def __init__(self, options: list[Option]) -> None:
        super().__init__()
        self.options = options

    def compose(self) -> ComposeResult:
        yield OptionList(*self.options)


def prompt(option: Option) -> BidiBlock:
    assert isinstance(option.prompt, BidiBlock)
    return option.prompt


async def test_heights_count_wrapped_rows_without_drawing_them() -> None:
    long_name = "إدارة " * 20  # wraps at 40 columns
    options = [row("قصير", "a"), row(long_name, "b"), row("قصير أيضا", "c")]
    app = ListApp(options)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        listing = app.query_one(OptionList)
        width = listing.scrollable_content_region.width
        expected = [len(prompt(option).lines(width)) for option in options]
        assert expected[1] > 1
        assert listing.virtual_size.height == sum(expected)
        await pilot.click(OptionList, offset=(5, expected[0]))  # the long row's first line
        await pilot.pause()
        assert listing.highlighted == 1


async def test_only_the_rows_on_screen_are_drawn() -> None:
    options = [row(f"{n}  إدارة رقم {n}", str(n)) for n in range(1000)]
    app = ListApp(options)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        drawn = [option for option in options if prompt(option)._rows]
        assert 0 < len(drawn) <= 10  # a screenful, not a thousand
        await pilot.press("end")
        await pilot.pause()
        assert app.query_one(OptionList).highlighted == 999
        drawn = [option for option in options if prompt(option)._rows]
        assert len(drawn) <= 20
        assert prompt(options[999])._rows  # the last row is on screen now


def test_a_rows_counted_height_is_its_laid_out_height() -> None:
    """The list counts the lines of the rows it shows (to fill the screen and to scroll)
    without laying them out: the count (no shaping, no reordering) must agree with the
    layout, hanging key included, at widths where the rows wrap and where they do not."""
    from tui.widgets.department_list import DepartmentList

    store = load_store(CONTENT)
    for context in (CONTEXT, BidiContext(mode="terminal", rtl=True), BidiContext(rtl=False)):
        lang: Lang = "ar" if context.rtl else "en"
        for department in store.departments:
            name = department.name.get(lang)
            for count in ("(1/17)", "(12/17)"):
                block = DepartmentList._prompt(department.key or "", name, count, context)
                for width in (12, 20, 30, 45, 80):
                    lines = len(block.lines(width))
                    assert block.line_count(width) == lines, (width, count, department.id)


async def test_the_list_highlights_the_department_being_read_as_a_search_narrows_it() -> None:
    """While a query is typed the detail stays on its department; where the narrowed list
    shows it, it is the highlighted row (it was looked up among the rows being replaced)."""
    from tui.widgets.department_list import DepartmentList

    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"الاستثمار")
        await pilot.pause()
        listing = app.query_one(DepartmentList)
        assert listing.row_count < len(app.store.departments)
        assert listing.highlighted_id == app.main_screen.selected == "finance"
        await pilot.press("ctrl+u")  # a query that lists nothing, then everything again
        await pilot.press(*"zzzz")
        await pilot.pause()
        assert listing.row_count == 0 and listing.highlighted is None
        assert app.main_screen.selected == "finance"


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
        first = pane.block_lines(pane._solution_blocks[0])
        second = pane.block_lines(pane._solution_blocks[1])
        assert first is not None and second is not None
        assert second[0] == first[0] + first[1] + 1
        await pilot.press("n", "n")  # the second solution becomes current, at the top
        await pilot.pause()
        assert pane.current == 1
        assert pane.scroll_offset.y == min(second[0], pane.max_scroll_y)


async def test_the_first_screen_lays_each_text_out_once_at_one_width() -> None:
    """The list and the detail keep a scrollbar gutter, so a scrollbar appearing after the
    first measure does not narrow them and lay everything out again."""
    from tui.widgets.department_list import DepartmentList

    app = build_app()  # Arabic: the detail is longer than the screen
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        pane, listing = app.query_one(DetailPane), app.query_one(DepartmentList)
        assert pane.max_scroll_y > 0
        blocks = [block.prompt for block in pane.blocks]
        assert all(isinstance(block, BidiBlock) for block in blocks)
        rows = [listing._blocks[key][1] for key in listing._blocks.keys()]  # noqa: SIM118 (an LRUCache)
        assert len(rows) == listing.row_count  # every row is on screen
        for view, drawn in ((pane, cast(list[BidiBlock], blocks)), (listing, rows)):
            widths = {width for block in drawn for width in block._lines}
            assert widths == {view.scrollable_content_region.width}, view.id


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
