"""Generate `tui/rtl/_tables.py`: mirror pairs and bidi class sets, so runtime needs no UCD files.

Run once after a Unicode update and commit the result:

    python -m tui.rtl._gen_tables /usr/share/unicode/BidiMirroring.txt > tui/rtl/_tables.py

BidiMirroring.txt comes with Debian's `unicode-data` package; the class sets come from
Python's own `unicodedata`, whose version is written into the header.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

_CLASSES = ("NSM", "WS", "S", "BN")


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


def _escape(cp: int) -> str:
    """Write one code point as a regex escape that `re` understands."""
    return f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"


def class_set(bidi_class: str) -> str:
    """Build a regex character-class body for every code point of one bidi class."""
    points = (cp for cp in range(0x110000) if unicodedata.bidirectional(chr(cp)) == bidi_class)
    parts = []
    for start, end in _ranges(points):
        parts.append(_escape(start) if start == end else f"{_escape(start)}-{_escape(end)}")
    return "".join(parts)


def _wrapped(name: str, body: str) -> list[str]:
    """Emit a long raw-string constant as implicitly joined chunks under 100 columns."""
    chunks = re.findall(r"(?:\\[uU][0-9A-F]+-?){1,7}", body)
    if len(chunks) == 1:
        return [f'{name}: Final = r"{chunks[0]}"']
    lines = [f"{name}: Final = ("]
    lines += [f'    r"{chunk}"' for chunk in chunks]
    lines.append(")")
    return lines


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
        "# Bidi_Mirroring_Glyph pairs (rule L4): 'source:target' in hex, space separated.",
        "MIRROR_PAIRS: Final = (",
    ]
    items = [f"{src:04X}:{dst:04X}" for src, dst in sorted(pairs.items())]
    for i in range(0, len(items), 8):
        out.append(f'    "{" ".join(items[i : i + 8])} "')
    out.append(")")
    for bidi_class in _CLASSES:
        out.append("")
        out.append(f"# Regex class body: every character of Bidi_Class={bidi_class}.")
        out += _wrapped(f"{bidi_class}_CLASS", class_set(bidi_class))
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Print the table module for the BidiMirroring.txt named on the command line."""
    path = Path(argv[1] if len(argv) > 1 else "/usr/share/unicode/BidiMirroring.txt")
    sys.stdout.write(render(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
