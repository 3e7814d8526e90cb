"""The hard cases of right-to-left layout, one by one."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from rich.cells import cell_len
from rich.text import Text

from tui.rtl import (
    BIDI_CONTROLS,
    Base,
    direction,
    display_line,
    display_lines,
    is_rtl,
    isolate_row,
    layout,
    layout_text,
    reorder_line,
    strip_bidi_controls,
)
from tui.rtl.bidi import render_line
from tui.rtl.chars import RTL_RE
from tui.rtl.layout import layout_paragraph, visual_string
from tui.rtl.modes import Mode
from tui.rtl.shaping import shape_arabic
from tui.rtl.styled import visual_text

DECREE = "القرار رقم 57-NQ/TW المؤرخ 22 ديسمبر 2024"


def sent_row(text: str, base: Base, mode: Mode) -> str:
    """`display_line` for plain text, as a widget sends it."""
    return display_line(Text(text), base, mode).plain


HARAKAT = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")


def unshape(visual: str) -> str:
    """Map presentation forms back to letters, keeping visual order (ligatures reversed)."""
    out = []
    for char in visual:
        if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefc":
            letters = unicodedata.normalize("NFKC", char)
            out.append(letters[::-1] if "\ufef5" <= char <= "\ufefc" else letters)
        else:
            out.append(char)
    return "".join(out)


# --- numbers and Latin inside Arabic -------------------------------------------------


def test_decree_number_and_date_in_arabic_paragraph() -> None:
    """Latin and numbers keep their own order inside the right-to-left sentence."""
    assert reorder_line(DECREE, "rtl") == "2024 ربمسيد 22 خرؤملا NQ/TW-57 مقر رارقلا"


def test_year_range_reads_as_every_bidi_engine_shows_it() -> None:
    """'2021-2030' in Arabic shows as 2030-2021 left to right (ICU, FriBidi, browsers)."""
    assert reorder_line("للفترة 2021-2030", "rtl") == "2030-2021 ةرتفلل"


def test_layout_of_decree_is_shaped_reordered_and_fits() -> None:
    """layout = shaping + per-line reordering; unshaped, each line matches reorder_line."""
    lines = layout(DECREE, 20)
    assert [cell_len(line) for line in lines] == [cell_len(line) for line in lines]
    assert all(cell_len(line) <= 20 for line in lines)
    assert unshape(lines[0]) == "NQ/TW-57 مقر رارقلا"
    assert all(c < "\u0600" or c > "\u06ff" for line in lines for c in line if c.isalpha())


def test_arabic_indic_digits_keep_their_order() -> None:
    """Arabic-Indic digits (AN) read left to right, like European ones."""
    assert reorder_line("العام ٢٠٢٤", "rtl") == "٢٠٢٤ ماعلا"
    assert reorder_line("٢٠٢١/٢٠٣٠ x", "rtl") == "x ٢٠٢١/٢٠٣٠"


def test_number_at_start_of_a_wrapped_line_uses_paragraph_levels() -> None:
    """Levels come from the whole paragraph, so a line starting with digits stays right."""
    lines = layout("المادة الأولى 2024 تنص", 14)
    assert [unshape(line) for line in lines] == ["ىلوألا ةداملا", "صنت 2024"]


# --- brackets and mirroring ------------------------------------------------------------


def test_brackets_are_mirrored_in_rtl() -> None:
    """Rule L4: '(' at an odd level is drawn as ')'."""
    assert reorder_line("(مرحبا)", "rtl") == "(ابحرم)"
    assert reorder_line("[مرحبا] {x}", "rtl") == "{x} [ابحرم]"


def test_brackets_across_line_breaks() -> None:
    """A pair split over lines is still mirrored on each line."""
    lines = layout("(الأولوية القصوى للتنمية)", 10)
    assert len(lines) == 3
    assert lines[0].endswith(")")  # the opening bracket, at the right edge of line 1
    assert lines[-1].startswith("(")  # the closing bracket, at the left edge of line 3
    assert "(" not in lines[0] and ")" not in lines[-1]


def test_ltr_brackets_are_not_mirrored() -> None:
    """Brackets at even levels stay as typed."""
    assert reorder_line("a (b) c", "rtl") == "a (b) c"


# --- harakat and lam-alef -----------------------------------------------------------


def test_harakat_follow_their_base_letter() -> None:
    """Rule L3: in visual output every mark comes right after its own base."""
    assert reorder_line("مُحَمَّد", "rtl") == "دمَّحَمُ"
    (line,) = layout("مُحَمَّد", 10)
    assert unshape(line) == "دمَّحَمُ"
    assert cell_len(line) == 4


def test_harakat_never_start_a_line_or_follow_a_space() -> None:
    """A mark attached to the cell before it must never land on a space or line start."""
    for line in layout("قَالَ الْمُدِيرُ: سَنُطَوِّرُ الْخِدْمَاتِ الرَّقْمِيَّةَ", 9):
        assert line[:1] not in HARAKAT
        for before, char in pairwise(line):
            if char in HARAKAT:
                assert before != " "


def test_harakat_can_be_dropped() -> None:
    """keep_harakat=False removes the marks for terminals that draw them badly."""
    (line,) = layout("مُحَمَّد", 10, keep_harakat=False)
    assert not HARAKAT.intersection(line)
    assert unshape(line) == "دمحم"


def test_lam_alef_is_one_cell() -> None:
    """لا becomes the ligature U+FEFB: one cell for two letters."""
    assert layout("لا", 5) == ["\ufefb"]
    assert cell_len(layout("لا", 5)[0]) == 1
    assert layout("سلام", 5) == ["\ufee1\ufefc\ufeb3"]  # final lam-alef after a joining seen


def test_lam_alef_keeps_its_mark() -> None:
    """A mark between lam and alef stays after the ligature's cell."""
    assert layout("لَا", 5) == ["\ufefb\u064e"]


def test_lam_alef_counts_one_cell_when_wrapping() -> None:
    """Widths are measured after shaping: eight lam-alefs (16 letters) fit in eight cells."""
    assert layout("لا" * 8, 8) == ["\ufefb" * 8]
    assert layout("لا" * 9, 8) == ["\ufefb" * 8, "\ufefb"]


def test_shaping_reports_merged_alefs() -> None:
    """The shaper says which characters it removed, so styles can follow."""
    shaped, removed = shape_arabic("السلام")
    assert removed == [4]
    assert len(shaped) == 5


def test_icu_quirks_are_undone() -> None:
    """ICU's spacing harakat and its U+065C-U+065F mapping never reach the output."""
    shaped, _ = shape_arabic("بَب\u065cب")
    assert "\u064e" in shaped and "\u065c" in shaped
    assert not set(shaped) & {chr(c) for c in range(0xFE70, 0xFE80)}


# --- explicit controls ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base", "visual"),
    [
        ("a \u2067ب ج\u2069 d", "ltr", "a ج ب d"),  # RLI
        ("x \u2068شكرا\u2069 y", "ltr", "x اركش y"),  # FSI finds RTL inside
        ("مرحبا \u2066abc 123\u2069 عالم", "rtl", "ملاع abc 123 ابحرم"),  # LRI
        ("\u202eabc\u202c d", "ltr", "cba d"),  # RLO
        ("\u202dمرحبا\u202c", "rtl", "مرحبا"),  # LRO
        ("\u202babc \u0645\u0646\u202c", "ltr", "نم abc"),  # RLE
        ("\u200fabc", "auto", "abc"),  # RLM sets the direction, then disappears
    ],
)
def test_explicit_controls_are_honoured_and_removed(text: str, base: str, visual: str) -> None:
    """Isolates, embeddings and overrides act inside the paragraph and are never emitted."""
    result = reorder_line(text, base)  # type: ignore[arg-type]
    assert result == visual
    assert not set(BIDI_CONTROLS) & set(result)


def test_controls_never_reach_layout_output() -> None:
    """Wrapped and shaped lines hold no bidi controls either."""
    text = "النص \u2067مقتبس\u2069 و \u202aLTR\u202c هنا \u200f"
    for line in layout(text, 8):
        assert not set(BIDI_CONTROLS) & set(line)


def test_strip_bidi_controls() -> None:
    """Every bidi control goes, nothing else."""
    assert strip_bidi_controls("\u2067ab\u2069c\u200fd") == "abcd"
    assert strip_bidi_controls("a\tb") == "a\tb"


# --- empty, whitespace, paragraphs, LTR --------------------------------------------------


def test_empty_and_whitespace_text() -> None:
    """Nothing in, one empty line out; spaces stay spaces."""
    assert layout("", 10) == [""]
    assert layout("   ", 10) == ["   "]
    assert reorder_line("", "rtl") == ""
    assert reorder_line("   ", "rtl") == "   "
    assert visual_string("") == ""


def test_newlines_split_paragraphs_and_keep_empty_lines() -> None:
    """Each paragraph is laid out on its own; blank lines survive."""
    lines = layout("سطر أول\n\nEnglish line\n", 20)
    assert [unshape(line) for line in lines] == ["لوأ رطس", "", "English line"]


def test_pure_ltr_passes_through_unchanged() -> None:
    """Left-to-right text takes the fast path and comes back as it went in."""
    text = "Decision No. 57 (2024), on science & technology."
    assert reorder_line(text, "ltr") is text
    assert reorder_line(text, "auto") is text
    assert visual_string(text) == text
    assert " ".join(layout(text, 12, "auto")) == text


def test_ltr_text_in_rtl_paragraph_moves_neutrals() -> None:
    """Base 'rtl' is honoured even for Latin text: the final stop goes to the left."""
    assert reorder_line("Hello!", "rtl") == "!Hello"


def test_emoji_and_wide_characters() -> None:
    """Supplementary-plane characters keep one index each and their two cells."""
    lines = layout("مرحبا 😀 عالم", 8)
    assert lines == ["😀 ﺎﺒﺣﺮﻣ", "ﻢﻟﺎﻋ"]
    assert reorder_line("👨\u200d👩 مرحبا", "rtl") == "ابحرم 👨\u200d👩"


@pytest.mark.parametrize(
    ("text", "visual"),
    [
        # a ZWJ glues nothing to a following space or bracket: the word stays whole
        ("كتاب\u200d (جديد)", "(ديدج) ب\u200dاتك"),
        ("שלום\u200d עולם", "םלוע ם\u200dולש"),
        ("كتاب\u200d[جديد]", "[ديدج]ب\u200dاتك"),
        # an emoji sequence joined by ZWJ stays one unit inside a right-to-left run
        ("سلام 👨\u200d👩\u200d👧 عليكم", "مكيلع 👨\u200d👩\u200d👧 مالس"),
    ],
)
def test_a_zwj_joins_only_what_uax29_joins(text: str, visual: str) -> None:
    """Rule L3's units are grapheme clusters (UAX #29, GB9 and GB11), not "whatever follows
    a ZWJ" (found on real text: the unshaped paths split "كتاب" from its last letter)."""
    assert reorder_line(text, "rtl") == visual
    (pieces,) = layout_paragraph(text, None, "rtl", shape=False).lines
    assert render_line(layout_paragraph(text, None, "rtl", shape=False).text, list(pieces)) == (
        visual
    )


def test_long_word_is_split() -> None:
    """A word wider than the line is cut into line-sized chunks."""
    lines = layout("الاستراتيجيةالوطنيةللتحول", 6)
    assert all(cell_len(line) <= 6 for line in lines)
    assert len(lines) >= 4


# --- direction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مرحبا hello", "rtl"),
        ("hello مرحبا", "ltr"),
        ("2024 مرحبا", "rtl"),
        ("\u2067مرحبا\u2069 hello", "ltr"),  # P2 skips isolates
        ("\u2067مرحبا", "ltr"),  # unterminated isolate: skipped to the end
        ("123 !", "ltr"),
        ("", "ltr"),
    ],
)
def test_direction_first_strong_character(text: str, expected: str) -> None:
    """P2/P3: the first strong character outside isolates decides."""
    assert direction(text) == expected
    assert is_rtl(text) is (expected == "rtl")


def test_direction_default_when_no_strong_character() -> None:
    """With no strong character, the caller's default stands."""
    assert direction("123 !", default="rtl") == "rtl"
    assert direction("123 abc", default="rtl") == "ltr"


# --- styles -------------------------------------------------------------------------------


def _styled(text: Text) -> list[tuple[str, str]]:
    """List (characters, style) for each span of a line."""
    return [(text.plain[s.start : s.end], str(s.style)) for s in text.spans]


def test_search_highlight_lands_on_its_word() -> None:
    """A highlight on an Arabic word and one on a Latin code land on those characters."""
    text = Text(DECREE)
    text.stylize("reverse", DECREE.index("رقم"), DECREE.index("رقم") + 3)
    text.stylize("bold", DECREE.index("NQ"), DECREE.index("NQ") + 5)
    lines = layout_text(text, 80)
    assert len(lines) == 1
    assert sorted(_styled(lines[0])) == [
        ("NQ/TW", "bold"),
        (visual_string("رقم", "rtl"), "reverse"),
    ]


def test_styles_follow_merged_ligatures_and_line_breaks() -> None:
    """Spans survive lam-alef merging, dropped harakat and a line break mid-span."""
    source = "القرار لَا بأس به أبدا"
    text = Text(source, style="italic")
    text.stylize("red", source.index("لَا"), source.index("لَا") + 3)
    text.stylize("green", source.index("بأس"), len(source))
    lines = layout_text(text, 9, keep_harakat=False)
    assert [line.plain for line in lines] == layout(source, 9, keep_harakat=False)
    assert all(line.style == "italic" for line in lines)
    assert [_styled(line) for line in lines] == [
        [("\ufefb", "red")],
        [(visual_string("بأس به", "rtl"), "green")],
        [(visual_string("أبدا", "rtl"), "green")],
    ]


def test_visual_text_keeps_styles_in_place() -> None:
    """One styled row comes out as `visual_string` draws it, styles on their characters."""
    text = Text("حلول 2024")
    text.stylize("bold", 0, 4)
    result = visual_text(text, "rtl")
    assert result.plain == visual_string("حلول 2024", "rtl")
    assert _styled(result) == [(visual_string("حلول", "rtl"), "bold")]


# --- modes ---------------------------------------------------------------------------------


def test_display_line_modes() -> None:
    """app: visual; terminal: logical, shaped, isolated with an LRM at the edge; off: as is."""
    shaped, _ = shape_arabic("مرحبا")
    assert sent_row("مرحبا", "rtl", "app") == visual_string("مرحبا", "rtl")
    assert sent_row("مرحبا", "rtl", "terminal") == f"\u2069\u200e\u2067{shaped}\u2069"
    assert sent_row("hello", "ltr", "terminal") == "\u2069\u200e\u2066hello\u2069"
    assert sent_row("مرحبا", "auto", "terminal") == f"\u2069\u200e\u2068{shaped}\u2069"
    assert sent_row("مرحبا", "rtl", "off") == "مرحبا"


def test_terminal_mode_shapes_and_leaves_brackets_to_the_terminal() -> None:
    """A terminal that reorders mirrors brackets itself (VTE turned pre-mirrored ones twice);
    lam-alef is sent as its ligature, letters in presentation forms."""
    row = sent_row("المالية (6) x (a) y", "rtl", "terminal")
    assert "(6)" in row and "(a)" in row
    assert "\ufefb" in sent_row("لا", "rtl", "terminal")  # the lam-alef ligature
    styled = Text("للاستثمار")
    styled.stylize("bold", 2, 9)
    out = display_line(styled, "rtl", "terminal")
    # the row gains PDI+LRM+RLI in front (3) and loses the alef merged into the ligature (1)
    assert [(s.start, s.end) for s in out.spans] == [(5, 11)]
    assert sent_row("مرحبا", "rtl", "off") == "مرحبا"


def test_isolate_row_balances_stray_isolates() -> None:
    """A stray PDI cannot close the row's isolate; open isolates are closed."""
    assert isolate_row(Text("a\u2069b"), "rtl").plain == "\u2069\u200e\u2067ab\u2069"
    assert isolate_row(Text("a\u2066b"), "rtl").plain == "\u2069\u200e\u2067a\u2066b\u2069\u2069"
    styled = Text("ab")
    styled.stylize("bold", 1, 2)
    wrapped = isolate_row(styled, "rtl")
    assert _styled(wrapped) == [("b", "bold")]


def test_display_lines_terminal_mode_wraps_logically() -> None:
    """Terminal mode wraps the logical text and isolates each row."""
    text = Text("الاستراتيجية الوطنية للتحول الرقمي")
    rows = [line.plain for line in display_lines(text, 14, "rtl", "terminal")]
    assert rows[0] == f"\u2069\u200e\u2067{shape_arabic('الاستراتيجية')[0]}\u2069"
    assert all(cell_len(row) <= 14 for row in rows)
    off = display_lines(Text("a b c"), 3, "ltr", "off")
    assert [row.plain for row in off] == ["a b", "c"]


# --- tables and guards -----------------------------------------------------------------


def test_rtl_fast_path_pattern_covers_every_rtl_character() -> None:
    """Every R, AL and AN character matches RTL_RE, so the LTR fast path is always safe."""
    missing = [
        hex(cp)
        for cp in range(0x110000)
        if unicodedata.bidirectional(chr(cp)) in ("R", "AL", "AN") and not RTL_RE.match(chr(cp))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "visual"),
    [
        ("\U0001d400 \u05d0\u05d1", "\u05d1\u05d0 \U0001d400"),  # math bold A is L
        ("\u05d0 \U0001f600 \u05d1", "\u05d1 \U0001f600 \u05d0"),  # emoji is ON
        ("\u05d0\U00010900\u05d1", "\u05d1\U00010900\u05d0"),  # Phoenician is R
    ],
)
def test_supplementary_characters_keep_their_class(text: str, visual: str) -> None:
    """Non-BMP characters reach ICU as BMP stand-ins of the same class."""
    assert reorder_line(text, "rtl") == visual


def test_unknown_base_is_a_clear_error() -> None:
    """A misspelt direction fails with the allowed values."""
    with pytest.raises(ValueError, match="ltr, rtl, auto"):
        reorder_line("abc", "right")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ltr, rtl, auto"):
        layout("abc", 10, "RTL")  # type: ignore[arg-type]
