"""The footer: the main keys and what they do, in the UI language, mirrored in Arabic."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from tui.i18n import ui
from tui.keys import ARABIC_DIGITS, sent_by
from tui.model import Lang
from tui.rtl.chars import LRM, RLM
from tui.widgets.rtl_text import BidiBlock, BidiContext, BidiText

KEY_STYLE = Style(bold=True, reverse=True)
KEY_NAMES = {
    "slash": "/",
    "colon": ":",
    "question_mark": "?",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "enter": "Enter",
    "down": "↓",
    "up": "↑",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_label(binding: Binding, used: Collection[str] | None = None) -> str:
    """How a binding's first key is written for people ("/" not "slash"); given the keys
    `used` here, with what an Arabic layout sends on it: "q ض", "? ؟"."""
    first = binding.key.split(",")[0].strip()
    for modifier in ("ctrl", "alt"):
        if first.startswith(modifier + "+"):
            rest = first[len(modifier) + 1 :]
            return f"{modifier.title()}+{KEY_NAMES.get(rest, rest.upper())}"
    shown = KEY_NAMES.get(first, first)
    if used is None or len(shown) != 1 or shown in ARABIC_DIGITS:
        return shown
    arabic = sent_by(shown, used)
    return f"{shown} {arabic[0]}" if arabic else shown


def key_text(label: str) -> str:
    """A key label to print in running text: a bracket key between left-to-right marks,
    which keep it from being mirrored ("[" shown as "]") in a right-to-left line."""
    return "".join(LRM + c + LRM if unicodedata.mirrored(c) else c for c in label)


def direction_mark(context: BidiContext) -> str:
    """A strong mark that keeps a key and its label apart in right-to-left text.

    Without it a Latin key next to a Latin label ("l English") forms one left-to-right run
    and the key lands on the wrong side of its label. The engine drops the mark on output.
    """
    return RLM if context.rtl else ""


def key_hint(binding: Binding, lang: Lang, context: BidiContext) -> Text:
    """One footer item: the key, then what it does; a click runs it."""
    mark = direction_mark(context)
    click = Style(meta={"@click": f"app.simulate_key({binding.key.split(',')[0]!r})"})
    text = Text()
    text.append(f" {key_label(binding)} ", style=KEY_STYLE + click)
    text.append(mark + " ")
    text.append(ui(f"key.{binding.id}", lang), style=click)
    text.append(mark)
    return text


class KeyBar(BidiText):
    """A one-row footer; as many keys as fit, in binding order from the start side."""

    DEFAULT_CSS = """
    KeyBar { split: bottom; height: 1; }
    """

    def show(self, bindings: Sequence[Binding], lang: Lang, context: BidiContext) -> None:
        """List `bindings` with their descriptions in `lang`."""
        self._hints = [key_hint(binding, lang, context) for binding in bindings]
        self.update(Text(), context, base=context.base)
        self.refresh()  # the hints are drawn at render time: new ones in the same direction too

    def render(self) -> BidiBlock:
        """Keep whole items that fit the width; never wrap onto a hidden second row."""
        width = max(1, self.size.width)
        text = Text(no_wrap=True)
        for hint in getattr(self, "_hints", []):
            gap = 2 if text else 0
            if text.cell_len + gap + hint.cell_len > width:
                break
            if gap:
                text.append("  ")
            text.append_text(hint)
        return BidiBlock(text, self._bidi, base=self._base)
