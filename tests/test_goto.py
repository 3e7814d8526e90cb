"""The go-to prompt (`:`): a department by key, number, id or name prefix, completed as typed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app_builder import build_app
from tests.conftest import CONTENT
from tui.goto import Fit, GoTo
from tui.screens.main import MainScreen
from tui.screens.palette import BidiCommandPalette
from tui.store import load_store

WIDE = (120, 36)


BEST_FITS = [
    ("7", "education-training"),  # its key
    ("11", "health"),  # its place in the list (key a)
    ("hea", "health"),  # the start of its id
    ("Department of Cul", "culture-sports-tourism"),  # the start of its name
    ("إدارة الصح", "health"),  # in Arabic
    ("touris", "culture-sports-tourism"),  # the start of a word of its name
]


async def test_colon_then_enter_goes_to_the_best_fit() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        for typed, department in BEST_FITS:  # one session: each prompt starts afresh
            await pilot.press("colon")
            await pilot.pause()
            assert isinstance(app.screen, BidiCommandPalette)
            await pilot.press(*typed)
            await pilot.pause(0.4)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), typed
            assert app.main_screen.selected == department, typed


def test_a_key_or_number_fits_before_an_id_before_a_name() -> None:
    store = load_store(CONTENT)
    goto = GoTo(store.departments)
    health = store.department("health")
    assert health is not None
    number = store.departments.index(health) + 1

    def fit(typed: str) -> Fit | None:
        return next((fit for fit, found in goto.find(typed, 50) if found == health), None)

    assert fit(health.key or "") == fit(str(number)) == Fit.EXACT
    assert fit("heal") == fit("HEAL ") == Fit.ID
    assert fit(health.name.en[:6]) == Fit.NAME
    assert fit(health.name.en.split()[1][:4]) == Fit.WORD  # "of": no id or name starts so
    assert fit("nothing-like-it") is None and goto.find("  ", 50) == []


def test_the_best_fits_come_first_then_list_order_and_no_more_than_asked() -> None:
    store = load_store(CONTENT)
    goto = GoTo(store.departments)
    found = goto.find("1", 50)  # key 1 and number 1 (finance); 10, 11, 12 are no prefixes
    assert [department.id for _fit, department in found] == ["finance"]
    found = goto.find("d", 50)  # "Department of ..." names, and ids starting with d
    fits = [fit for fit, _department in found]
    assert fits == sorted(fits, reverse=True)
    order = [store.departments.index(department) for fit, department in found if fit == fits[-1]]
    assert order == sorted(order)
    assert len(goto.find("d", 3)) == 3


async def test_the_jump_is_drawn_with_the_prompt_gone_in_one_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The screen is held from the prompt's Enter until the jump has run (not for a fixed
    50 ms, as Textual's palette holds it): no frame shows the old department."""
    held: list[int] = []
    jump = MainScreen.jump_to

    def jump_to(screen: MainScreen, *args: object, **kwargs: object) -> bool:
        held.append(screen.app._batch_count)
        return jump(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(MainScreen, "jump_to", jump_to)
    app = build_app(lang="en")
    timers: list[str | None] = []
    set_timer = app.set_timer

    def timed(delay: float, callback: Any = None, *, name: str | None = None, **kw: Any) -> Any:
        timers.append(name)
        return set_timer(delay, callback, name=name, **kw)

    monkeypatch.setattr(app, "set_timer", timed)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("colon")
        await pilot.pause()
        await pilot.press("1", "1")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.selected == "health"
        assert held == [1]  # the jump ran while the screen was held
        assert app._batch_count == 0  # and it is drawn again,
        assert "delay_update" not in timers  # not 50 ms later
