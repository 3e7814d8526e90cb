"""Fuzzing (Hypothesis) of the two places hostile text enters: the loader and the RTL engine.

The loader, given random bytes, YAML-ish text or random Unicode in a valid file, either
loads or raises StoreError whose every problem has a place (path, line >= 1, column >= 1)
and a message that is safe to print. The engine, given any Unicode (lone surrogates,
combining marks, controls, bidi controls, wide characters), never raises, never makes a
line wider than asked and never lets a control character out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tests.conftest import STORE_YAML, THEMES_YAML, department_yaml
from tests.test_hardening_content import assert_terminal_safe
from tui.rtl import display_line, display_lines, layout, layout_text, reorder_line
from tui.rtl.chars import Base
from tui.rtl.layout import visual_string
from tui.rtl.modes import Mode
from tui.rtl.styled import visual_text
from tui.store import StoreError, load_store

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
BIDI = list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ODD = ["\u2028", "\u2029", "\ufeff", "\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufffd"]
MARKS = ["\u0301", "\u064e", "\u0651", "\u0670", "\u20dd", "\ufe0f", "\U000e0041"]
WIDE = ["中", "😀", "👨\u200d👩\u200d👧", "🇸🇦", "\u3000", "\U0001f3fb"]
SURROGATES = ["\ud800", "\udc00", "\udfff"]
ARABIC = [*"ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى", "لا", "ﻻ", "\u0640"]

special = st.sampled_from(CONTROLS + BIDI + ODD + MARKS + WIDE + SURROGATES + ARABIC)
any_char = st.one_of(st.characters(codec=None, categories=None), special, special)
hostile_text = st.lists(any_char, max_size=60).map("".join)
"""Anything Python can hold, weighted towards what makes terminals and bidi misbehave."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _problems_are_placed(error: StoreError, root: Path) -> None:
    assert error.problems
    for problem in error.problems:
        assert isinstance(problem.path, Path)
        assert problem.path == root or root in problem.path.parents
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message.strip()
        assert_terminal_safe(str(problem))


def _load(root: Path) -> None:
    """Load; a store that loads holds no text the loader should have refused."""
    try:
        store = load_store(root)
    except StoreError as error:
        _problems_are_placed(error, root)
        return
    for department in store.departments:
        for solution in department.solutions:
            for text in (solution.text.ar, solution.text.en):
                assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)
                assert not _SURROGATE.search(text)


@pytest.fixture(scope="module")
def store_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid store whose department file each example overwrites."""
    root = tmp_path_factory.mktemp("fuzz") / "content"
    (root / "departments").mkdir(parents=True)
    (root / "store.yaml").write_text(STORE_YAML, encoding="utf-8")
    (root / "themes.yaml").write_text(THEMES_YAML, encoding="utf-8")
    return root


def _department_file(root: Path, data: bytes) -> None:
    (root / "departments" / "01-finance.yaml").write_bytes(data)


@FUZZ
@given(data=st.binary(max_size=400))
def test_loader_random_bytes(store_root: Path, data: bytes) -> None:
    _department_file(store_root, data)
    _load(store_root)


YAML_TOKENS = [
    "id: ", "key: ", "order: ", "name: ", "text: ", "themes: ", "solutions:", "- ", "  ",
    "\n", "\t", "{", "}", "[", "]", ", ", ": ", "&a ", "*a", "<<: ", "!!str ", "!!binary ",
    "!e%1B ", "!<tag:%1B> ", "? ", '"', "'", "\\e", "\\x9b", "\\u202e", "\\L", "\\N", "\\",
    "|", ">-", "---\n", "...\n", "# c\n", "%TAG ! tag:%1b,\n", "%YAML 1.1\n", "1", "-1",
    "0x1f", "1e9", "~", "null", "true", "ar", "en", "finance", "planning", "ع", "\ufeff",
]  # fmt: skip
yamlish = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), any_char), max_size=80).map("".join)


@FUZZ
@given(text=yamlish)
def test_loader_random_yaml_ish_text(store_root: Path, text: str) -> None:
    _department_file(store_root, text.encode("utf-8", "surrogatepass"))
    _load(store_root)


@FUZZ
@given(value=hostile_text, quoted=st.booleans(), where=st.integers(min_value=0))
def test_loader_random_unicode_in_a_valid_file(
    store_root: Path, value: str, quoted: bool, where: int
) -> None:
    """As a quoted value (the string checks), or anywhere raw (the YAML reader)."""
    valid = department_yaml()
    if quoted:
        text = valid.replace('"تطوير السياحة"', json.dumps(value, ensure_ascii=False))
    else:
        at = where % (len(valid) + 1)
        text = valid[:at] + value + valid[at:]
    _department_file(store_root, text.encode("utf-8", "surrogatepass"))
    _load(store_root)


# --- the RTL engine ---------------------------------------------------------------------------

bases = st.sampled_from(["ltr", "rtl", "auto"])
widths = st.integers(min_value=2, max_value=30)
modes = st.sampled_from(["app", "terminal", "off"])
_OUT_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean(line: str) -> None:
    """No control character (newline aside) and no lone surrogate leaves the engine."""
    bad = _OUT_CONTROL.search(line)
    assert bad is None, f"U+{ord(bad.group()):04X} in {line!r}"


@FUZZ
@given(text=hostile_text, width=widths, base=bases, harakat=st.booleans())
def test_layout_lines_fit_and_are_clean(text: str, width: int, base: str, harakat: bool) -> None:
    for line in layout(text, width, base, keep_harakat=harakat):  # type: ignore[arg-type]
        assert "\n" not in line
        _clean(line)
        assert cell_len(line) <= width, (line, cell_len(line))


@st.composite
def styled(draw: st.DrawFn) -> Text:
    """Random text with random (possibly overlapping, possibly empty) spans."""
    text = Text(draw(hostile_text))
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text.plain)))
        end = draw(st.integers(start, len(text.plain)))
        text.stylize(draw(st.sampled_from(["bold", "reverse", "red"])), start, end)
    return text


@FUZZ
@given(text=styled(), width=widths, base=bases)
def test_layout_text_spans_stay_on_the_line(text: Text, width: int, base: str) -> None:
    for line in layout_text(text, width, base):  # type: ignore[arg-type]
        _clean(line.plain)
        assert cell_len(line.plain) <= width
        for span in line.spans:
            assert 0 <= span.start < span.end <= len(line.plain)


@FUZZ
@given(text=hostile_text, base=bases, mode=modes)
def test_one_row_in_every_mode(text: str, base: Base, mode: Mode) -> None:
    _clean(display_line(Text(text), base, mode).plain)
    for visual in (visual_string(text, base), visual_text(Text(text), base).plain):
        _clean(visual)


@FUZZ
@given(text=hostile_text, width=widths, base=bases, mode=modes)
# Rich measures "ZWJ + letter" as one cell, and shaping drops a ZWJ next to an Arabic
# letter: "0000ؠ" (5 cells) was wrapped as "0000 ZWJ ؠ" (4 cells)
@example(text="0000\u200d\u0620", width=4, base="ltr", mode="terminal")
def test_paragraph_in_every_mode_fits(text: str, width: int, base: Base, mode: Mode) -> None:
    for line in display_lines(Text(text), width, base, mode):
        plain = line.plain
        assert "\n" not in plain
        _clean(plain)
        assert cell_len(plain) <= width, (plain, cell_len(plain))


@FUZZ
@given(text=hostile_text, base=bases)
def test_reorder_line_invents_no_control(text: str, base: str) -> None:
    """The bare algorithm keeps what it was given (separators included), adds nothing."""
    result = reorder_line(text, base)  # type: ignore[arg-type]
    assert set(_OUT_CONTROL.findall(result)) <= set(_OUT_CONTROL.findall(text))
