"""Whether a section's pieces (intro, solutions) are its paragraphs, every word kept.

The rules a store may cut an article by, and no others (the bundled store is held to them
by tests/test_content_seed.py, an import by `tui.importer` itself):

1. A section's paragraphs are cut, at any point, into consecutive pieces: the intro
   (optional, first) then each solution's text, in article order. Whitespace is not
   significant (line breaks and runs of spaces compare as one space).
2. At the start of a piece, a list marker may be dropped: an ordinal word from
   `ENUMERATORS` followed by "،" or ":", or a number such as "1." "2)" "(3)" "٤-",
   each followed by a space.
3. At the end of a piece, one "؛" (the separator the piece was cut at) may be dropped.

Anything else - a word dropped, added, reordered or altered, a letter or haraka changed,
punctuation other than (2) and (3) removed - is reported by `uncovered`.
"""

from __future__ import annotations

import re

ORDINAL_STEMS = (
    "أول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر",
)  # fmt: skip
ENUMERATORS = tuple(stem + ending for stem in ORDINAL_STEMS for ending in ("اً", "ًا"))
"""أولاً and أولًا (the tanween before or after the alef: the seed has both), to عاشراً."""

MARKER = re.compile(rf"(?:(?:{'|'.join(ENUMERATORS)})[،:]|\(?[0-9٠-٩۰-۹]{{1,3}}[.)\-])(?:\s|$)")
"""A list marker at the start of an item, with the space after it."""

SEPARATOR = "؛"


def collapse(text: str) -> str:
    """Whitespace is not significant: every run of it becomes one space."""
    return " ".join(text.split())


def _differs(article: str, pos: int, piece: str, n: int) -> str:
    """Where piece `n` stops matching the article at `pos`."""
    common = 0
    while (
        common < len(piece)
        and pos + common < len(article)
        and article[pos + common] == piece[common]
    ):
        common += 1
    at = pos + common
    return (
        f"piece {n} differs from the article after {common} matching characters:\n"
        f"  article: ...{article[max(at - 20, 0) : at + 40]!r}\n"
        f"  store:   ...{piece[max(common - 20, 0) : common + 40]!r}"
    )


def uncovered(article: str, pieces: list[str]) -> str | None:
    """Why `pieces` are not exactly `article` under the rules of the module docstring, or None.

    Walks the article left to right; each piece must match the article exactly at the cursor,
    after optionally skipping a marker just before it, and may be followed by one dropped
    "؛". Pieces are separated by exactly one space; nothing may be left over.
    """
    article = collapse(article)
    pos = 0
    for n, raw in enumerate(pieces):
        piece = collapse(raw)
        if not piece:
            return f"piece {n} is empty"
        marker = MARKER.match(article, pos)
        if marker and not piece.startswith(marker.group().rstrip()):
            pos = marker.end()
        if not article.startswith(piece, pos):
            return _differs(article, pos, piece, n)
        pos += len(piece)
        if article.startswith(SEPARATOR, pos) and not piece.endswith(SEPARATOR):
            pos += len(SEPARATOR)
        if pos < len(article):
            if article[pos] != " ":
                context = article[max(pos - 20, 0) : pos + 20]
                return f"piece {n} stops short of the article: ...{context!r}"
            pos += 1
    if pos < len(article):
        return f"the store ends before the article does; missing: {article[pos : pos + 80]!r}..."
    return None
