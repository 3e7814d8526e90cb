"""Find by match: n and N step through a search's matches across departments, as less does."""

from __future__ import annotations

from tests.app_builder import build_app
from tui.rtl.styled import CURRENT_MATCH_STYLE
from tui.selection import matches
from tui.widgets.detail import DetailPane

WIDE = (120, 36)


async def test_n_walks_every_match_in_reading_order_and_wraps() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"investment", "enter")
        await pilot.pause()
        screen = app.main_screen
        found = matches(screen._selection, "en")
        assert len(found) > 3
        assert len({m.department_id for m in found}) > 1  # the walk crosses departments
        await pilot.press("escape")  # back to the browser: the search stays
        seen = []
        for _ in found:
            await pilot.press("n")
            await pilot.pause()
            seen.append(screen._current_match)
            assert screen.selected == seen[-1].department_id  # type: ignore[union-attr]
        # from the department being read, each next one in reading order, round to the start
        start = found.index(seen[0])  # type: ignore[arg-type]
        assert seen == [found[(start + k) % len(found)] for k in range(len(found))]
        assert start == 0 or any("first match" in t for t in app._toast_messages.values())
        await pilot.press("N", "N")
        await pilot.pause()
        assert screen._current_match == seen[-3]


async def test_the_current_match_is_underlined_and_its_solution_brought_up() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"investment", "enter", "escape", "n", "n")
        await pilot.pause()
        screen = app.main_screen
        match = screen._current_match
        assert match is not None and match.solution is not None
        status = screen.query_one("#status-bar").plain  # type: ignore[attr-defined]
        found = matches(screen._selection, "en")
        assert f"match {found.index(match) + 1} of {len(found)}" in status
        pane = app.query_one(DetailPane)
        assert pane.current == match.solution == screen.current_solution
        block = pane.blocks[pane._solution_blocks[match.solution]]
        text = block.prompt.text  # type: ignore[union-attr]
        underlined = [
            text.plain[span.start : span.end]
            for span in text.spans
            if span.style == CURRENT_MATCH_STYLE
        ]
        assert [w.lower() for w in underlined] == ["investment"]


async def test_without_a_search_n_and_N_move_by_solution_and_ctrl_arrows_always_do() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7", "n", "n", "N")
        await pilot.pause()
        assert app.main_screen.current_solution == 0
        await pilot.press("slash", *"investment", "enter", "escape")
        await pilot.pause()
        before = app.main_screen.current_solution
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert app.main_screen.current_solution != before
        assert app.main_screen._current_match is None  # moving by solution is not a find


async def test_an_arabic_query_in_the_english_ui_says_where_the_matches_are() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"الاستثمار", "enter", "escape", "n")
        await pilot.pause()
        assert app.main_screen._current_match is None
        assert any("No matches in this language" in t for t in app._toast_messages.values())


def test_arabic_stop_words_leave_a_query_and_a_query_of_only_them_says_so() -> None:
    from tui.search.query import parse_query

    parsed = parse_query("ما الذين الاستثمار في")
    assert parsed.stopped == ("ما", "الذين", "في") and len(parsed.terms) == 1
    only = parse_query("ما الذين")
    assert not only and only.stopped == ("ما", "الذين")
    assert parse_query('"ما الذين"').phrases  # a quoted phrase keeps every word


def test_the_search_command_says_a_query_of_stop_words_searches_nothing(
    capsys: object,
) -> None:
    from tui import cli

    assert cli.main(["search", "ما", "الذين"]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "common words are not searched for" in err and "الذين" in err


async def test_the_search_bar_says_a_query_of_stop_words_searches_nothing() -> None:
    from textual.widgets import OptionList

    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"ما الذين")
        await pilot.pause()
        title = app.query_one("#search-results", OptionList).border_title
        assert title is not None and "common words" in str(title)
