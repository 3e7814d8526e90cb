"""The footer: the main keys and what they do, in the UI language, mirrored in Arabic."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from tui.i18n import ui
from tui.model import Lang
from tui.widgets.rtl_text import BidiContext, BidiText

KEY_STYLE = Style(bold=True, reverse=True)


def key_label(binding: Binding) -> str:
    """How a binding's key is written for people ("/" not "slash")."""
    names = {
        "slash": "/",
        "question_mark": "?",
        "escape": "Esc",
        "space": "Space",
        "tab": "Tab",
        "enter": "Enter",
    }
    first = binding.key.split(",")[0]
    return names.get(first, first)


class KeyBar(BidiText):
    """A one-row footer; clicking a key runs it."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; }
    """

    def show(self, bindings: Sequence[Binding], lang: Lang, context: BidiContext) -> None:
        """List `bindings` with their descriptions in `lang`."""
        text = Text(no_wrap=True)
        for binding in bindings:
            if text:
                text.append("  ")
            key = key_label(binding)
            click = Style(meta={"@click": f"app.simulate_key({binding.key.split(',')[0]!r})"})
            text.append(f" {key} ", style=KEY_STYLE + click)
            text.append(" ")
            text.append(ui(f"key.{binding.id}", lang), style=click)
        self.update(text, context, base=context.base)
