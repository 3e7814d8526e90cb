"""Text analysis for search: Arabic normalisation, light stemming and offset-keeping tokens.

The pipeline mirrors Lucene's ArabicAnalyzer (tokenise, fold case and digits, normalise,
then light10 stemming), but tokens are cut from the *original* string so every highlight
covers whole original words, harakat included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

ALEF = "\u0627"
YEH = "\u064a"
HEH = "\u0647"

# Letters the normaliser rewrites: hamza/madda/wasla alefs, alef maksura, teh marbuta.
_LETTER_FOLDS = {
    "\u0622": ALEF,  # آ
    "\u0623": ALEF,  # أ
    "\u0625": ALEF,  # إ
    "\u0671": ALEF,  # ٱ
    "\u0649": YEH,  # ى
    "\u0629": HEH,  # ة
}
# Removed outright: tatweel and the Arabic combining marks named in RTL-NOTES.
_ARABIC_DELETIONS = (
    (0x0640, 0x0640),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
)
# Other Arabic blocks whose nonspacing marks (Quranic annotation, Extended-A) also go.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFEFF))

# Lucene ArabicStemmer (light10): one prefix, tried in this order, then each suffix once.
PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


@cache
def _tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """Build the folding table and the word pattern once, from this Python's Unicode data."""
    table: dict[int, str | None] = {ord(k): v for k, v in _LETTER_FOLDS.items()}
    for low, high in _ARABIC_DELETIONS:
        table.update(dict.fromkeys(range(low, high + 1)))
    marks: list[int] = []
    # Marks and non-ASCII decimal digits live in planes 0-1, plus the variation selectors.
    for cp in chain(range(0x20000), range(0xE0000, 0xE1000)):
        category = unicodedata.category(chr(cp))
        if category[0] == "M":
            marks.append(cp)
            if category == "Mn" and any(lo <= cp <= hi for lo, hi in _ARABIC_BLOCKS):
                table[cp] = None
        elif category == "Nd" and cp > 0x7F:
            # Like Lucene's DecimalDigitFilter: every decimal digit, ٠-٩ and ۰-۹ included.
            table[cp] = str(unicodedata.decimal(chr(cp)))
    # `[^\W_]` is exactly the L* and N* categories; marks are added as ranges, the few
    # outside the BMP behind a cheap guard so word ends don't scan them.
    bmp = _char_class([cp for cp in marks if cp <= 0xFFFF])
    astral = _char_class([cp for cp in marks if cp > 0xFFFF])
    word = rf"(?:[^\W_]|[{bmp}]|(?=[\U00010000-\U0010ffff])[{astral}])+"
    return table, re.compile(word)


def _char_class(codepoints: list[int]) -> str:
    """Compress sorted code points into a regex class body of ranges."""
    parts: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(f"\\U{start:08x}" if start == prev else f"\\U{start:08x}-\\U{prev:08x}")
        start = prev = cp
    return "".join(parts)


def word_pattern() -> re.Pattern[str]:
    """The pattern of one word: a run of letters, digits and marks (L*, N*, M*)."""
    return _tables()[1]


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, for each of its characters, the original span it came from."""

    text: str
    source: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised range back to the source, widened over trailing marks."""
        if start >= end:
            edge = self.starts[start] if start < len(self.starts) else len(self.source)
            return edge, edge
        first, last = self.starts[start], self.ends[end - 1]
        # Marks, and tatweel that may carry them, belong to the letter before.
        while last < len(self.source) and (
            self.source[last] == "\u0640" or unicodedata.category(self.source[last])[0] == "M"
        ):
            last += 1
        return first, last


def _fold(segment: str) -> str:
    """Normalise one segment: NFKC, case folding, Arabic letter/mark/digit folding."""
    return unicodedata.normalize("NFKC", segment).casefold().translate(_tables()[0])


def _joins(head: str, char: str) -> bool:
    """Whether `char` must be normalised together with `head` (a mark, or it composes)."""
    if unicodedata.combining(char):
        return True
    nfkc = unicodedata.normalize
    return nfkc("NFKC", head + char) != nfkc("NFKC", head) + nfkc("NFKC", char)


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """Cut text into pieces whose NFKC forms concatenate to the NFKC of the whole."""
    start = 0
    for i in range(1, len(text)):
        if not _joins(text[start:i], text[i]):
            yield start, i
            start = i
    if text:
        yield start, len(text)


def normalize_with_offsets(text: str) -> Normalized:
    """Normalise `text` and keep, per output character, where it came from in `text`."""
    table = _tables()[0]
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text):  # case folding was one-to-one, so offsets survive
            kept = [i for i, char in enumerate(folded) if table.get(ord(char), char) is not None]
            return Normalized(
                folded.translate(table), text, tuple(kept), tuple(i + 1 for i in kept)
            )
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _segments(text):
        part = _fold(text[start:end])
        parts.append(part)
        starts.extend([start] * len(part))
        ends.extend([end] * len(part))
    return Normalized("".join(parts), text, tuple(starts), tuple(ends))


def normalize(text: str) -> str:
    """Fold `text` so spelling variants compare equal: hamza alefs, ى, ة, harakat, digits, case."""
    if text.isascii():
        return text.casefold()
    return normalize_with_offsets(text).text


def stem(word: str) -> str:
    """Strip one prefix and light suffixes of a *normalised* word, as Lucene's ArabicStemmer."""
    for prefix in PREFIXES:
        # و needs a word of ≥ 4 letters; every prefix must leave ≥ 2 letters behind.
        minimum = 4 if len(prefix) == 1 else len(prefix) + 2
        if len(word) >= minimum and word.startswith(prefix):
            word = word[len(prefix) :]
            break
    for suffix in SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)
def word_keys(word: str) -> tuple[str, ...]:
    """The search keys of one original word (usually one; ligatures like ﷺ give several)."""
    pattern = word_pattern()
    return tuple(stem(part) for part in pattern.findall(normalize(word)))


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the original text, where it sits, and the key it is searched by."""

    text: str
    start: int
    end: int
    key: str


def keyed_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each word of `text`, without building Token objects."""
    for match in word_pattern().finditer(text):
        start, end = match.span()
        for key in word_keys(match.group()):
            yield start, end, key


def tokenize(text: str) -> list[Token]:
    """Cut `text` into words with their original offsets and normalised, stemmed keys."""
    return [Token(text[start:end], start, end, key) for start, end, key in keyed_words(text)]
