"""A new department's name, id and jump key, made from its speaker line.

The name is the organisation in the speaker's post ("مدير إدارة المالية" → "إدارة المالية"),
the id its Latin transliteration by ICU ("adart-almalyt"), the key the next free one of
1…9, 0, a…z, A…Z that the store accepts. All three are for a person to improve.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from tui.keys import key_problem
from tui.model import SLUG_RE

ORGANISATIONS = (
    "إدارة", "وزارة", "بلدية", "لجنة", "مجلس", "هيئة", "مديرية", "دائرة", "مكتب", "مركز",
    "جامعة", "مقاطعة", "محافظة", "قطاع", "اتحاد", "جمعية", "صندوق", "مؤسسة", "شركة",
)  # fmt: skip
"""Words that open the name of an organisation in a speaker's post."""

ID_WORDS = 4
ID_LENGTH = 40


def department_name(role: str, headline: str) -> str:
    """The organisation a post names (its last part, from the first organisation word on),
    the whole last part when none is named, the headline when there is no post."""
    if not role:
        return headline
    last = role.split("، ")[-1].strip()
    words = last.split()
    start = next((i for i, word in enumerate(words) if word in ORGANISATIONS), 0)
    return " ".join(words[start:]) or last


@cache
def _transliterator() -> Any:
    import icu  # type: ignore[import-untyped]

    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")


def slug(text: str) -> str:
    """A Latin slug of `text` (its first words, transliterated), or "" when none can be made."""
    latin = str(_transliterator().transliterate(text))
    words = re.sub(r"[^a-z0-9\s]", "", latin).split()[:ID_WORDS]
    result = "-".join(words)[:ID_LENGTH].strip("-")
    return result if SLUG_RE.match(result) and len(result) >= 3 else ""


def unique_ids(names: list[str]) -> list[str]:
    """An id for each name: its slug (section-N when it has none), unique among them."""
    ids: list[str] = []
    for n, name in enumerate(names, 1):
        base = slug(name) or f"section-{n}"
        candidate, count = base, 1
        while candidate in ids:
            count += 1
            candidate = f"{base}-{count}"
        ids.append(candidate)
    return ids


def jump_keys() -> Iterator[str]:
    """Keys the store accepts for departments, in the order they are handed out."""
    candidates = "1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return (key for key in candidates if key_problem(key) is None)
