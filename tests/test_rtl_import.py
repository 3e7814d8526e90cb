"""The RTL engine is headless: importing it must not load Textual."""

from __future__ import annotations

from tests.conftest import loaded_after


def test_import_does_not_load_textual() -> None:
    """A fresh interpreter imports every tui.rtl module without pulling in textual."""
    code = (
        "import tui.rtl, tui.rtl.terminal, tui.rtl.styled, tui.rtl.modes, tui.rtl._gen_tables, "
        "tui.rtl.handshake, tui.rtl.terminals, tui.bidi_choice, tui.doctor"
    )
    assert loaded_after(code, ("textual",)) == []
