"""Generate `tui/rtl/_tables.py`: mirror pairs and bidi class ranges, so runtime needs no UCD files.

Run once after a Unicode update and commit the result:

    python -m tui.rtl._gen_tables /usr/share/unicode/BidiMirroring.txt > tui/rtl/_tables.py

BidiMirroring.txt comes with Debian's `unicode-data` package; the class ranges come from
Python's own `unicodedata`, whose version is written into the header. Both are written as
Python literals: importing them costs no parsing (the module is on the browser's start path).
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

_CLASSES = ("NSM", "BN")


def read_mirror_pairs(path: Path) -> tuple[str, dict[int, int]]:
    """Parse BidiMirroring.txt into its version line and code point pairs (L4 needs the pair)."""
    version = ""
    pairs: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not version and line.startswith("# BidiMirroring-"):
            version = line[2:].strip()
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target = (field.strip() for field in data.split(";"))
        pairs[int(source, 16)] = int(target, 16)
    return version, pairs


def _ranges(code_points: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Collapse sorted code points into inclusive ranges."""
    start = end = -2
    for cp in code_points:
        if cp == end + 1:
            end = cp
            continue
        if start >= 0:
            yield start, end
        start = end = cp
    if start >= 0:
        yield start, end


def class_ranges(bidi_class: str) -> list[tuple[int, int]]:
    """Inclusive code point ranges of every character of one bidi class."""
    points = (cp for cp in range(0x110000) if unicodedata.bidirectional(chr(cp)) == bidi_class)
    return list(_ranges(points))


def _rows(items: list[str], per_row: int) -> list[str]:
    """Literal items, `per_row` to a line (under 100 columns), each line indented."""
    return ["    " + " ".join(items[i : i + per_row]) for i in range(0, len(items), per_row)]


def render(mirroring: Path) -> str:
    """Return the text of `_tables.py`."""
    version, pairs = read_mirror_pairs(mirroring)
    out = [
        '"""Unicode tables for the RTL engine. Generated: do not edit by hand.',
        "",
        "Made by `python -m tui.rtl._gen_tables /usr/share/unicode/BidiMirroring.txt`",
        f"from {version} (Debian unicode-data) and Python unicodedata"
        f" {unicodedata.unidata_version}.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Final",
        "",
        f'UNIDATA_VERSION: Final = "{unicodedata.unidata_version}"',
        "",
        "# fmt: off",
        "",
        "# Bidi_Mirroring_Glyph (rule L4): source code point -> its mirror.",
        "MIRROR: Final[dict[int, int]] = {",
        *_rows([f"0x{src:04X}: 0x{dst:04X}," for src, dst in sorted(pairs.items())], 6),
        "}",
    ]
    for bidi_class in _CLASSES:
        ranges = [f"(0x{lo:04X}, 0x{hi:04X})," for lo, hi in class_ranges(bidi_class)]
        out += [
            "",
            f"# Inclusive code point ranges of every character of Bidi_Class={bidi_class}.",
            f"{bidi_class}_RANGES: Final[tuple[tuple[int, int], ...]] = (",
            *_rows(ranges, 4),
            ")",
        ]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Print the table module for the BidiMirroring.txt named on the command line."""
    path = Path(argv[1] if len(argv) > 1 else "/usr/share/unicode/BidiMirroring.txt")
    sys.stdout.write(render(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
