"""The go-to prompt (`:`): a department by key, number, id or name prefix, completed as typed."""

from __future__ import annotations

import pytest

from tests.app_builder import build_app
from tests.conftest import CONTENT
from tui.screens.main import MainScreen
from tui.screens.palette import BidiCommandPalette, goto_score
from tui.store import load_store

WIDE = (120, 36)


@pytest.mark.parametrize(
    ("typed", "department"),
    [
        ("7", "education-training"),  # its key
        ("11", "health"),  # its place in the list (key a)
        ("hea", "health"),  # the start of its id
        ("Department of Cul", "culture-sports-tourism"),  # the start of its name
        ("إدارة الصح", "health"),  # in Arabic
        ("touris", "culture-sports-tourism"),  # the start of a word of its name
    ],
)
async def test_colon_then_enter_goes_to_the_best_fit(typed: str, department: str) -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, BidiCommandPalette)
        await pilot.press(*typed)
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.selected == department


def test_a_key_or_number_fits_before_an_id_before_a_name() -> None:
    store = load_store(CONTENT)
    health = store.department("health")
    assert health is not None
    number = store.departments.index(health) + 1
    assert goto_score(health, number, health.key or "") == 4
    assert goto_score(health, number, str(number)) == 4
    assert goto_score(health, number, "heal") == 3
    assert goto_score(health, number, health.name.en.casefold()[:6]) == 2
    assert goto_score(health, number, "nothing-like-it") == 0
