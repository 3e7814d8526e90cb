"""Load a content store from YAML into the typed model, collecting every problem with its place.

Which files a store has and the rules across them (unique ids, keys and orders; no key
another department's id) live here; what each file holds, field by field, lives in
`tui.schema`, and reading nodes with positions in `tui.yaml_nodes`.

`reload_store` reads a store again after an edit, taking from an earlier read what the
files it names still hold (`tui.content` does so from a store's cache): the rules across
files run over the whole store, so its problems are those `load_store` finds.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from tui.child import BACKGROUND_NICENESS
from tui.keys import prefixed_keys
from tui.model import LANGUAGES, Department, Lang, Store, Theme
from tui.paths import default_content_dir
from tui.problems import Problem, StoreError
from tui.schema import (
    DEPARTMENT_FILE,
    DepartmentDraft,
    StoreFile,
    read_department,
    read_store_file,
    read_themes,
)
from tui.store_workers import PARALLEL_FROM, Runs, cores, read_department_files, split
from tui.yaml_nodes import MAX_NODES

__all__ = [
    "MAX_NODES",
    "Problem",
    "StoreError",
    "default_content_dir",
    "load_store",
    "reload_store",
    "summary",
]


def _editor_leftover(name: str) -> bool:
    """Files an editor keeps beside the one being edited (Emacs's lock .#01-x.yaml and
    #01-x.yaml#, backups 01-x.yaml~, Vim's swap files): not departments."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))


def _department_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files in departments/ in name order, leaving out an editor's leftovers."""
    if not folder.is_dir():
        return []
    files = sorted(
        (
            p
            for p in folder.iterdir()
            if p.suffix in (".yaml", ".yml") and not _editor_leftover(p.name)
        ),
        key=lambda p: p.name,  # one folder: as paths sort, without comparing their parts
    )
    if not files:
        problems.append(Problem(folder, 1, 1, "no department files; add departments/01-<id>.yaml"))
    return files


_ONE_VALUE = ("id", "key", "order")
"""The fields the rules across files name."""


@dataclass
class _KeptDraft(DepartmentDraft):
    """A department taken from an earlier read of its file, unchanged since: the file is
    read again for where its fields are written only when a problem names one of them."""

    languages: tuple[Lang, ...] = LANGUAGES
    theme_ids: set[str] | None = None

    def place(self, name: str) -> tuple[int, int]:
        """Where field `name` is written, from the file (its first line if the file changed
        since it was stamped: then the store read is not cached, and is read again)."""
        if not self.places:
            again = read_department(self.path, [], self.languages, self.theme_ids)
            self.places = again.places if again is not None else {}
        return self.places.get(name, (1, 1))


def _kept_departments(earlier: Store, unchanged: Collection[str]) -> dict[str, Department]:
    """`earlier`'s departments by the name of their file, for the files in `unchanged` (a
    department file is named after its department's id: `NN-<id>.yaml`)."""
    by_id = {department.id: department for department in earlier.departments}
    kept = {}
    for name in unchanged:
        match = DEPARTMENT_FILE.match(name)
        department = by_id.get(match.group(2)) if match else None
        if department is not None:
            kept[name] = department
    return kept


# Rules across files


def _check_unique(drafts: list[DepartmentDraft], problems: list[Problem], name: str) -> None:
    """No two departments share field `name`'s value (a key left out is no value)."""
    first: dict[Any, DepartmentDraft] = {}
    for draft in drafts:
        value = getattr(draft.department, name)
        if value is None:
            continue
        other = first.setdefault(value, draft)
        if other is not draft:
            problems.append(
                draft.problem(
                    name,
                    f"{name} {value!r} is already used by {other.path.name}:{other.line(name)}; "
                    f"each department needs its own {name}",
                )
            )


def _check_keys_are_not_ids(drafts: list[DepartmentDraft], problems: list[Problem]) -> None:
    """A key that is another department's id would never be reached (`show a` finds the
    department whose id is a)."""
    owners = {draft.department.id: draft for draft in drafts}
    for draft in drafts:
        other = owners.get(draft.department.key or "")
        if other is not None and other is not draft:
            problems.append(
                draft.problem(
                    "key",
                    f"key {draft.department.key!r} is the id of {other.path.name}; a key "
                    "must not be another department's id: choose another key",
                )
            )


def _check_prefixes(drafts: list[DepartmentDraft], problems: list[Problem]) -> None:
    """No key is the start of another (typing `1` would jump before `12` could be typed)."""
    owners = {d.department.key: d for d in drafts if d.department.key is not None}
    for prefix, key in prefixed_keys(owners):
        other, draft = owners[prefix], owners[key]
        problems.append(
            draft.problem(
                "key",
                f"key {key!r} starts with {prefix!r}, the key of {other.path.name}:"
                f"{other.line('key')}, so it could never be typed; choose keys that are not "
                "the start of one another",
            )
        )


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


def _not_a_store(root: Path, message: str) -> StoreError:
    """The error for a content folder with nothing to read."""
    return StoreError([Problem(root, 1, 1, message)])


def _layout_problems(root: Path) -> list[Problem]:
    """What is missing from the content folder; raises StoreError when it holds no store."""
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise _not_a_store(
            root,
            f"the content folder {what}; pass --content with a folder that holds "
            "store.yaml, themes.yaml and departments/",
        )
    folder = root / "departments"
    missing = [p for p in (root / "store.yaml", root / "themes.yaml", folder) if not p.exists()]
    if len(missing) == 3:
        raise _not_a_store(
            root,
            "the content folder is empty or not a store: it needs store.yaml, "
            "themes.yaml and departments/NN-<id>.yaml",
        )
    problems = [
        Problem(path, 1, 1, f"the {'folder' if path == folder else 'file'} is missing; create it")
        for path in missing
    ]
    if folder.exists() and not folder.is_dir():
        problems.append(Problem(folder, 1, 1, "departments must be a folder of NN-<id>.yaml files"))
    return problems


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The collector off while a store is read: each of its passes would walk the model
    built so far again, and nearly all that is read is kept (the next pass after finds
    the rest)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_store(directory: Path | str | None = None) -> Store:
    """Load and validate the store in `directory` (the bundled one by default).

    Raises StoreError listing every problem found, in file order.
    """
    root = Path(directory) if directory is not None else default_content_dir()
    with _collector_paused():
        problems: list[Problem] = []
        frame = _frame(root, problems)
        drafts = _read_departments(frame, frame.files, problems)
        return _whole(root, frame, drafts, problems)


def reload_store(root: Path, earlier: Store, unchanged: Collection[str]) -> Store:
    """The store in `root` read again after an edit: store.yaml, themes.yaml and the
    department files named in `unchanged` (departments/ left out) are as they were when
    `earlier` was read from them, so their values are taken from it; the other department
    files are read. Raises StoreError listing what `load_store` would list."""
    header = StoreFile(earlier.title, earlier.source, earlier.languages, earlier.default_language)
    with _collector_paused():
        problems: list[Problem] = []
        frame = _frame(root, problems, (header, list(earlier.themes)))
        kept = _kept_departments(earlier, unchanged)
        drafts = _read_departments(frame, frame.files, problems, kept)
        return _whole(root, frame, drafts, problems)


READ_IN_PARTS_FROM = PARALLEL_FROM
"""Department files from which `read_in_parts` shows a first part while reading the rest."""

FIRST_PART = 100
"""Department files read before the rest: more rows than a screen lists."""

BATCH = 250
"""Department files a worker reading the rest sends at a time (the browser counts them)."""


def read_in_parts(root: Path) -> Store | StoreReading:
    """What `load_store` gives, except for a store of `READ_IN_PARTS_FROM` files or more:
    its reading, whose first part is there to show while worker processes read the rest."""
    with _collector_paused():
        problems: list[Problem] = []
        frame = _frame(root, problems)
        if len(frame.files) >= READ_IN_PARTS_FROM:
            return StoreReading(root, frame, problems)
        drafts = _read_departments(frame, frame.files, problems)
        return _whole(root, frame, drafts, problems)


class StoreReading:
    """A large store read in two parts, so that the browser opens without waiting for the
    whole: its first `FIRST_PART` files now, in this process, as a store of their own
    (`first`: not checked across files); the rest meanwhile by worker processes, which
    `finish` waits for, checks the whole, and gives it."""

    def __init__(self, root: Path, frame: _Frame, problems: list[Problem]) -> None:
        self.root = root
        self.total = len(frame.files)
        """Department files in the store."""
        self._frame, self._problems = frame, problems
        rest = frame.files[FIRST_PART:]
        # started first: they read while this process reads the first part and opens
        self._rest = Runs(
            split(rest, cores()), frame.languages, frame.theme_ids, BACKGROUND_NICENESS, BATCH
        )
        try:
            self._drafts = _read_departments(frame, frame.files[:FIRST_PART], problems)
        except BaseException:  # interrupted: no worker left behind
            self.stop()
            raise
        self.first = None if problems or not self._drafts else _assembled(frame, self._drafts)
        """The first part as a store; None when it has problems (`finish` says them all)."""
        self.then: Callable[[Store], None] | None = None
        """Called with the whole store once it is read and checked (the cache keeps it)."""

    def finish(self, progress: Callable[[int], None] | None = None) -> Store:
        """The whole store, checked (from any thread); `progress` is told how many files
        are read as they are. Raises StoreError listing every problem, or
        `ReadingStopped` after `stop`."""
        first = min(FIRST_PART, self.total)

        def counted(files: int) -> None:
            if progress is not None:
                progress(first + files)

        with _collector_paused():
            drafts = self._drafts + self._rest.collect(self._problems, counted)
            whole = _whole(self.root, self._frame, drafts, self._problems)
        if self.then is not None:
            self.then(whole)
        return whole

    def stop(self) -> None:
        """Stop reading (the browser is leaving): `finish` ends at once."""
        self._rest.stop()


class _Frame(NamedTuple):
    """What a store's departments are read against, and their files."""

    header: StoreFile
    themes: list[Theme] | None
    languages: tuple[Lang, ...]
    theme_ids: set[str] | None
    files: list[Path]


def _frame(
    root: Path,
    problems: list[Problem],
    settings: tuple[StoreFile, list[Theme] | None] | None = None,
) -> _Frame:
    """store.yaml, themes.yaml (their values from `settings` if given) and the department
    files' names (problems added)."""
    problems += _layout_problems(root)
    header, themes = settings or _settings(root, problems)
    languages = header.languages or LANGUAGES
    theme_ids = {t.id for t in themes} if themes is not None else None
    files = _department_files(root / "departments", problems)
    return _Frame(header, themes, languages, theme_ids, files)


def _settings(root: Path, problems: list[Problem]) -> tuple[StoreFile, list[Theme] | None]:
    """What store.yaml and themes.yaml hold (what is missing or wrong: None, and a problem)."""
    store_path, themes_path = root / "store.yaml", root / "themes.yaml"
    header = read_store_file(store_path, problems) if store_path.exists() else StoreFile()
    languages = header.languages or LANGUAGES
    themes = read_themes(themes_path, problems, languages) if themes_path.exists() else None
    return header, themes


def _read_departments(
    frame: _Frame,
    files: list[Path],
    problems: list[Problem],
    kept: dict[str, Department] | None = None,
) -> list[DepartmentDraft]:
    """Every one of `files` that reads as a whole department, in name order; a misnamed
    file is not read, nor one whose department `kept` has (by file name)."""
    changed = [path for path in files if not kept or path.name not in kept]
    read = read_department_files(changed, problems, frame.languages, frame.theme_ids)
    if not kept:
        return read
    drafts = {draft.path: draft for draft in read}
    for path in files:
        if (department := kept.get(path.name)) is not None:
            drafts[path] = _KeptDraft(department, path, {}, frame.languages, frame.theme_ids)
    return [drafts[path] for path in files if path in drafts]


def _whole(
    root: Path, frame: _Frame, drafts: list[DepartmentDraft], problems: list[Problem]
) -> Store:
    """The store of `drafts` once checked across files; StoreError if anything is wrong."""
    for name in _ONE_VALUE:
        _check_unique(drafts, problems, name)
    _check_keys_are_not_ids(drafts, problems)
    _check_prefixes(drafts, problems)
    if problems:
        raise StoreError([_unquoted_outside(problem, root) for problem in problems])
    return _assembled(frame, drafts)


def _assembled(frame: _Frame, drafts: list[DepartmentDraft]) -> Store:
    """The store of `drafts`, in their order."""
    assert frame.themes is not None
    departments = tuple(sorted((d.department for d in drafts), key=lambda d: d.order))
    return Store(**frame.header._asdict(), themes=tuple(frame.themes), departments=departments)


def summary(store: Store) -> str:
    """One line for `validate`: what the store holds."""
    return (
        f"{len(store.departments)} departments, {store.solution_count} solutions, "
        f"{len(store.themes)} themes, languages {', '.join(store.languages)}"
    )
