"""An article, read and cut, as the data of a store's files, with what a person must do.

Every Arabic string is the article's own text; every English one is left empty ("not
translated"). What the article does not say (a speaker, a role, the source's date) is left
empty too and named in `Plan.problems` with the article's line, so that `validate` and the
person agree on what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from tui.importer.article import Article, Section, speaker_parts
from tui.importer.coverage import uncovered
from tui.importer.naming import department_name, jump_keys, unique_ids
from tui.importer.split import Cut, cut_section
from tui.importer.themes import ThemeMatcher
from tui.model import Theme

NOTE = {
    "ar": "النص العربي كما ورد في المقال المنشور في {outlet}.",
    "en": "The Arabic text as published in {outlet}.",
}
"""The source's note when none is given: what the store's text is."""

_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-/]?(0[1-9]|1[0-2])(?:[-/]?([0-3]\d))?(?!\d)")


class ImportOptions(NamedTuple):
    """What the command line adds to the article."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class Notice(NamedTuple):
    """Something placed nowhere, or left for a person: where in the article, and what."""

    line: int | None
    message: str


class Flow(list[str]):
    """A list written on one line in YAML ([planning, tourism])."""


def text(ar: str) -> dict[str, str]:
    """A localized string of the article: the Arabic, and English not yet translated."""
    return {"ar": ar, "en": ""}


@dataclass
class Department:
    """One department file to write: its name, data and the section it came from."""

    file_name: str
    data: dict[str, Any]
    section: Section
    cut: Cut


@dataclass
class Plan:
    """Everything an import writes, and what it has to say."""

    store: dict[str, Any]
    themes: dict[str, Any]
    departments: list[Department]
    problems: list[Notice] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)


def published_from(url: str) -> str | None:
    """The date a URL's path carries (/202509/, /2025/09/30/), as 2025-09 or 2025-09-30."""
    found = _URL_DATE.search(urlsplit(url).path)
    if found is None:
        return None
    year, month, day = found.groups()
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


def _source(article: Article, options: ImportOptions, plan: Plan) -> dict[str, Any]:
    """store.yaml's source: the article's URL, its host as the outlet, the URL's date."""
    url = article.url or ""
    if article.source is None:
        plan.problems.append(
            Notice(None, "no source line (المصدر: https://...) at the end: source.url is empty")
        )
    elif not url:
        plan.problems.append(
            Notice(article.source.number, "the source line holds no https:// address")
        )
    outlet = options.outlet or urlsplit(url).hostname or ""
    if not outlet:
        plan.problems.append(Notice(None, "no outlet: pass --outlet NAME or fill in source.outlet"))
    published = options.published or (published_from(url) if url else None) or ""
    if not published:
        plan.problems.append(
            Notice(
                article.source.number if article.source else None,
                "no date in the source's address: pass --published 2025-09 or fill in "
                "source.published",
            )
        )
    note = {lang: template.format(outlet=outlet) for lang, template in NOTE.items()}
    return {"outlet": outlet, "url": url, "published": published, "note": note}


def _store(article: Article, options: ImportOptions, plan: Plan) -> dict[str, Any]:
    """store.yaml's data."""
    title = options.title
    if title is None:
        first = article.sections[0].headline
        title = first.text if first else ""
        plan.notes.append(
            Notice(None, "the store's title is the first headline: pass --title or edit store.yaml")
        )
    return {
        "title": text(title),
        "source": _source(article, options, plan),
        "languages": Flow(["ar", "en"]),
        "default_language": "ar",
    }


def _speaker(section: Section, where: str, plan: Plan) -> tuple[str, str]:
    """The section's speaker name and role, with a problem for each one missing."""
    if section.speaker is None:
        plan.problems.append(
            Notice(
                section.first_line,
                f"a section without a speaker line: speaker.name and speaker.role are empty in "
                f"{where}; fill them in",
            )
        )
        return "", ""
    name, role = speaker_parts(section.speaker.text)
    if not role:
        plan.problems.append(
            Notice(
                section.speaker.number,
                f'the speaker line has no "، " between name and role: speaker.role is empty in '
                f"{where}; fill it in",
            )
        )
    return name, role


def _themes_of(
    pieces: Sequence[str], fallbacks: Sequence[str], matcher: ThemeMatcher
) -> list[list[str]]:
    """Suggested themes for each piece: its own, else the first fallback text's that has any
    (the headline, the intro), else those most of the section's pieces have."""
    found = [matcher.match(piece) for piece in pieces]
    inherited = next((m for m in (matcher.match(f) for f in fallbacks) if m), None)
    if inherited is None:
        counts: dict[str, int] = {}
        for themes in found:
            for theme in themes:
                counts[theme] = counts.get(theme, 0) + 1
        top = max(counts.values(), default=0)
        inherited = [t.id for t in matcher.themes if top and counts.get(t.id) == top]
    return [themes or list(inherited) for themes in found]


def _solutions(section: Section, cut: Cut, where: str, matcher: ThemeMatcher, plan: Plan) -> Any:
    """The solutions of a department file, each with suggested themes."""
    headline = section.headline.text if section.headline else ""
    fallbacks = [headline, cut.intro.text if cut.intro else ""]
    pieces = [piece.text for piece in cut.solutions]
    solutions = []
    for n, (piece, themes) in enumerate(
        zip(cut.solutions, _themes_of(pieces, fallbacks, matcher), strict=True), 1
    ):
        if not themes:
            plan.problems.append(
                Notice(piece.first_line, f"no theme fits solution {n} of {where}: add one")
            )
        solutions.append({"text": text(piece.text), "themes": Flow(), "suggested": Flow(themes)})
    if not solutions:
        plan.problems.append(
            Notice(section.first_line, f"the section has no paragraphs: {where} has no solution")
        )
    return solutions


def _department(
    section: Section, order: int, ids: tuple[str, str | None], matcher: ThemeMatcher, plan: Plan
) -> Department:
    """One department file's data from its section."""
    dept_id, key = ids
    file_name = f"{order:02d}-{dept_id}.yaml"
    where = f"departments/{file_name}"
    name, role = _speaker(section, where, plan)
    headline = section.headline.text if section.headline else ""
    if section.headline is None:
        plan.problems.append(
            Notice(section.first_line, f"no headline line before the speaker: {where} has none")
        )
    cut = cut_section(section)
    data: dict[str, Any] = {"id": dept_id, **({"key": key} if key else {}), "order": order}
    data |= {
        "name": text(department_name(role, headline) or f"{order}"),
        "speaker": {"name": text(name), "role": text(role)},
        "headline": text(headline),
    }
    if cut.intro is not None:
        data["intro"] = text(cut.intro.text)
    data["solutions"] = _solutions(section, cut, where, matcher, plan)
    _check_coverage(section, cut, where, plan)
    return Department(file_name, data, section, cut)


def _check_coverage(section: Section, cut: Cut, where: str, plan: Plan) -> None:
    """Every word of the section is in its intro and solutions (the content tests' rules)."""
    pieces = ([cut.intro.text] if cut.intro else []) + [piece.text for piece in cut.solutions]
    article = " ".join(line.text for line in section.paragraphs)
    problem = uncovered(article, pieces) if pieces else None
    if problem is not None:
        plan.problems.append(Notice(section.first_line, f"{where} loses text: {problem}"))


def build(article: Article, taxonomy: Sequence[Theme], options: ImportOptions) -> Plan:
    """The files an import writes for `article`, themes suggested from `taxonomy`."""
    plan = Plan(store={}, themes={}, departments=[])
    plan.store = _store(article, options, plan)
    plan.themes = {
        "themes": [
            {"id": theme.id, "label": {"ar": theme.label.ar, "en": theme.label.en}}
            for theme in taxonomy
        ]
    }
    matcher = ThemeMatcher(taxonomy)
    names = []
    for section in article.sections:
        role = speaker_parts(section.speaker.text)[1] if section.speaker else ""
        names.append(department_name(role, section.headline.text if section.headline else ""))
    keys = jump_keys()
    for order, (section, dept_id) in enumerate(
        zip(article.sections, unique_ids(names), strict=True), 1
    ):
        key = next(keys, None)  # past the typeable ones, a department goes without
        plan.departments.append(_department(section, order, (dept_id, key), matcher, plan))
    for line in article.leftovers:
        plan.problems.append(Notice(line.number, f"not placed: {line.text[:60]!r}"))
    for line in article.furniture:
        plan.notes.append(Notice(line.number, f"page furniture, dropped: {line.text!r}"))
    return plan
