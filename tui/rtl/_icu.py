"""The only module that touches PyICU (pyicu-wheels), so its untyped API stays in one place."""

from __future__ import annotations

import icu  # type: ignore[import-untyped]

SHAPE_OPTIONS: int = (
    icu.Shape.LETTERS_SHAPE | icu.Shape.LAMALEF_RESIZE | icu.Shape.TEXT_DIRECTION_LOGICAL
)
DEFAULT_LTR: int = icu.Bidi.DEFAULT_LTR
ICU_VERSION: str = icu.ICU_VERSION


def shape(text: str) -> str:
    """Run ICU's Arabic shaper (logical order, lam-alef ligatures shrink the text)."""
    return str(icu.Shape.shapeArabic(text, SHAPE_OPTIONS))


def levels(text: str, para_level: int) -> tuple[bytes, int]:
    """Resolve a paragraph's embedding levels (one per UTF-16 unit) and its paragraph level."""
    bidi = icu.Bidi()
    ustr = icu.UnicodeString(text)  # ICU keeps a pointer into it: hold it during the call
    bidi.setPara(ustr, para_level)
    return bytes(bidi.getLevels()), int(bidi.getParaLevel())
