"""The reader's tools in the browser: cite, resume (pins: test_pins_screen.py)."""

from __future__ import annotations

from pathlib import Path

from tests.app_builder import build_app
from tui.citation import cite
from tui.i18n import ui
from tui.reading_state import ReadingState, load_state, save_state, state_path

WIDE = (120, 36)


async def test_Y_copies_a_citation_of_the_current_solution_and_says_where_it_went() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7", "n", "n", "Y")
        await pilot.pause()
        assert app.clipboard == cite(app.store, "education-training", 1, "en", "plain")
        messages = list(app._toast_messages.values())
        assert any("saved to" in m and "clipboard.txt" in m for m in messages), messages
        fallback = Path(str(state_path())).with_name("clipboard.txt")
        assert fallback.read_text("utf-8").strip() == app.clipboard
        await pilot.press("alt+y")
        await pilot.pause()
        assert app.clipboard == cite(app.store, "education-training", 1, "en", "markdown")


async def test_an_arabic_layout_cites_too() -> None:
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7", "إ")  # Shift+Y on the Arabic PC layouts
        await pilot.pause()
        assert app.clipboard == cite(app.store, "education-training", None, "ar", "plain")


async def test_the_next_start_opens_where_reading_stopped() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("t", "down", "space", "escape", "n", "n")
        await pilot.pause()
        department, themes = app.main_screen.selected, app.main_screen.themes
        assert themes and app.main_screen.current_solution == 1
        await pilot.press("q")  # every way out keeps the place; q is one
    state, problems = load_state()
    assert not problems and state is not None
    assert (state.department, state.solution, state.lang) == (department, 1, "en")
    again = build_app()  # no language given: the saved one
    async with again.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = again.main_screen
        assert again.lang == "en" and screen.selected == department and screen.themes == themes
        assert screen.current_solution == 1
        assert screen.query_one("DetailPane").current == 1  # type: ignore[attr-defined]


async def test_fresh_and_the_command_line_come_before_the_saved_place() -> None:
    save_state(ReadingState(department="health", solution=2, lang="en", themes=("tourism",)))
    from tests.conftest import CONTENT
    from tui.app import PolicyBrowser
    from tui.store import load_store

    fresh = PolicyBrowser(load_store(CONTENT), fresh=True, watch=False, cursor_blink=False)
    assert fresh.resume is None and fresh.lang == "ar"
    told = build_app(lang="ar", department="finance")
    async with told.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert told.lang == "ar" and told.main_screen.selected == "finance"
        assert told.main_screen.current_solution is None  # the saved solution was health's


async def test_a_damaged_state_file_is_a_notice_not_a_crash() -> None:
    path = state_path()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'[reading]\ndepartment = "fin')
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.main_screen.selected == "finance"
        said = ui("notice.user_file", "en", problem="")
        shown = app._toast_messages.values()  # the notices' logical text
        assert any(said in text and "state.toml:2:" in text for text in shown), list(shown)


def test_a_screenshot_shows_what_its_command_line_asks_not_the_saved_place(
    tmp_path: Path,
) -> None:
    from tui import cli

    save_state(ReadingState(department="health", lang="en"))
    out = tmp_path / "shot.svg"
    assert cli.main(["screenshot", "-o", str(out)]) == 0
    svg = out.read_text("utf-8")
    assert "Department&#160;of&#160;Health" not in svg and "Departments:" not in svg  # Arabic
