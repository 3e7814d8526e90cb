"""The one place tests build the browser: fixed options, no file watching, no blinking."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tests.conftest import CONTENT
from tui.app import PolicyBrowser
from tui.model import Lang
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
