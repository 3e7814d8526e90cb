"""History: back and forward as a browser keeps them, in the module and in the browser."""

from __future__ import annotations

from tests.app_builder import build_app
from tui.history import MAX_ENTRIES, History
from tui.i18n import ui

WIDE = (120, 36)


def test_back_and_forward_return_where_the_reader_was() -> None:
    history = History("a")
    history.visit("a2", "b")  # moved within a to a2, then jumped to b
    history.visit("b", "c")
    assert history.back("c") == "b"
    assert history.back("b") == "a2"  # where the reader had moved to, not where they came in
    assert history.back("a2") is None
    assert history.forward("a2") == "b"
    assert history.forward("b") == "c"
    assert history.forward("c") is None


def test_a_visit_drops_the_places_ahead_and_the_oldest_past_the_cap() -> None:
    history = History(0)
    for n in range(1, 5):
        history.visit(n - 1, n)
    assert history.back(4) == 3 and history.back(3) == 2
    history.visit(2, 9)
    assert history.entries == [0, 1, 2, 9] and history.forward(9) is None
    history.visit(9, 9)  # going where one already is adds nothing
    assert history.entries == [0, 1, 2, 9]
    for n in range(10, 10 + 2 * MAX_ENTRIES):
        history.visit(n - 1, n)
    assert len(history.entries) == MAX_ENTRIES and history.position == MAX_ENTRIES - 1


async def test_jumps_search_and_matrix_leave_entries_the_keys_walk_back() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        screen = app.main_screen
        await pilot.press("7", "n", "n")  # a jump, then to its second solution
        await pilot.pause()
        assert screen.selected == "education-training" and screen.current_solution == 1
        await pilot.press("3")
        await pilot.pause()
        assert screen.selected != "education-training"
        third = screen.selected
        await pilot.press("m", "enter")  # the matrix: a department under a theme filter
        await pilot.pause()
        filtered = screen.themes
        assert filtered
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.selected == third and screen.themes == frozenset()
        await pilot.press("alt+left")
        await pilot.pause()
        assert screen.selected == "education-training"
        assert screen.current_solution == 1  # the solution the reader had moved to
        await pilot.press("right_square_bracket", "alt+right")
        await pilot.pause()
        assert screen.themes == filtered
        await pilot.press("ج")  # what an Arabic layout sends on [
        await pilot.pause()
        assert screen.selected == third


async def test_the_palette_goes_back_and_reloads_through_the_app() -> None:
    """History is in the palette; reload, now the app's action, runs from it too."""
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        screen = app.main_screen
        await pilot.press("7")
        await pilot.pause()
        await pilot.press("ctrl+p", *"Back to where you were")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.selected == "finance"
        await pilot.press("ctrl+p", *"Reload")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        done = ui("reload.done", "en")
        assert any(done in n.message for n in app._notifications)  # read again
