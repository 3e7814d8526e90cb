"""The parallel view: Arabic and English side by side, solution by solution."""

from __future__ import annotations

from rich.style import Style
from textual.style import Style as VisualStyle

from tests.app_builder import build_app
from tui.rtl.chars import strip_bidi_controls
from tui.widgets.block_view import COLUMN_GAP, SideBySide
from tui.widgets.detail import DetailPane
from tui.widgets.rtl_text import BidiBlock, BidiContext

WIDE = (160, 40)


def columns(pane: DetailPane) -> list[SideBySide]:
    prompts = [block.prompt for block in pane.blocks if block.kind != ""]
    assert all(isinstance(p, SideBySide) for p in prompts)
    return prompts  # type: ignore[return-value]


async def test_s_puts_english_beside_arabic_solution_by_solution() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("5", "s")
        await pilot.pause()
        pane = app.query_one(DetailPane)
        assert len(columns(pane)) > 5  # every block: headline to source
        department = app.store.department(app.main_screen.selected or "")
        assert department is not None
        solutions = [b.prompt for b in pane.blocks if b.kind == "solution"]
        assert len(solutions) == len(department.solutions)
        for n, pair in enumerate(solutions):
            assert isinstance(pair, SideBySide)
            assert department.solutions[n].text.ar in pair.start.text.plain
            assert department.solutions[n].text.en in pair.end.text.plain
            assert pair.start.base == "rtl" and pair.end.base == "ltr"
        await pilot.press("س")  # what the Arabic layouts send on s
        await pilot.pause()
        assert not any(isinstance(b.prompt, SideBySide) for b in pane.blocks)


def test_columns_sit_start_side_first_and_stack_when_narrow() -> None:
    """In an Arabic UI the Arabic column is on the right; below two columns of 30 cells
    the texts go one under the other."""
    ar_ctx, en_ctx = BidiContext(rtl=True), BidiContext(rtl=False)
    arabic = BidiBlock("الاستثمار في البنية التحتية", ar_ctx, base="rtl")
    english = BidiBlock("Investment in infrastructure", en_ctx, base="ltr")
    pair = SideBySide(arabic, english, ar_ctx)
    style = VisualStyle.from_rich_style(Style())
    width = 2 * 30 + COLUMN_GAP
    (row,) = pair.strips(width, style)
    left, right = row.text[:30], row.text[30 + COLUMN_GAP :]
    assert left.rstrip() == "Investment in infrastructure"
    assert strip_bidi_controls(right).strip() == arabic.lines(30)[0].plain.strip()
    assert pair.line_count(width) == 1
    narrow = pair.strips(width - 1, style)
    assert len(narrow) == pair.line_count(width - 1) == 2
    assert narrow[1].text.startswith("Investment")


async def test_a_store_of_one_language_says_so() -> None:
    from dataclasses import replace

    from tests.conftest import CONTENT
    from tui.app import PolicyBrowser
    from tui.i18n import ui
    from tui.store import load_store

    store = replace(load_store(CONTENT), languages=("en",))
    app = PolicyBrowser(store, lang="en", watch=False, cursor_blink=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert not app.main_screen.parallel
        said = ui("parallel.one_language", "en")
        assert any(said in n.message for n in app._notifications)


async def test_a_translation_flagged_in_the_content_is_marked_in_both_columns() -> None:
    """The commune's garbled name is noted in the store: the parallel view shows the note
    beside the name in each language, and a flagged solution carries its note."""
    from dataclasses import replace

    from tui.model import Localized

    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("b", "s")
        await pilot.pause()
        pane = app.query_one(DetailPane)
        (note,) = [b.prompt for b in pane.blocks if b.kind == "note"]
        assert isinstance(note, SideBySide)
        assert "ملاحظة على الترجمة" in note.start.text.plain
        assert "Translation note" in note.end.text.plain and "garbled" in note.end.text.plain
        # a solution flagged the same way
        department = app.store.department("commune-party")
        assert department is not None
        flag = Localized("الرقم غير واضح", "The figure is unclear")
        solutions = (department.solutions[0]._replace(translation_note=flag),)
        flagged = replace(department, solutions=solutions + department.solutions[1:])
        from tui.widgets.detail import DetailView, solution_text

        view = DetailView(flagged, app.store, "en", app.context)
        assert "Translation note: The figure is unclear" in solution_text(view, 0).plain
