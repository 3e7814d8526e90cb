"""Load a content store from YAML into the typed model, collecting every problem with its place.

The schema lives here (which files, which fields, which cross-file rules: unique ids, keys
and orders, known themes, reserved keys); reading nodes with positions lives in
`tui.yaml_nodes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    Store,
    Theme,
)
from tui.paths import default_content_dir
from tui.problems import Problem, StoreError
from tui.yaml_nodes import MAX_NODES, NodeReader, SourceFile, read_yaml

__all__ = ["MAX_NODES", "Problem", "StoreError", "default_content_dir", "load_store", "summary"]

MAX_DEPARTMENTS = 5_000
"""More department files than this is not a store but a mistake."""

DEPARTMENT_FILE = re.compile(r"^(\d{2,})-(.+)\.ya?ml$")


def _read_store_file(
    path: Path, problems: list[Problem]
) -> tuple[Localized | None, Source | None, tuple[Lang, ...], Lang]:
    node = read_yaml(path, problems)
    languages: tuple[Lang, ...] = LANGUAGES
    default: Lang = "ar"
    if node is None:
        return None, None, languages, default
    reader = NodeReader(path, problems, languages)
    fields = reader.mapping(node, "store", ("title", "source", "languages", "default_language"), ())
    if fields is None:
        return None, None, languages, default
    items = reader.sequence(fields.get("languages"), "languages")
    if items is not None:
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
            reader.error(fields.get("languages"), "languages is empty; list ar and/or en")
        if seen:
            languages = tuple(seen)
            reader.languages = languages
    default_node = fields.get("default_language")
    chosen = reader.string(default_node, "default_language")
    if chosen is not None:
        if chosen in languages:
            default = chosen
        else:
            reader.error(
                default_node,
                f"default_language {chosen!r} is not one of languages ({', '.join(languages)})",
            )
    title = reader.localized(fields.get("title"), "title")
    source = None
    source_node = fields.get("source")
    if source_node is not None:
        sf = reader.mapping(source_node, "source", ("outlet", "url", "published", "note"))
        if sf is not None:
            outlet = reader.string(sf.get("outlet"), "source.outlet")
            url = reader.string(sf.get("url"), "source.url")
            published = reader.string(sf.get("published"), "source.published")
            note = reader.localized(sf.get("note"), "source.note")
            if url is not None and not url.startswith(("https://", "http://")):
                reader.error(sf.get("url"), "source.url must start with https:// or http://")
                url = None
            if published is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
                reader.error(
                    sf.get("published"),
                    f"source.published {published!r} must look like 2025, 2025-09 or "
                    "2025-09-30 (quote it)",
                )
                published = None
            if None not in (outlet, url, published, note):
                source = Source(outlet or "", url or "", published or "", note or Localized())
    return title, source, languages, default


def _read_themes(
    path: Path, problems: list[Problem], languages: tuple[Lang, ...]
) -> list[Theme] | None:
    node = read_yaml(path, problems)
    if node is None:
        return None
    reader = NodeReader(path, problems, languages)
    fields = reader.mapping(node, "themes file", ("themes",))
    if fields is None:
        return None
    items = reader.sequence(fields.get("themes"), "themes")
    if items is None:
        return None
    if not items:
        reader.error(fields.get("themes"), "themes is empty; list at least one theme")
    themes: list[Theme] = []
    seen: dict[str, yaml.Node] = {}
    for index, item in enumerate(items, 1):
        tf = reader.mapping(item, f"theme {index}", ("id", "label"))
        if tf is None:
            continue
        theme_id = reader.string(tf.get("id"), f"theme {index} id")
        label = reader.localized(tf.get("label"), f"theme {index} label")
        if theme_id is not None and not SLUG_RE.match(theme_id):
            reader.error(tf.get("id"), f"theme id {theme_id!r} must be a slug like green-growth")
            continue
        if theme_id is not None and theme_id in seen:
            first = seen[theme_id].start_mark.line + 1
            reader.error(tf.get("id"), f"theme id {theme_id!r} already used on line {first}")
            continue
        if theme_id is not None:
            seen[theme_id] = tf.get("id")  # type: ignore[assignment]
        if theme_id is not None and label is not None:
            themes.append(Theme(theme_id, label))
    return themes


def _read_suggested(
    reader: NodeReader,
    node: yaml.Node | None,
    what: str,
    theme_ids: set[str] | None,
    confirmed: list[str],
) -> tuple[str, ...] | None:
    """A solution's `suggested` themes (an import's guesses, for a person to confirm):
    known ids, each once, none also confirmed; None when the field is not a list."""
    if node is None:
        return ()
    items = reader.sequence(node, f"{what} suggested")
    if items is None:
        return None
    suggested: list[str] = []
    for item in items:
        theme = reader.string(item, f"{what} suggested theme")
        if theme is None:
            continue
        if theme_ids is not None and theme not in theme_ids:
            reader.error(
                item, f"{what}: unknown theme {theme!r}; use one of the ids in themes.yaml"
            )
        elif theme in confirmed:
            reader.error(item, f"{what}: theme {theme!r} is confirmed; delete it from suggested")
        elif theme in suggested:
            reader.error(item, f"{what}: theme {theme!r} is suggested twice")
        else:
            suggested.append(theme)
    return tuple(suggested)


@dataclass
class _DeptDraft:
    """A department read from its file, with the nodes needed for cross-file checks."""

    department: Department
    path: Path
    id_node: yaml.Node
    key_node: yaml.Node
    order_node: yaml.Node


def _read_department(
    path: Path,
    problems: list[Problem],
    languages: tuple[Lang, ...],
    theme_ids: set[str] | None,
) -> _DeptDraft | None:
    node = read_yaml(path, problems)
    if node is None:
        return None
    reader = NodeReader(path, problems, languages)
    fields = reader.mapping(
        node,
        "department",
        ("id", "key", "order", "name", "speaker", "headline", "solutions"),
        ("intro",),
    )
    if fields is None:
        return None
    dept_id = reader.string(fields.get("id"), "id")
    if dept_id is not None and not SLUG_RE.match(dept_id):
        reader.error(fields.get("id"), f"id {dept_id!r} must be a slug like home-affairs")
        dept_id = None
    if dept_id is not None:
        match = DEPARTMENT_FILE.match(path.name)
        if match and match.group(2) != dept_id:
            reader.error(
                fields.get("id"),
                f"id {dept_id!r} does not match the file name; rename the file to "
                f"{match.group(1)}-{dept_id}.yaml or change the id",
            )
    key = reader.string(fields.get("key"), "key")
    key_node = fields.get("key")
    if key is None and isinstance(key_node, yaml.ScalarNode) and key_node.tag.endswith(":int"):
        problems.pop()
        reader.error(key_node, f'key must be text; quote it: key: "{key_node.value}"')
    if key is not None and (problem := key_problem(key)) is not None:
        reader.error(key_node, problem)
        key = None
    order = reader.integer(fields.get("order"), "order")
    if order is not None and order < 1:
        reader.error(fields.get("order"), f"order must be 1 or more, found {order}")
        order = None
    name = reader.localized(fields.get("name"), "name")
    headline = reader.localized(fields.get("headline"), "headline")
    intro_node = fields.get("intro")
    intro = reader.localized(intro_node, "intro") if intro_node is not None else Localized()
    speaker = None
    speaker_node = fields.get("speaker")
    if speaker_node is not None:
        sf = reader.mapping(speaker_node, "speaker", ("name", "role"))
        if sf is not None:
            sname = reader.localized(sf.get("name"), "speaker.name")
            role = reader.localized(sf.get("role"), "speaker.role")
            if sname is not None and role is not None:
                speaker = Speaker(sname, role)
    solutions: list[Solution] = []
    items = reader.sequence(fields.get("solutions"), "solutions")
    solutions_ok = items is not None
    if items is not None and not items:
        reader.error(fields.get("solutions"), "solutions is empty; a department needs at least one")
        solutions_ok = False
    for index, item in enumerate(items or [], 1):
        what = f"solution {index}"
        sf = reader.mapping(item, what, ("text", "themes"), ("suggested",))
        if sf is None:
            solutions_ok = False
            continue
        text = reader.localized(sf.get("text"), f"{what} text")
        theme_items = reader.sequence(sf.get("themes"), f"{what} themes")
        themes: list[str] = []
        for theme_node in theme_items or []:
            theme = reader.string(theme_node, f"{what} theme")
            if theme is None:
                continue
            if theme_ids is not None and theme not in theme_ids:
                reader.error(
                    theme_node,
                    f"{what}: unknown theme {theme!r}; use one of the ids in themes.yaml",
                )
                continue
            if theme in themes:
                reader.error(theme_node, f"{what}: theme {theme!r} is listed twice")
                continue
            themes.append(theme)
        suggested = _read_suggested(reader, sf.get("suggested"), what, theme_ids, themes)
        if theme_items is not None and not theme_items and not suggested:
            reader.error(sf.get("themes"), f"{what}: themes is empty; tag at least one theme")
        if text is None or suggested is None or not (themes or suggested):
            solutions_ok = False
            continue
        solutions.append(Solution(text, (*themes, *suggested), suggested))
    values = (dept_id, key, order, name, headline, intro, speaker)
    if any(v is None for v in values) or not solutions_ok:
        return None
    department = Department(
        id=dept_id or "",
        key=key or "",
        order=order or 0,
        name=name or Localized(),
        speaker=speaker or Speaker(Localized(), Localized()),
        headline=headline or Localized(),
        solutions=tuple(solutions),
        intro=intro or Localized(),
    )
    return _DeptDraft(
        department,
        path,
        fields.get("id"),  # type: ignore[arg-type]
        key_node,  # type: ignore[arg-type]
        fields.get("order"),  # type: ignore[arg-type]
    )


def _check_unique(
    drafts: list[_DeptDraft], problems: list[Problem], label: str, value: Any, node_attr: str
) -> None:
    first: dict[Any, _DeptDraft] = {}
    for draft in drafts:
        v = value(draft.department)
        if v in first:
            other = first[v]
            line = getattr(other, node_attr).start_mark.line + 1
            SourceFile(draft.path, problems).error(
                getattr(draft, node_attr),
                f"{label} {v!r} is already used by {other.path.name}:{line}; "
                f"each department needs its own {label}",
            )
        else:
            first[v] = draft


_QUOTES_NOTHING = re.compile(
    r"not a regular file|cannot read the file|the file is (?:empty|[\d,]+ bytes)"
)
"""Problems said before a file's text is read: they quote nothing of it."""


def _unquoted_outside(problem: Problem, root: Path) -> Problem:
    """A problem in a file that a link in the store points at outside the content folder
    keeps its place but quotes nothing of the file (a link to a secret file must not print
    its first line)."""
    if _QUOTES_NOTHING.match(problem.message):
        return problem
    try:
        inside = problem.path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    if inside:
        return problem
    return Problem(
        problem.path,
        problem.line,
        problem.column,
        "this file links outside the content folder, so what it holds is not quoted; "
        "the line and column show where the problem is: put a valid file in the store",
    )


def _editor_leftover(name: str) -> bool:
    """Files an editor keeps beside the one being edited (Emacs's lock .#01-x.yaml and
    #01-x.yaml#, backups 01-x.yaml~, Vim's swap files): not departments."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))


def _check_keys_are_not_ids(drafts: list[_DeptDraft], problems: list[Problem]) -> None:
    """A key that is another department's id would never be reached (`show a` finds the
    department whose id is a)."""
    owners = {draft.department.id: draft for draft in drafts}
    for draft in drafts:
        other = owners.get(draft.department.key)
        if other is not None and other is not draft:
            SourceFile(draft.path, problems).error(
                draft.key_node,
                f"key {draft.department.key!r} is the id of {other.path.name}; a key "
                "must not be another department's id: choose another key",
            )


def load_store(directory: Path | str | None = None) -> Store:
    """Load and validate the store in `directory` (the bundled one by default).

    Raises StoreError listing every problem found, in file order.
    """
    root = Path(directory) if directory is not None else default_content_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise StoreError(
            [
                Problem(
                    root,
                    1,
                    1,
                    f"the content folder {what}; pass --content with a folder that holds "
                    "store.yaml, themes.yaml and departments/",
                )
            ]
        )
    store_path = root / "store.yaml"
    themes_path = root / "themes.yaml"
    dept_dir = root / "departments"
    missing = [p for p in (store_path, themes_path, dept_dir) if not p.exists()]
    if len(missing) == 3:
        raise StoreError(
            [
                Problem(
                    root,
                    1,
                    1,
                    "the content folder is empty or not a store: it needs store.yaml, "
                    "themes.yaml and departments/NN-<id>.yaml",
                )
            ]
        )
    for path in missing:
        kind = "folder" if path == dept_dir else "file"
        problems.append(Problem(path, 1, 1, f"the {kind} is missing; create it"))
    if dept_dir.exists() and not dept_dir.is_dir():
        problems.append(
            Problem(dept_dir, 1, 1, "departments must be a folder of NN-<id>.yaml files")
        )

    title, source, languages, default = (None, None, LANGUAGES, "ar")
    if store_path.exists():
        title, source, languages, default = _read_store_file(store_path, problems)
    themes: list[Theme] | None = None
    if themes_path.exists():
        themes = _read_themes(themes_path, problems, languages)
    theme_ids = {t.id for t in themes} if themes is not None else None

    drafts: list[_DeptDraft] = []
    if dept_dir.is_dir():
        files = sorted(
            p
            for p in dept_dir.iterdir()
            if p.suffix in (".yaml", ".yml") and not _editor_leftover(p.name)
        )
        if not files:
            problems.append(
                Problem(dept_dir, 1, 1, "no department files; add departments/01-<id>.yaml")
            )
        if len(files) > MAX_DEPARTMENTS:
            problems.append(
                Problem(
                    dept_dir, 1, 1, f"{len(files):,} files is over the {MAX_DEPARTMENTS:,} limit"
                )
            )
            files = []
        for path in files:
            if not DEPARTMENT_FILE.match(path.name):
                problems.append(
                    Problem(
                        path,
                        1,
                        1,
                        "a department file must be named NN-<id>.yaml, e.g. 01-finance.yaml",
                    )
                )
                continue
            draft = _read_department(path, problems, languages, theme_ids)
            if draft is not None:
                drafts.append(draft)
    _check_unique(drafts, problems, "id", lambda d: d.id, "id_node")
    _check_unique(drafts, problems, "key", lambda d: d.key, "key_node")
    _check_unique(drafts, problems, "order", lambda d: d.order, "order_node")
    _check_keys_are_not_ids(drafts, problems)

    if problems:
        raise StoreError([_unquoted_outside(problem, root) for problem in problems])
    assert title is not None and source is not None and themes is not None
    departments = tuple(sorted((d.department for d in drafts), key=lambda d: d.order))
    return Store(
        title=title,
        source=source,
        languages=languages,
        default_language=default,  # type: ignore[arg-type]
        themes=tuple(themes),
        departments=departments,
    )


def summary(store: Store) -> str:
    """One line for `validate`: what the store holds."""
    return (
        f"{len(store.departments)} departments, {store.solution_count} solutions, "
        f"{len(store.themes)} themes, languages {', '.join(store.languages)}"
    )
