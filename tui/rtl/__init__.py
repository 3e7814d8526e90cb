"""Right-to-left text for terminals: shaping, UAX #9 line layout, terminal bidi control.

Headless: imports Rich (for `Text`) and ICU, never Textual.

Pipeline for a paragraph (`layout`, `layout_text`): drop harakat if asked -> resolve bidi
levels for the whole paragraph (ICU) -> shape Arabic to presentation forms (ICU, lam-alef
as one cell) -> break the logical text into lines by cell width -> reorder each line
(L1 trailing whitespace, L2 runs, L3 marks after their base, L4 mirrored brackets) ->
drop bidi controls. Pure left-to-right text skips all of it. The choice of ICU over
python-bidi, with conformance figures, is written in `tui.rtl.bidi`; shaping decisions
(lam-alef, harakat) in `tui.rtl.shaping`.

Modes (`display_line`, `display_lines`): `app` sends visual shaped text, `terminal` sends
logical rows isolated for terminals that do bidi themselves (Konsole), `off` passes text
through. `tui.rtl.terminal.plan_terminal` picks one from the environment.
"""

from __future__ import annotations

from tui.rtl.bidi import reorder_line
from tui.rtl.chars import (
    BIDI_CONTROLS,
    Base,
    Direction,
    direction,
    is_rtl,
    strip_bidi_controls,
)
from tui.rtl.layout import layout
from tui.rtl.modes import Mode, count_lines, display_line, display_lines, isolate_row
from tui.rtl.styled import layout_text
from tui.rtl.terminal import TerminalPlan, enter_terminal, plan_terminal

BidiMode = Mode
"""The app's name for a bidi mode (`app`, `terminal`, `off`)."""

__all__ = [
    "BIDI_CONTROLS",
    "Base",
    "BidiMode",
    "Direction",
    "Mode",
    "TerminalPlan",
    "count_lines",
    "direction",
    "display_line",
    "display_lines",
    "enter_terminal",
    "is_rtl",
    "isolate_row",
    "layout",
    "layout_text",
    "plan_terminal",
    "reorder_line",
    "strip_bidi_controls",
]
