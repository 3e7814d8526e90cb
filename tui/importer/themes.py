"""Suggest themes for a solution from the words of the theme labels, through the search's
Arabic analyzer (normalised and lightly stemmed: السياحة matches للسياحة and السياحية).

A label names one subject ("السياحة") or several joined by "و" or "and" ("الصناعة
والطاقة", "Industry and energy"). A theme is suggested when the text holds every word of
one of its subjects: الصناعة alone suggests industry-energy, while "البنية التحتية" needs
both words. Suggestions are for a person to confirm (`suggested:` in the YAML).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.model import Theme
from tui.search.analysis import normalize, tokenize

_SUBJECTS = re.compile(r"\s*(?:[،,]|\band\b)\s*|\s+(?=وال)", re.IGNORECASE)
"""Where a label's subjects meet: a comma, "and", or a word that opens with و + ال."""


SHORT_KEY = 3
"""A key shorter than this (هو from الهوية, صح from الصحة) counts only from a word that had
an affix stemmed off: the bare word هو is the pronoun, not identity."""


def _keys(text: str) -> frozenset[str]:
    """The search keys of `text`'s words."""
    return frozenset(
        token.key
        for token in tokenize(text)
        if len(token.key) >= SHORT_KEY or normalize(token.text) != token.key
    )


def subjects(label: str) -> list[frozenset[str]]:
    """The label's subjects, each as the search keys of its words."""
    parts = [_keys(part) for part in _SUBJECTS.split(label) if part.strip()]
    return [part for part in parts if part]


class ThemeMatcher:
    """Which themes of a taxonomy a text touches, by their labels' words."""

    def __init__(self, themes: Sequence[Theme]) -> None:
        self.themes = tuple(themes)
        self._subjects = {
            theme.id: subjects(theme.label.ar) + subjects(theme.label.en) for theme in themes
        }

    def match(self, text: str) -> list[str]:
        """The ids of the themes `text` touches, in the taxonomy's order."""
        keys = _keys(text)
        return [
            theme.id
            for theme in self.themes
            if any(subject <= keys for subject in self._subjects[theme.id])
        ]
