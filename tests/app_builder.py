"""The one place tests build the browser: fixed options, no file watching, no blinking."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.pilot import Pilot

from tests.conftest import CONTENT
from tui.app import PolicyBrowser
from tui.model import Lang
from tui.screens.main import MainScreen
from tui.store import load_store


def build_app(
    *,
    lang: Lang | None = None,
    department: str | None = None,
    themes: Iterable[str] = (),
    content: Path = CONTENT,
) -> PolicyBrowser:
    """A browser on `content` (the bundled store by default), ready for run_test()."""
    return PolicyBrowser(
        load_store(content),
        content_dir=content,
        lang=lang,
        department=department,
        themes=themes,
        bidi_mode="app",
        watch=False,
        cursor_blink=False,
    )


async def reload(app: PolicyBrowser, pilot: Pilot[int]) -> None:
    """`app.action_reload()`, and all it sets going done: its thread, then the index's."""
    app.action_reload()
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


def main_of(app: PolicyBrowser) -> MainScreen:
    """The browser's main screen (the bottom of the stack), whatever is on top of it."""
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen
