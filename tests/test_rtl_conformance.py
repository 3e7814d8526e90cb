"""UAX #9 conformance: Unicode's BidiCharacterTest.txt through `reorder_line`.

Needs Debian's `unicode-data` package (/usr/share/unicode/BidiCharacterTest.txt); CI
installs it. Measured: 91,677 of 91,707 cases (99.967 %) with ICU 77 levels; the 30
failures all come from ICU's level resolution (explicit embeddings and overrides, a mark
after a bracket, the 63-deep bracket stack), none from this package's L1-L4.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tui.rtl import _gen_tables, _tables, reorder_line
from tui.rtl.bidi import paragraph_levels
from tui.rtl.chars import BIDI_CONTROLS, MIRROR, Base

UCD = Path("/usr/share/unicode")
TEST_FILE = UCD / "BidiCharacterTest.txt"
MIRRORING = UCD / "BidiMirroring.txt"
NEEDS_UCD = pytest.mark.skipif(
    not TEST_FILE.exists(),
    reason="BidiCharacterTest.txt missing: apt-get install unicode-data",
)

# X9 removes these; the test file gives them level 'x' and leaves them out of the order.
X9_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "BN"}
BASES: tuple[Base, ...] = ("ltr", "rtl", "auto")
FLOOR = 99.92  # the brief's goal; the measured rate is 99.967 %

Case = tuple[str, int, list[int | None], list[int]]


def _load() -> list[Case]:
    """Read every case: text, paragraph direction, resolved levels, visual order."""
    cases: list[Case] = []
    for line in TEST_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split(";")
        text = "".join(chr(int(cp, 16)) for cp in fields[0].split())
        levels = [None if level == "x" else int(level) for level in fields[3].split()]
        order = [int(index) for index in fields[4].split()]
        cases.append((text, int(fields[1]), levels, order))
    return cases


def _dropped(char: str) -> bool:
    """Characters neither side is compared on: X9-removed ones, and controls we strip."""
    return unicodedata.bidirectional(char) in X9_CLASSES or char in BIDI_CONTROLS


def _expected(text: str, levels: list[int | None], order: list[int]) -> str:
    """The file's visual order plus L3 (marks after base in odd runs) and L4 (mirroring).

    L3 is done here independently of the engine: in the visual order, a run of marks
    at an odd level followed by their logical base is turned around to base + marks.
    """
    kept = [i for i in range(len(text)) if not _dropped(text[i])]
    previous = dict(zip(kept[1:], kept, strict=False))
    visual = [i for i in order if not _dropped(text[i])]
    is_mark = [unicodedata.bidirectional(c) == "NSM" for c in text]
    i = 0
    while i < len(visual):
        first = visual[i]
        level = levels[first]
        if is_mark[first] and level is not None and level % 2:
            k = i
            while (
                k + 1 < len(visual)
                and visual[k + 1] == previous.get(visual[k])
                and is_mark[visual[k + 1]]
            ):
                k += 1
            if (
                k + 1 < len(visual)
                and visual[k + 1] == previous.get(visual[k])
                and levels[visual[k + 1]] == level
            ):
                visual[i : k + 2] = [visual[k + 1], *visual[i : k + 1][::-1]]
                i = k + 2
                continue
        i += 1
    out = []
    for index in visual:
        char = text[index]
        level = levels[index]
        odd = level is not None and level % 2 == 1
        out.append(char.translate(MIRROR) if odd else char)
    return "".join(out)


@NEEDS_UCD
def test_bidi_character_test_pass_rate() -> None:
    """At least 99.92 % of the conformance cases come out in the expected visual order."""
    cases = _load()
    failures: list[tuple[str, Base, list[int | None]]] = []
    for text, direction, levels, order in cases:
        got = "".join(c for c in reorder_line(text, BASES[direction]) if not _dropped(c))
        if got != _expected(text, levels, order):
            failures.append((text, BASES[direction], levels))
    rate = 100 * (len(cases) - len(failures)) / len(cases)
    print(f"BidiCharacterTest: {len(cases) - len(failures)}/{len(cases)} = {rate:.3f} %")
    assert rate >= FLOOR
    # Every known failure comes from ICU's resolved levels (embeddings and overrides, a
    # mark after a bracket, the 63-deep bracket stack). A failure where ICU's levels are
    # right would be a regression in this package's own L1-L4 work.
    own_failures = [text for text, base, levels in failures if _levels_match(text, base, levels)]
    assert own_failures == []


def _levels_match(text: str, base: Base, expected: list[int | None]) -> bool:
    """Tell whether ICU resolved the levels the test file expects (ignoring X9 removals)."""
    levels, _ = paragraph_levels(text, base)
    return all(want is None or want == got for want, got in zip(expected, levels, strict=True))


@pytest.mark.skipif(not MIRRORING.exists(), reason="BidiMirroring.txt missing: unicode-data")
def test_generated_tables_are_current() -> None:
    """`_tables.py` is what the generator makes from BidiMirroring.txt and unicodedata."""
    if unicodedata.unidata_version != _tables.UNIDATA_VERSION:
        pytest.skip(f"tables were made with unicodedata {_tables.UNIDATA_VERSION}")
    committed = Path(_tables.__file__).read_text(encoding="utf-8")
    assert _gen_tables.render(MIRRORING) == committed
