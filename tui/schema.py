"""What each file of a content store holds, field by field, and the rules each field checks.

Every field is read by one small reader, named for it, that checks the field's rules and
returns its value, or None once it has recorded why not. A table per kind of mapping lists
its fields in the order they are written, so a new field is one reader, one line in its
table and one in the model. Which files a store has and the rules across them live in
`tui.store`; reading nodes with positions lives in `tui.yaml_nodes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from tui.keys import key_problem
from tui.model import (
    LANGUAGES,
    SLUG_RE,
    Department,
    Lang,
    Localized,
    Solution,
    Source,
    Speaker,
    Theme,
)
from tui.problems import Problem
from tui.yaml_nodes import Fields, NodeReader, read_yaml

DEPARTMENT_FILE = re.compile(r"^(\d{2,})-(.+)\.ya?ml$")
"""A department file's name: its place and its id, 01-finance.yaml."""

PUBLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
"""A year, a month or a day: 2025, 2025-09, 2025-09-30."""


class _Reader(NodeReader):
    """Reads one file of the store: its nodes, and what its rules need from other files."""

    def __init__(
        self,
        path: Path,
        problems: list[Problem],
        languages: tuple[Lang, ...],
        theme_ids: set[str] | None = None,
    ) -> None:
        super().__init__(path, problems, languages)
        self.theme_ids = theme_ids
        """The ids in themes.yaml (None when it could not be read: any theme goes)."""


_FieldReader = Callable[[_Reader, yaml.Node, str], Any]
"""Reads a field's node (named `what` in messages): its value, or None once it has said why."""


class _Field(NamedTuple):
    """One field of a mapping: its key, its reader, and whether it may be left out."""

    name: str
    read: _FieldReader
    optional: bool = False


class _Table:
    """The fields of one kind of mapping, in the order they are written."""

    def __init__(self, *fields: _Field) -> None:
        self.fields = fields
        self.required = tuple(field.name for field in fields if not field.optional)
        self.optional = tuple(field.name for field in fields if field.optional)

    def mapping(self, reader: _Reader, node: yaml.Node, what: str) -> Fields | None:
        """The mapping at `node`, its keys checked against the table: unknown, twice, missing."""
        return reader.mapping(node, what, self.required, self.optional)

    def values(self, reader: _Reader, found: Fields, prefix: str = "") -> dict[str, Any]:
        """Each field written in `found` through its reader, in table order; None for a field
        that is wrong or missing (the mapping said so), nothing for an optional one left out."""
        values: dict[str, Any] = {}
        for field in self.fields:
            node = found.get(field.name)
            if node is not None:
                values[field.name] = field.read(reader, node, prefix + field.name)
            elif not field.optional:
                values[field.name] = None
        return values

    def record(
        self, reader: _Reader, node: yaml.Node, what: str, prefix: str
    ) -> dict[str, Any] | None:
        """A nested mapping's values, read field by field; None when any is wrong or missing."""
        found = self.mapping(reader, node, what)
        values = None if found is None else self.values(reader, found, prefix)
        return values if _complete(values) else None


def _complete(values: dict[str, Any] | None) -> bool:
    """Whether every field read is right."""
    return values is not None and None not in values.values()


# store.yaml


def _read_languages(reader: _Reader, node: yaml.Node, what: str) -> tuple[Lang, ...] | None:
    """languages: ar and/or en, each once; every text read after it must hold each."""
    items = reader.sequence(node, what)
    if items is None:
        return None
    seen: list[Lang] = []
    for item in items:
        lang = reader.string(item, "languages item")
        if lang is None:
            continue
        if lang not in LANGUAGES:
            reader.error(item, f"unknown language {lang!r}; use {' or '.join(LANGUAGES)}")
        elif lang in seen:
            reader.error(item, f"language {lang!r} is listed twice")
        else:
            seen.append(lang)
    if not items:
        reader.error(node, "languages is empty; list ar and/or en")
    if not seen:
        return None
    reader.languages = tuple(seen)
    return reader.languages


def _read_default_language(reader: _Reader, node: yaml.Node, what: str) -> Lang | None:
    """default_language: the language the browser opens in, one of languages."""
    chosen = reader.string(node, what)
    if chosen is not None and chosen not in reader.languages:
        reader.error(
            node, f"{what} {chosen!r} is not one of languages ({', '.join(reader.languages)})"
        )
        return None
    return chosen


def _read_url(reader: _Reader, node: yaml.Node, what: str) -> str | None:
    """source.url: a web address, https:// or http://."""
    url = reader.string(node, what)
    if url is not None and not url.startswith(("https://", "http://")):
        reader.error(node, f"{what} must start with https:// or http://")
        return None
    return url


def _read_published(reader: _Reader, node: yaml.Node, what: str) -> str | None:
    """source.published: a year, month or day, as text."""
    published = reader.string(node, what)
    if published is not None and not PUBLISHED.fullmatch(published):
        reader.error(
            node,
            f"{what} {published!r} must look like 2025, 2025-09 or 2025-09-30 (quote it)",
        )
        return None
    return published


_SOURCE_FIELDS = _Table(
    _Field("outlet", NodeReader.string),
    _Field("url", _read_url),
    _Field("published", _read_published),
    _Field("note", NodeReader.localized),
)


def _read_source(reader: _Reader, node: yaml.Node, what: str) -> Source | None:
    """source: where the article comes from."""
    values = _SOURCE_FIELDS.record(reader, node, what, f"{what}.")
    return None if values is None else Source(**values)


_STORE_SETTINGS = _Table(
    _Field("languages", _read_languages),
    _Field("default_language", _read_default_language),
)
"""Read before the texts, whatever their place in the file: they say which languages every
text must hold."""

_STORE_TEXTS = _Table(
    _Field("title", NodeReader.localized),
    _Field("source", _read_source),
)

_STORE_KEYS = _Table(*_STORE_TEXTS.fields, *_STORE_SETTINGS.fields)
"""All of store.yaml's fields, for checking its keys."""


class StoreFile(NamedTuple):
    """What store.yaml holds; None where it is missing or wrong."""

    title: Localized | None = None
    source: Source | None = None
    languages: tuple[Lang, ...] | None = None
    default_language: Lang | None = None


def read_store_file(path: Path, problems: list[Problem]) -> StoreFile:
    """store.yaml: the settings first, then the texts in the languages they name."""
    node = read_yaml(path, problems)
    if node is None:
        return StoreFile()
    reader = _Reader(path, problems, LANGUAGES)
    found = _STORE_KEYS.mapping(reader, node, "store")
    if found is None:
        return StoreFile()
    settings = _STORE_SETTINGS.values(reader, found)
    return StoreFile(**settings, **_STORE_TEXTS.values(reader, found))


# themes.yaml

_THEME_FIELDS = _Table(
    _Field("id", NodeReader.string),
    _Field("label", NodeReader.localized),
)


def _read_theme(
    reader: _Reader, node: yaml.Node, what: str, seen: dict[str, yaml.Node]
) -> Theme | None:
    """One theme: a slug id that no theme before it has (`seen`), and its label."""
    found = _THEME_FIELDS.mapping(reader, node, what)
    if found is None:
        return None
    values = _THEME_FIELDS.values(reader, found, f"{what} ")
    theme_id, id_node = values["id"], found.get("id")
    if theme_id is not None and not SLUG_RE.match(theme_id):
        reader.error(id_node, f"theme id {theme_id!r} must be a slug like green-growth")
        return None
    if theme_id in seen:
        first = seen[theme_id].start_mark.line + 1
        reader.error(id_node, f"theme id {theme_id!r} already used on line {first}")
        return None
    if id_node is not None and theme_id is not None:
        seen[theme_id] = id_node
    return Theme(**values) if _complete(values) else None


def read_themes(
    path: Path, problems: list[Problem], languages: tuple[Lang, ...]
) -> list[Theme] | None:
    """themes.yaml: the taxonomy; None when it holds no list to check departments' tags by."""
    node = read_yaml(path, problems)
    if node is None:
        return None
    reader = _Reader(path, problems, languages)
    found = reader.mapping(node, "themes file", ("themes",))
    items = None if found is None else reader.sequence(found.get("themes"), "themes")
    if found is None or items is None:
        return None
    if not items:
        reader.error(found.get("themes"), "themes is empty; list at least one theme")
    seen: dict[str, yaml.Node] = {}
    read = [_read_theme(reader, item, f"theme {n}", seen) for n, item in enumerate(items, 1)]
    return [theme for theme in read if theme is not None]


# departments/NN-<id>.yaml


def _read_id(reader: _Reader, node: yaml.Node, what: str) -> str | None:
    """id: a slug, the one the file is named after."""
    dept_id = reader.string(node, what)
    if dept_id is not None and not SLUG_RE.match(dept_id):
        reader.error(node, f"{what} {dept_id!r} must be a slug like home-affairs")
        return None
    match = DEPARTMENT_FILE.match(reader.file.path.name)
    if dept_id is not None and match and match.group(2) != dept_id:
        reader.error(
            node,
            f"{what} {dept_id!r} does not match the file name; rename the file to "
            f"{match.group(1)}-{dept_id}.yaml or change the id",
        )
    return dept_id


def _read_key(reader: _Reader, node: yaml.Node, what: str) -> str | None:
    """key: the characters (one to four) that jump to the department, as text, starting with
    none of the app's command keys."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
        reader.error(node, f'{what} must be text; quote it: {what}: "{node.value}"')
        return None
    key = reader.string(node, what)
    if key is not None and (problem := key_problem(key)) is not None:
        reader.error(node, problem)
        return None
    return key


def _read_order(reader: _Reader, node: yaml.Node, what: str) -> int | None:
    """order: the department's place in the list, 1 or more."""
    order = reader.integer(node, what)
    if order is not None and order < 1:
        reader.error(node, f"{what} must be 1 or more, found {order}")
        return None
    return order


_SPEAKER_FIELDS = _Table(
    _Field("name", NodeReader.localized),
    _Field("role", NodeReader.localized),
)


def _read_speaker(reader: _Reader, node: yaml.Node, what: str) -> Speaker | None:
    """speaker: who proposed the solutions, and their post."""
    values = _SPEAKER_FIELDS.record(reader, node, what, f"{what}.")
    return None if values is None else Speaker(**values)


def _read_theme_ids(
    reader: _Reader, node: yaml.Node, what: str, item: str, twice: str
) -> tuple[str, ...] | None:
    """A list of theme ids from themes.yaml, each once; None when it is not a list. `item`
    names an entry in messages, `twice` how a repeated one is said."""
    solution = what.rpartition(" ")[0]  # "solution 3", which the messages name
    items = reader.sequence(node, what)
    if items is None:
        return None
    themes: list[str] = []
    for entry in items:
        theme = reader.string(entry, f"{solution} {item}")
        if theme is None:
            continue
        if reader.theme_ids is not None and theme not in reader.theme_ids:
            reader.error(
                entry, f"{solution}: unknown theme {theme!r}; use one of the ids in themes.yaml"
            )
        elif theme in themes:
            reader.error(entry, f"{solution}: theme {theme!r} is {twice}")
        else:
            themes.append(theme)
    return tuple(themes)


def _read_solution_themes(reader: _Reader, node: yaml.Node, what: str) -> tuple[str, ...] | None:
    """themes: the ids of the themes a solution touches (empty only beside suggested ones)."""
    return _read_theme_ids(reader, node, what, "theme", "listed twice")


def _read_suggested(reader: _Reader, node: yaml.Node, what: str) -> tuple[str, ...] | None:
    """suggested: themes an import guessed, for a person to confirm (`validate` lists them)."""
    return _read_theme_ids(reader, node, what, "suggested theme", "suggested twice")


_SOLUTION_FIELDS = _Table(
    _Field("text", NodeReader.localized),
    _Field("themes", _read_solution_themes),
    _Field("suggested", _read_suggested, optional=True),
    _Field("translation_note", NodeReader.localized, optional=True),
)


def _read_solution(reader: _Reader, node: yaml.Node, what: str) -> Solution | None:
    """One solution: its text, and the themes it touches, confirmed or suggested."""
    found = _SOLUTION_FIELDS.mapping(reader, node, what)
    values = None if found is None else _SOLUTION_FIELDS.values(reader, found, f"{what} ")
    if found is None or not _complete(values) or values is None:
        return None
    themes, suggested = values["themes"], values.get("suggested", ())
    confirmed = [item for item in _items(found.get("suggested")) if item.value in themes]
    for item in confirmed:
        reader.error(item, f"{what}: theme {item.value!r} is confirmed; delete it from suggested")
    written = _items(found.get("themes")) or _items(found.get("suggested"))
    if not written:  # an empty list: wrong entries have said so already
        reader.error(found.get("themes"), f"{what}: themes is empty; tag at least one theme")
    if confirmed or not (themes or suggested):
        return None
    note = values.get("translation_note", Localized())
    return Solution(values["text"], (*themes, *suggested), suggested, note)


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    """The entries of a sequence node (none for anything else)."""
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _read_solutions(reader: _Reader, node: yaml.Node, what: str) -> tuple[Solution, ...] | None:
    """solutions: at least one, every one right."""
    items = reader.sequence(node, what)
    if items is None:
        return None
    if not items:
        reader.error(node, f"{what} is empty; a department needs at least one")
        return None
    read = [_read_solution(reader, item, f"solution {n}") for n, item in enumerate(items, 1)]
    solutions = tuple(solution for solution in read if solution is not None)
    return solutions if len(solutions) == len(read) else None


_DEPARTMENT_FIELDS = _Table(
    _Field("id", _read_id),
    _Field("key", _read_key, optional=True),
    _Field("order", _read_order),
    _Field("name", NodeReader.localized),
    _Field("speaker", _read_speaker),
    _Field("headline", NodeReader.localized),
    _Field("intro", NodeReader.localized, optional=True),
    _Field("translation_note", NodeReader.localized, optional=True),
    _Field("solutions", _read_solutions),
)


@dataclass
class DepartmentDraft:
    """A department read from its file, with where its fields are, for cross-file checks."""

    department: Department
    path: Path
    places: dict[str, tuple[int, int]]
    """The line and column of each one-value field (id, key, order): not the file's nodes,
    which a thousand drafts would keep alive for the collector to walk, and which a worker
    process reading the file (`tui.store_workers`) would have to send back."""

    def place(self, name: str) -> tuple[int, int]:
        """The line and column the one-value field `name` is written at."""
        return self.places[name]

    def line(self, name: str) -> int:
        """The line the one-value field `name` is written on."""
        return self.place(name)[0]

    def problem(self, name: str, message: str) -> Problem:
        """A problem at the one-value field `name`."""
        line, column = self.place(name)
        return Problem(self.path, line, column, message)


def read_department(
    path: Path,
    problems: list[Problem],
    languages: tuple[Lang, ...],
    theme_ids: set[str] | None,
) -> DepartmentDraft | None:
    """One department file, field by field; None when it is not a whole department (or
    its file is misnamed, and so not read)."""
    if not DEPARTMENT_FILE.match(path.name):
        message = "a department file must be named NN-<id>.yaml, e.g. 01-finance.yaml"
        problems.append(Problem(path, 1, 1, message))
        return None
    node = read_yaml(path, problems)
    if node is None:
        return None
    reader = _Reader(path, problems, languages, theme_ids)
    found = _DEPARTMENT_FIELDS.mapping(reader, node, "department")
    if found is None:
        return None
    values = _DEPARTMENT_FIELDS.values(reader, found)
    if not _complete(values):
        return None
    places = {
        name: (value.start_mark.line + 1, value.start_mark.column + 1)
        for name, (_, value) in found.entries.items()
        if isinstance(value, yaml.ScalarNode)
    }
    return DepartmentDraft(Department(**values), path, places)
