"""Any terminal size, and sizes changing fast: the browser keeps running (issue 7).

The hostile store (long words, wide emoji, bidi controls) at every start size from 10x4 to
300x100, then thirty random resizes with keys pressed between them, on every screen.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.app_builder import build_app
from tests.test_hardening_content import assert_terminal_safe, screen_lines, write_hostile_store
from tui.app import PolicyBrowser


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_store(tmp_path_factory.mktemp("sizes") / "hostile")


def assert_screen_fits(app: PolicyBrowser) -> None:
    """The screen is as big as the terminal, every row as wide, nothing raw in it."""
    lines = [strip for strip in app.screen._compositor.render_strips()]
    width, height = app.size
    assert len(lines) == height
    for strip in lines:
        assert strip.cell_length == width
    assert_terminal_safe("\n".join(screen_lines(app)))
    assert all(cell_len(line) <= width for line in screen_lines(app))


START_SIZES = [(10, 4), (12, 5), (20, 6), (40, 12), (80, 24), (160, 50), (300, 100)]


async def test_every_start_size(hostile_root: Path) -> None:
    for index, size in enumerate(START_SIZES):
        app = build_app(content=hostile_root, lang="ar" if index % 2 else "en")
        async with app.run_test(size=size) as pilot:
            await pilot.press("1", "n", "m")
            assert_screen_fits(app)
            await pilot.press("escape", "question_mark")
            assert_screen_fits(app)
            assert app.is_running


KEYS = [
    "1", "2", "left_square_bracket", "n", "p", "down", "up", "tab", "enter", "escape",
    "t", "space", "c", "o", "m", "question_mark", "l", "slash", "Z", "backspace",
    "pagedown", "pageup",
]  # fmt: skip
"""Keys between resizes (not Home/End: their scroll animation makes each press take 1 s)."""


async def test_rapid_resizes_with_keys_between(hostile_root: Path) -> None:
    rng = random.Random(2025)
    app = build_app(content=hostile_root, lang=rng.choice(["ar", "en"]))
    async with app.run_test(size=(80, 24)) as pilot:
        for step in range(30):
            size = (rng.randint(10, 300), rng.randint(4, 100))
            await pilot.resize_terminal(*size)
            await pilot.press(rng.choice(KEYS))
            if step % 5 == 4:  # now and then, let the layout settle and look at it
                await pilot.pause()
                assert_screen_fits(app)
        for size in [(10, 4), (300, 100), (11, 4), (299, 99), (10, 4)]:  # extremes back to back
            await pilot.resize_terminal(*size)
        await pilot.pause()
        assert app.is_running
        assert_screen_fits(app)
