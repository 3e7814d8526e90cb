"""Pins in the browser: f pins the current solution, P lists the pins, notes, unpin."""

from __future__ import annotations

from tests.app_builder import build_app
from tui.pins import load_pins
from tui.screens.main import MainScreen
from tui.screens.pins import PinsScreen

WIDE = (120, 36)


async def test_pin_note_open_and_unpin() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("7", "n", "n", "f")  # education, solution 2
        await pilot.press("3", "n", "ب")  # f as an Arabic layout sends it
        await pilot.pause()
        pins = load_pins().pins
        assert [(p.department, p.solution) for p in pins] == [
            ("education-training", 1),
            (app.main_screen.selected, 0),
        ]
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PinsScreen)
        await pilot.press("e", *"check the figures", "enter")
        await pilot.pause()
        assert load_pins().pins[0].note == "check the figures"
        await pilot.press("down", "d")
        await pilot.pause()
        assert len(load_pins().pins) == 1
        await pilot.press("enter")  # open the first pin: education, solution 2
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.selected == "education-training"
        assert app.main_screen.current_solution == 1


async def test_f_without_a_solution_says_what_to_do_and_f_again_unpins() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert not load_pins().pins
        assert any("Choose a solution" in text for text in app._toast_messages.values())
        await pilot.press("n", "f", "f")
        await pilot.pause()
        assert not load_pins().pins


async def test_a_pin_whose_department_went_away_is_listed_and_kept() -> None:
    from tui.pins import Pin, save_pins

    save_pins((Pin("gone-department", 0, "0" * 8, "kept anyway"),))
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("P")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PinsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PinsScreen)  # nothing to open: it says why
        assert any("no longer in the content" in t for t in app._toast_messages.values())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    assert len(load_pins().pins) == 1


async def test_the_notices_name_the_keys_the_keymap_gives(tmp_path: object) -> None:
    """f's notices say which key lists the pins and which move by solution: the keymap's."""
    from pathlib import Path

    from tests.conftest import CONTENT
    from tui.app import PolicyBrowser
    from tui.store import load_store

    keymap = Path(str(tmp_path)) / "keymap.toml"
    keymap.write_text('[keys]\npins = "ctrl+o"\nprev = "x"\n', "utf-8")
    app = PolicyBrowser(
        load_store(CONTENT), lang="en", watch=False, cursor_blink=False, keymap=keymap
    )
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f", "n", "f")
        await pilot.pause()
        said = list(app._toast_messages.values())
        assert any("Choose a solution first (n or x)" in text for text in said), said
        assert any("(Ctrl+O lists the pins)" in text for text in said), said
