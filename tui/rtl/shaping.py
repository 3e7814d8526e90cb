"""Arabic shaping: letters to contextual presentation forms, in logical order.

Terminals draw one cell at a time and most never join Arabic letters, so the engine sends
the presentation form each letter takes in its context (isolated, initial, medial, final).
ICU's `Shape.shapeArabic` does the work in C, far faster than arabic-reshaper, which is
pure Python (figures: docs/performance.md).

Decisions:

* Lam-alef: lam followed by an alef (optionally with harakat between) becomes one ligature
  (U+FEF5-U+FEFC), which is one cell for two letters. The alef is removed and recorded in
  `removed`; the lam's position holds the ligature; any harakat stay right after it, so
  they are drawn on the ligature's cell. Widths are measured after shaping, so the ligature
  counts as one cell.
* Harakat (U+064B-U+0652 and the other Arabic marks): kept as zero-width combining marks
  right after their base letter, or dropped before shaping with `keep_harakat=False`
  (the search normaliser's behaviour, for terminals that draw marks badly). ICU turns
  harakat into spacing forms (U+FE70-U+FE7F, one cell each): those are mapped back.
* ICU maps U+065C-U+065F to lam-alef codes (a table quirk): they are swapped for a
  transparent stand-in around the call and put back.
* ZWJ and ZWNJ next to Arabic letters are removed after shaping: their work (forcing or
  breaking a join) is done, and Rich would otherwise count a ZWJ pair as one grapheme.
* Letters without presentation forms (most of U+0750-U+08FF) pass unchanged.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from tui.rtl import _icu
from tui.rtl.chars import (
    ZWJ,
    ZWNJ,
    arabic_letters,
    arabic_marks,
    compiled_on_use,
    compose_removed,
    delete_positions,
)

_LAMS = frozenset("\u0644\ufedd\ufede\ufedf\ufee0")
_ALEFS = frozenset("\u0622\u0623\u0625\u0627\ufe81\ufe82\ufe83\ufe84\ufe87\ufe88\ufe8d\ufe8e")
_LAMALEF_RE = re.compile("[\ufef5-\ufefc]")
_SPACING_RE = re.compile("[\ufe70-\ufe7f]")
_SPACING_TO_COMBINING = {
    0xFE70: 0x064B, 0xFE71: 0x064B, 0xFE72: 0x064C, 0xFE74: 0x064D,
    0xFE76: 0x064E, 0xFE77: 0x064E, 0xFE78: 0x064F, 0xFE79: 0x064F,
    0xFE7A: 0x0650, 0xFE7B: 0x0650, 0xFE7C: 0x0651, 0xFE7D: 0x0651,
    0xFE7E: 0x0652, 0xFE7F: 0x0652,
}  # fmt: skip
_ICU_MISMAPPED_RE = re.compile("[\u065c-\u065f]")
_STAND_IN = "\u0670"  # a mark ICU leaves alone and treats as transparent
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_joiners = compiled_on_use(f"(?<=[{_ARABIC}])[{ZWNJ}{ZWJ}]|[{ZWNJ}{ZWJ}](?=[{_ARABIC}])")


def drop_harakat(text: str) -> tuple[str, list[int]]:
    """Remove Arabic marks, for terminals that draw them badly; returns removed indices."""
    positions = [m.start() for m in arabic_marks().finditer(text)]
    if not positions:
        return text, []
    return arabic_marks().sub("", text), positions


def shape_arabic(text: str) -> tuple[str, list[int]]:
    """Shape logical text to presentation forms; returns it and the indices removed."""
    if not arabic_letters().search(text):
        return text, []
    mismapped = (
        [m.start() for m in _ICU_MISMAPPED_RE.finditer(text)]
        if _ICU_MISMAPPED_RE.search(text)
        else []
    )
    source = _ICU_MISMAPPED_RE.sub(_STAND_IN, text) if mismapped else text
    shaped = _icu.shape(source)
    removed = _merged_alefs(source, shaped)
    if removed is None:  # ICU did something this module does not understand: stay safe
        return text, []
    if _SPACING_RE.search(shaped):
        shaped = _restore_combining(source, shaped, removed)
    if mismapped:
        chars = list(shaped)
        for pos in mismapped:
            chars[pos - bisect_left(removed, pos)] = text[pos]
        shaped = "".join(chars)
    joiners = (
        [m.start() for m in _joiners().finditer(shaped)] if ZWJ in shaped or ZWNJ in shaped else []
    )
    if joiners:
        shaped = delete_positions(shaped, joiners)
        removed = compose_removed(removed, joiners)
    return shaped, removed


def _merged_alefs(source: str, shaped: str) -> list[int] | None:
    """Find the alefs ICU folded into lam-alef ligatures (indices into `source`)."""
    if len(shaped) == len(source):
        return []
    removed: list[int] = []
    for match in _LAMALEF_RE.finditer(shaped):
        lam = match.start() + len(removed)
        if lam >= len(source) or source[lam] not in _LAMS:
            continue  # the source already held a ligature here
        alef = lam + 1
        while alef < len(source) and source[alef] not in _ALEFS:
            alef += 1
        if alef == len(source):
            return None
        removed.append(alef)
    return removed if len(shaped) == len(source) - len(removed) else None


def _restore_combining(source: str, shaped: str, removed: list[int]) -> str:
    """Turn ICU's spacing harakat back into combining marks (zero width, on their base)."""
    if not _SPACING_RE.search(source):
        return shaped.translate(_SPACING_TO_COMBINING)
    kept = [i for i in range(len(source)) if i not in set(removed)]
    chars = list(shaped)
    for match in _SPACING_RE.finditer(shaped):
        if not _SPACING_RE.match(source[kept[match.start()]]):
            chars[match.start()] = chr(_SPACING_TO_COMBINING.get(ord(match.group()), 0x064E))
    return "".join(chars)
