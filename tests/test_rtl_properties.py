"""Properties of the RTL engine that must hold for any text (Hypothesis)."""

from __future__ import annotations

import unicodedata
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tui.rtl import BIDI_CONTROLS, layout, layout_text, reorder_line
from tui.rtl.chars import MIRROR, Base
from tui.rtl.layout import layout_paragraph
from tui.rtl.modes import MODES, Mode, count_lines, display_lines
from tui.rtl.wrap import wrap_ranges
from tui.widgets.rtl_text import BidiBlock, BidiContext

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى" + "لالالا"
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"
LATIN = "abcdefXYZ"
DIGITS = "0123456789٠١٢٣٤٥"
NEUTRAL = " ()[]{}<>.,:;-/+!?«»"
CONTROLS = BIDI_CONTROLS
PERSIAN = "پچژگی"

any_text = st.text(
    alphabet=st.sampled_from(ARABIC + HARAKAT + LATIN + DIGITS + NEUTRAL + CONTROLS + PERSIAN),
    max_size=80,
)
ltr_text = st.text(alphabet=st.sampled_from(LATIN + "0123456789" + NEUTRAL), max_size=80)
bases = st.sampled_from(["ltr", "rtl", "auto"])
widths = st.integers(min_value=2, max_value=40)


def _mirror_neutral(char: str) -> str:
    """One representative for a character and its mirror image."""
    return min(char, char.translate(MIRROR))


def _unshape(text: str) -> str:
    """Presentation forms back to letters (order within a ligature does not matter here)."""
    return "".join(
        unicodedata.normalize("NFKC", c) if "\ufb50" <= c <= "\ufefc" else c for c in text
    )


@given(any_text, bases)
def test_reorder_line_loses_and_invents_nothing(text: str, base: Base) -> None:
    """Same characters out as in, up to mirroring, less the bidi controls."""
    result = reorder_line(text, base)
    expected = Counter(_mirror_neutral(c) for c in text if c not in CONTROLS)
    assert Counter(_mirror_neutral(c) for c in result) == expected


@given(any_text, widths, bases)
@settings(max_examples=300)
def test_layout_lines_fit_the_width(text: str, width: int, base: Base) -> None:
    """No line is wider than asked, in Rich's cell measure."""
    for line in layout(text, width, base):
        assert cell_len(line) <= width


@given(any_text, widths, bases)
def test_layout_keeps_every_letter(text: str, width: int, base: Base) -> None:
    """After un-shaping, the lines hold the paragraph's characters less controls and breaks."""
    lines = layout(text, width, base)
    got = Counter(_mirror_neutral(c) for c in _unshape("".join(lines)) if c != " ")
    want = Counter(
        _mirror_neutral(c)
        for c in unicodedata.normalize("NFKC", text)
        if c not in CONTROLS and c != " "
    )
    assert got == want


@given(ltr_text, widths)
def test_ltr_text_is_unchanged(text: str, width: int) -> None:
    """Left-to-right text is never reordered or shaped."""
    assert reorder_line(text, "ltr") == text
    assert reorder_line(text, "auto") == text
    for line in layout(text, width, "auto"):
        assert line in text


@given(any_text, st.lists(widths, min_size=1, max_size=5))
def test_wrapping_keeps_reading_order(text: str, line_widths: list[int]) -> None:
    """At any width, the logical lines in order, joined with the dropped spaces, are the text."""
    shaped = layout_paragraph(text.replace("\n", " "), None, "rtl").text
    for width in line_widths:
        ranges = wrap_ranges(shaped, width)
        rebuilt = []
        position = 0
        for start, end in ranges:
            assert start >= position
            gap = shaped[position:start]
            assert set(gap) <= {" "}
            rebuilt.append(gap + shaped[start:end])
            position = end
        assert set(shaped[position:]) <= {" "}
        assert "".join(rebuilt) + shaped[position:] == shaped


@given(any_text, widths, bases, st.data())
def test_styles_stay_on_their_characters(
    text: str, width: int, base: Base, data: st.DataObject
) -> None:
    """A styled character keeps its style wherever it lands; plain text matches `layout`."""
    styled = Text(text)
    if text:
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        styled.stylize("bold", start, end)
        marked = Counter(
            _mirror_neutral(c)
            for c in unicodedata.normalize("NFKC", text[start:end])
            if c not in CONTROLS and c not in HARAKAT and c != " "
        )
    lines = layout_text(styled, width, base)
    assert [line.plain for line in lines] == layout(text, width, base)
    for line in lines:
        for span in line.spans:
            assert 0 <= span.start < span.end <= len(line.plain)
    if text:
        bold = Counter(
            _mirror_neutral(c)
            for line in lines
            for span in line.spans
            for c in _unshape(line.plain[span.start : span.end])
            if c not in HARAKAT and c != " "
        )
        # Ligatures can pull one letter of a lam-alef in or out of a span's edge.
        assert sum((bold - marked).values()) <= 2
        assert sum((marked - bold).values()) <= 2


multi_paragraph = st.lists(any_text, min_size=1, max_size=3).map("\n".join)
wide_text = st.text(
    alphabet=st.sampled_from(ARABIC + LATIN + NEUTRAL + "倨临兔仼" + "\x07\x1b"), max_size=80
)


@given(st.one_of(multi_paragraph, wide_text), widths, bases, st.sampled_from(MODES))
@example("لالالا", 3, "rtl", "app")  # shaped, three lam-alef cells fit on one line
@example("لا لا لا لا", 6, "auto", "app")
@example("abc لالا", 6, "ltr", "app")
@example("a\u064e\u064e\u064eb c", 3, "rtl", "app")  # marks take no cells
@settings(max_examples=400)
def test_count_lines_is_the_number_of_laid_out_lines(
    text: str, width: int, base: Base, mode: Mode
) -> None:
    """Row heights come from `count_lines`: it must agree with the real layout, every mode."""
    styled = Text(text, style="bold")
    lines = display_lines(styled, width, base, mode)
    assert count_lines(styled.plain, width, base, mode) == len(lines)
    if mode == "app":  # text as given too (a Text has lost BEL, BS, VT, FF and CR)
        assert count_lines(text, width, base, mode) == len(layout(text, width, base))


@given(st.one_of(multi_paragraph, wide_text), widths, st.sampled_from(MODES), st.booleans())
@example("::::\x1b", 4, "app", False)  # the escape is drawn as a symbol: five cells
@example("ab\rcd", 10, "app", True)  # a carriage return starts a paragraph too
@example("ab\u2029cd", 10, "terminal", False)
@example("0000\u200d\u0620", 4, "app", False)  # shaping drops the ZWJ: "0000ؠ" is 5 cells
@settings(max_examples=200)
def test_block_line_count_matches_its_lines(text: str, width: int, mode: Mode, rtl: bool) -> None:
    """A block knows its height without laying itself out, before and after it has."""
    context = BidiContext(mode=mode, rtl=rtl)
    block = BidiBlock(Text(text), context)
    predicted = block.line_count(width)
    assert predicted == len(block.lines(width)) == block.line_count(width)
