"""The typed model of a content store: what every other module reads, never YAML itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Lang = Literal["ar", "en"]
LANGUAGES: tuple[Lang, ...] = ("ar", "en")

SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
"""What a department's or a theme's id looks like: home-affairs, green-growth."""


# The small value records are NamedTuples, the two that carry behaviour of their own
# (Department, subclassed by the store cache; Store, which keeps an index) frozen dataclasses.
# A frozen slotted dataclass takes far longer to define than a NamedTuple, and every class
# here is defined before the browser's first frame (figures: docs/performance.md).


class _Record:
    """Pickled as a call to its constructor with its fields (the store cache loads faster
    this way than through dataclass state restores; figures: docs/performance.md).
    NamedTuples pickle that way by themselves."""

    __slots__ = ()
    __match_args__: tuple[str, ...]

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


class Localized(NamedTuple):
    """One string in Arabic and English; a missing language falls back to the other."""

    ar: str = ""
    en: str = ""

    def get(self, lang: Lang) -> str:
        """The text in `lang`, or in the other language when `lang` has none."""
        primary, other = (self.ar, self.en) if lang == "ar" else (self.en, self.ar)
        return primary or other

    def has(self, lang: Lang) -> bool:
        """Whether the string exists in `lang` itself (not by fallback)."""
        return bool(self.ar if lang == "ar" else self.en)

    def __bool__(self) -> bool:
        return bool(self.ar or self.en)


class Theme(NamedTuple):
    """One entry of the theme taxonomy."""

    id: str
    label: Localized


class Speaker(NamedTuple):
    """Who proposed a department's solutions, and their post."""

    name: Localized
    role: Localized


class Solution(NamedTuple):
    """One distinct proposal, tagged with the themes it touches."""

    text: Localized
    themes: tuple[str, ...]
    suggested: tuple[str, ...] = ()
    """Those of `themes` an import suggested and no person has confirmed yet (filters,
    counts and exports treat them as themes; the detail pane and `validate` tell them)."""
    translation_note: Localized = Localized()
    """What is wrong or doubtful in this solution's translation (empty: nothing known)."""


@dataclass(frozen=True, slots=True)
class Department(_Record):
    """One section of the article: a department or commune and its proposals."""

    id: str
    order: int
    name: Localized
    speaker: Speaker
    headline: Localized
    solutions: tuple[Solution, ...]
    key: str | None = None
    """The keys typed to jump to the department, or None: a department without one is reached
    by the list, search, the palette and `:` (None, not "", so that no code can show, match
    or index an empty key by mistake: the type checker asks each use what to do)."""
    intro: Localized = field(default_factory=Localized)
    translation_note: Localized = field(default_factory=Localized)
    """What is wrong or doubtful in the translation of the department's own texts (its name,
    the speaker's post): the parallel view shows it beside them."""

    def keyed(self, text: str, sep: str = " ") -> str:
        """`text` after the department's key, where it has one (lists, the palette)."""
        return text if self.key is None else f"{self.key}{sep}{text}"

    @property
    def solution_count(self) -> int:
        """How many solutions the department has (known without decoding them, from a cache)."""
        return len(self.solutions)

    @property
    def solution_themes(self) -> tuple[tuple[str, ...], ...]:
        """Each solution's themes, in order (known without decoding them, from a cache)."""
        return tuple(solution.themes for solution in self.solutions)

    def text_of(self, field: str, solution: int | None = None) -> Localized:
        """The string a search hit points at: a field's name, or solution `solution`."""
        if solution is not None:
            return self.solutions[solution].text
        fields = {
            "name": self.name,
            "headline": self.headline,
            "speaker": self.speaker.name,
            "role": self.speaker.role,
            "intro": self.intro,
        }
        return fields.get(field, Localized())

    def theme_counts(self) -> dict[str, int]:
        """How many of this department's solutions touch each theme."""
        counts: dict[str, int] = {}
        for themes in self.solution_themes:
            for theme in themes:
                counts[theme] = counts.get(theme, 0) + 1
        return counts

    def matching(self, themes: frozenset[str]) -> tuple[int, ...]:
        """Indexes of the solutions that touch any of `themes` (all when `themes` is empty)."""
        if not themes:
            return tuple(range(self.solution_count))
        return tuple(i for i, tags in enumerate(self.solution_themes) if themes.intersection(tags))


class Source(NamedTuple):
    """Where the article comes from."""

    outlet: str
    url: str
    published: str
    note: Localized


def _words(name: str) -> list[str]:
    return [word.strip(",.;:()") for word in name.casefold().split()]


def _same_words(name: Localized, wanted: list[str]) -> bool:
    return wanted in (_words(name.ar), _words(name.en))


def _has_words(name: Localized, wanted: list[str]) -> bool:
    """`wanted` appears in the name as consecutive whole words."""
    for words in (_words(name.ar), _words(name.en)):
        for start in range(len(words) - len(wanted) + 1):
            if words[start : start + len(wanted)] == wanted:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Store(_Record):
    """A whole validated content store: title, source, themes and departments in order."""

    title: Localized
    source: Source
    languages: tuple[Lang, ...]
    default_language: Lang
    themes: tuple[Theme, ...]
    departments: tuple[Department, ...]
    _by_ref: dict[str, Department] = field(init=False, repr=False, compare=False)
    _continues: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_ref = {d.key: d for d in self.departments if d.key is not None}
        by_ref.update({d.id: d for d in self.departments})
        object.__setattr__(self, "_by_ref", by_ref)
        continues: dict[str, set[str]] = {}
        for key in self.keys():
            for end in range(1, len(key)):
                continues.setdefault(key[:end], set()).add(key[end])
        object.__setattr__(self, "_continues", {k: frozenset(v) for k, v in continues.items()})

    def key_continues(self, typed: str) -> frozenset[str]:
        """The characters that may come next when `typed` is the start of a longer key (none
        when it is not: a whole key, or no key's start)."""
        return self._continues.get(typed, frozenset())

    def keys(self) -> list[str]:
        """The departments' jump keys (a department without one has none here)."""
        return [d.key for d in self.departments if d.key is not None]

    def theme(self, theme_id: str) -> Theme | None:
        """The theme with this id, if any."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def department(self, ref: str) -> Department | None:
        """The department whose id or key is `ref`, if any (ids win over keys)."""
        return self._by_ref.get(ref)

    def find(self, ref: str) -> Department | None:
        """The department a person means by `ref`: its id or key, else its place in the
        store (`10`: the tenth, whose key may be `0`), else its name in either language, in
        any case, whole or by whole words (`finance`), when only one department fits."""
        found = self._by_ref.get(ref)
        if found is not None:
            return found
        text = ref.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.departments):
            return self.departments[int(text) - 1]
        wanted = text.casefold().split()
        if not wanted:
            return None
        for fits in (_same_words, _has_words):
            named = [d for d in self.departments if fits(d.name, wanted)]
            if named:
                return named[0] if len(named) == 1 else None
        return None

    @property
    def solution_count(self) -> int:
        """All solutions across all departments."""
        return sum(d.solution_count for d in self.departments)
