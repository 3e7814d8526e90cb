"""Pilot tests: what a snapshot cannot show (state after keys, clipboard, resize, reload)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from tests.app_builder import build_app, main_of, reload
from tests.conftest import CONTENT
from tui.screens.main import MainScreen
from tui.widgets.department_list import DepartmentList
from tui.widgets.detail import DetailPane
from tui.widgets.rtl_text import BidiText

WIDE = (120, 36)


async def test_key_jumps_to_department() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7")
        await pilot.pause()
        screen = main_of(app)
        assert screen.selected == "education-training"
        assert app.query_one(DepartmentList).highlighted_id == "education-training"
        assert app.query_one(DetailPane).plain("headline") == "تطوير التعليم والتدريب المستدام"
        await pilot.press("b")
        await pilot.pause()
        assert screen.selected == "commune-party"


async def test_start_on_department_and_theme() -> None:
    app = build_app(department="a", themes=["health"])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = main_of(app)
        assert screen.selected == "health"
        assert screen.themes == frozenset({"health"})


async def test_theme_filter_narrows_list_and_counts() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_of(app)
        screen.toggle_theme("tourism")
        await pilot.pause()
        listing = app.query_one(DepartmentList)
        ids = listing.ids
        expected = [
            d.id for d in app.store.departments if any("tourism" in s.themes for s in d.solutions)
        ]
        assert ids == expected
        assert "culture-sports-tourism" in ids and "home-affairs" not in ids
        status = app.query_one("#status-bar", BidiText)
        assert status.display and "السياحة" in status.plain
        tourism_count = sum(
            "tourism" in s.themes for d in app.store.departments for s in d.solutions
        )
        assert not status.has_class("-idle")
        assert f"الإدارات: {len(expected)} من 12 · الحلول: {tourism_count} من 82" in status.plain
        # the detail marks the solutions that do not match
        await pilot.press("4")
        await pilot.pause()
        pane = app.query_one(DetailPane)
        tourism = app.store.department("culture-sports-tourism")
        assert tourism is not None and pane.view is not None
        assert pane.shown_solutions == list(range(len(tourism.solutions)))
        assert pane.dimmed_solutions == [
            i for i, s in enumerate(tourism.solutions) if "tourism" not in s.themes
        ]
        await pilot.press("o")
        await pilot.pause()
        matching = [i for i, s in enumerate(tourism.solutions) if "tourism" in s.themes]
        assert pane.shown_solutions == matching
        await pilot.press("c")
        await pilot.pause()
        assert screen.themes == frozenset()
        assert listing.row_count == 12
        assert status.has_class("-idle") and "السياحة" not in status.plain
        assert status.plain == "الإدارات: 12 · الحلول: 82"  # the row stays, with the counts


async def test_theme_panel_toggles_with_space() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t", "space")
        await pilot.pause()
        assert main_of(app).themes == frozenset({app.store.themes[0].id})
        await pilot.press("escape")
        assert not main_of(app).has_class("-filtering")


async def test_search_as_you_type_and_enter_jumps() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"الاستثمار")
        await pilot.pause()
        screen = main_of(app)
        assert screen.search_query == "الاستثمار"
        listing = app.query_one(DepartmentList)
        assert listing.row_count < 12
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.has_class("-searching")
        assert screen.selected is not None
        assert screen.current_solution is not None


async def test_search_results_are_walked_with_arrows_and_chosen_with_enter() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"tourism")
        await pilot.pause()
        results = app.query_one("#search-results", OptionList)
        chosen = [o.id for o in results.options if o.id]  # the department headers have no id
        assert len(chosen) >= 2 and results.option_count > len(chosen)
        await pilot.press("down")  # into the results: the first result, not a header
        await pilot.pause()
        assert app.focused is results and results.highlighted_option is not None
        assert results.highlighted_option.id == chosen[0]
        await pilot.press("down", "enter")
        await pilot.pause()
        department, _field, solution = chosen[1].split("\t")
        screen = main_of(app)
        assert screen.selected == department and not screen.has_class("-searching")
        if solution:
            assert screen.current_solution == int(solution)


async def test_copy_puts_logical_text_on_clipboard() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("1", "n", "y")
        await pilot.pause()
        finance = app.store.department("finance")
        assert finance is not None
        assert app.clipboard == finance.solutions[0].text.ar
        await pilot.press("2", "y")
        await pilot.pause()
        assert app.clipboard.startswith("تعزيز تطوير صناعات المعالجة")


async def test_language_toggle_mirrors_layout() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_of(app)
        side = app.query_one("#side")
        assert screen.has_class("-rtl")
        assert side.region.x > app.query_one(DetailPane).region.x
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "en" and screen.has_class("-ltr")
        assert side.region.x < app.query_one(DetailPane).region.x
        assert app.query_one("#title-bar", BidiText).plain == app.store.title.en


async def test_narrow_layout_shows_one_pane() -> None:
    app = build_app()
    async with app.run_test(size=(60, 24)) as pilot:
        screen = main_of(app)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert not app.query_one(DetailPane).display
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(DetailPane).display
        assert not app.query_one("#side").display
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#side").display
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert not screen.has_class("-narrow")


async def test_tiny_sizes_do_not_crash() -> None:
    app = build_app()
    async with app.run_test(size=(10, 4)) as pilot:
        for size in [(30, 10), (300, 100), (12, 5), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.press("5", "t", "escape")
        await pilot.pause()


async def test_matrix_cell_opens_department_filtered() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down", "enter")  # industry-trade x planning: 0, nothing to open
        await pilot.pause()
        assert type(app.screen).__name__ == "MatrixScreen"
        await pilot.press("up", "enter")  # finance x planning
        await pilot.pause()
        screen = main_of(app)
        assert app.screen is screen
        assert screen.selected == "finance"
        assert screen.themes == frozenset({"planning"})


async def test_help_lists_every_binding_in_language() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(w.plain for w in app.screen.query(BidiText))
        for phrase in ("Quit", "Search", "Themes", "Clear filter", "Matrix", "Copy", "Jump to"):
            assert phrase in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_reload_keeps_last_good_store(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    app = build_app(content=content)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("3")
        path = content / "departments" / "01-finance.yaml"
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("order: 1", "order: x"), encoding="utf-8")
        await reload(app, pilot)
        assert type(app.screen).__name__ == "ErrorScreen"
        assert len(app.store.departments) == 12
        path.write_text(good.replace("إدارة المالية", "إدارة المال"), encoding="utf-8")
        await reload(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_of(app).selected == "home-affairs"
        finance = app.store.department("finance")
        assert finance is not None and finance.name.ar.startswith("إدارة المال")


async def test_terminal_mode_puts_messages_in_the_status_row() -> None:
    """A terminal that reorders (Terminal.app, Konsole with its own bidi on) reorders a
    toast together with the text under it: use the status row."""
    from tui.app import PolicyBrowser
    from tui.store import load_store

    app = PolicyBrowser(
        load_store(CONTENT),
        bidi_mode="terminal",
        notice="notice.outer_reorders",
        notice_about="Terminal.app",
        watch=False,
    )
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        status = app.query_one("#status-bar", BidiText)
        assert status.display and "Terminal.app" in status.plain
        assert not app._notifications  # no toast
        await pilot.press("1", "y")
        await pilot.pause()
        assert status.plain.startswith("نُسخ")


async def test_mouse_click_row_and_theme_label() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        listing = app.query_one(DepartmentList)
        await pilot.click(DepartmentList, offset=(5, 2))  # the third row
        await pilot.pause()
        assert main_of(app).selected == "home-affairs"
        assert listing.highlighted_id == "home-affairs"
        pane = app.query_one(DetailPane)
        where = pane.block_lines(pane._solution_blocks[0])
        assert where is not None
        top, height = where
        left = pane.styles.padding.left
        await pilot.click(DetailPane, offset=(left + 2, top + height - 1))  # its first label
        await pilot.pause()
        department = app.store.department("home-affairs")
        assert department is not None
        assert main_of(app).themes == frozenset({department.solutions[0].themes[0]})


async def test_command_palette_jumps_to_department() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Health")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert main_of(app).selected == "health"


async def test_no_arabic_terminal_keeps_english() -> None:
    """The Linux console: English, no Arabic offered in the footer, `l` explains instead."""
    from tui.app import PolicyBrowser
    from tui.store import load_store
    from tui.widgets.key_bar import KeyBar

    app = PolicyBrowser(
        load_store(CONTENT),
        lang="en",
        arabic_available=False,
        notice="notice.no_arabic_linux",
        watch=False,
    )
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert "Quit" in str(bar.render().text) and "العربية" not in str(bar.render().text)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "en"
        assert any("Linux console" in n.message for n in app._notifications)


async def test_below_a_usable_size_a_message_instead_of_a_layout() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=(15, 4)) as pilot:
        await pilot.pause()
        message = app.query_one("#too-small", BidiText)
        assert message.display and message.plain == "The window is too small"
        assert not app.query_one("#side").display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not message.display and app.query_one("#side").display
