"""Where the store comes from: its YAML files, read and validated, or a cache of a store that
validated. One `load` for the commands, the browser's start and its live reload.

Reading and validating YAML, and importing PyYAML, is the slowest part of a start on a big
store (figures: docs/performance.md). A store that validated is kept in the user's
cache folder (XDG), keyed by its folder, and used again while every file under that folder
has the same name, size and modification time.

The cache is data, not code, and is checked before anything in it is used:

* it is read only from a regular file (never a FIFO or a device: opened without blocking),
  up to `MAX_CACHE` bytes;
* a CRC-32 of its payload detects any change to the file (every single-bit flip, and any
  damage a disk or a half-written file does);
* the payload is pickled plain data (tuples, strings, integers, bytes): its unpickler
  refuses every class and callable, and the model is built from it with each value's type
  checked;
* what the list shows of each department (id, key, order, name) is checked against the
  rules the YAML reader applies (a key is 1 to 4 visible characters, the first not
  reserved, none the start of another; ids are slugs; ids, keys and orders unique);
* each department's body (speaker, headline, intro, solutions: most of a store's text) is
  kept pickled apart and decoded the first time something reads it, with the same checks
  (its themes exist, it has solutions), so a start decodes only the bodies it reads, not
  the whole store (figures: docs/performance.md).

Anything wrong means the cache is deleted and the YAML read again (a body found wrong after
the start is taken from the YAML then), silently but for a debug note in the
`tui.content` logger. Cache files are written whole (`tui.user_files.write_atomically`).
`TUI_CACHE=off` turns the cache off; `TUI_CACHE_DIR` moves it.

The search index of a store loaded here is kept beside its cache (`search_index`), built
once per version of the store: the stamp it was loaded at (`tui.search.stored`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import io
import os
import pickle
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import __version__, model
from tui.keys import key_problem, prefixed_keys
from tui.problems import Problem, StoreError
from tui.user_files import read_regular, user_dir

if TYPE_CHECKING:
    from tui.search import SearchIndex

FORMAT = 10
"""Bump when what the cache holds changes shape, so older files are ignored."""

MAGIC = b"policy-browser store cache\n"
MAX_CACHE = 1 << 30
"""Bytes read at most from a cache file (far more than a store of 10,000 departments
takes; figures: docs/performance.md)."""

Stamp = tuple[tuple[str, int, int], ...]

_SEEN: dict[Path, Stamp] = {}
_LOADED: dict[str, tuple[model.Store, Stamp]] = {}
"""Per folder, the last store loaded from it whose files were as the stamp says throughout
(from the cache, or read and found unchanged): the version its search index is kept for."""


def cache_dir() -> Path | None:
    """The folder for cached stores, or None when caching is off or there is no home."""
    if os.environ.get("TUI_CACHE", "").lower() in ("off", "0", "no"):
        return None
    if configured := os.environ.get("TUI_CACHE_DIR"):
        return Path(configured)
    return user_dir("cache")


def stamp(root: Path) -> Stamp | None:
    """Name, size and modification time of every file in the store, or None if unreadable.

    The last stamp taken of each folder is remembered (`last_stamp`): the browser's content
    watcher starts from the stamp the load used instead of taking another.
    """
    try:
        result = []
        for name in ("store.yaml", "themes.yaml"):
            info = (root / name).stat()
            result.append((name, info.st_size, info.st_mtime_ns))
        departments = root / "departments"
        if departments.is_dir():
            with os.scandir(departments) as entries:  # one call per file
                found = [(entry.name, entry.stat()) for entry in entries]
            result.extend(
                (f"departments/{name}", info.st_size, info.st_mtime_ns)
                for name, info in sorted(found)
            )
    except OSError:
        return None
    _SEEN[root] = taken = tuple(result)
    return taken


def last_stamp(root: Path) -> Stamp | None:
    """The last stamp taken of `root` in this process, if any."""
    return _SEEN.get(root)


def load(root: Path, *, cache: bool = True) -> model.Store:
    """The store in `root`: from the cache when its files are as they were cached, else
    read and validated (and cached). Raises `tui.store.StoreError` listing every problem."""
    if cache and (cached := load_cached(root)) is not None:
        return cached
    from tui.store import load_store  # YAML: only when the cache cannot serve

    before = stamp(root) if cache else None
    try:
        store = load_store(root)
    except OSError as error:  # a folder renamed away, no permission, a name too long, ...
        raise StoreError([_unreadable(root, error)]) from error
    if before is not None:
        save(root, store, before)
    return store


def _unreadable(root: Path, error: OSError) -> Problem:
    """What to say about a store that the system would not let be read."""
    where = Path(os.fsdecode(error.filename)) if error.filename else root
    reason = error.strerror or type(error).__name__
    return Problem(
        where,
        1,
        1,
        f"cannot be read ({reason}); check that the content folder exists, that its path "
        "is not too long and that you may read it",
    )


# -- the cache file ---------------------------------------------------------------------------


def _folder_name(root: Path) -> str:
    """The content folder's full path: kept in the cache and checked when it is read."""
    return str(root.resolve())


def _cache_file(root: Path) -> Path | None:
    """Where `root`'s store is cached. The name only spreads folders over files (CRC-32 of
    the path); the folder's path inside the file decides whose cache it is."""
    folder = cache_dir()
    if folder is None:
        return None
    name = _folder_name(root).encode("utf-8", "surrogatepass")
    return folder / f"store-{zlib.crc32(name):08x}-{len(name):x}.pickle"


class _DataOnly(pickle.Unpickler):
    """Unpickles tuples, strings, numbers and bytes: any class or callable is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name}: a store cache holds data only")


def _unpickled(data: bytes) -> Any:
    return _DataOnly(io.BytesIO(data)).load()


class CacheDamaged(ValueError):
    """What a cache file holds is not a store that validated."""


def load_cached(root: Path) -> model.Store | None:
    """The store cached for `root`, if every file is unchanged since it was cached and the
    cache is sound; a damaged cache is deleted (and None returned)."""
    path = _cache_file(root)
    current = stamp(root)
    if path is None or current is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects: the collector would walk them
    try:
        data = read_regular(path, MAX_CACHE)
        if data is None:
            return None
        header, payload = data[: len(MAGIC) + 4], data[len(MAGIC) + 4 :]
        if not header.startswith(MAGIC) or len(data) > MAX_CACHE:
            raise CacheDamaged("not a store cache, or too large")
        if int.from_bytes(header[len(MAGIC) :], "big") != zlib.crc32(payload):
            raise CacheDamaged("its checksum does not match")
        version, fmt, folder, saved, plain = _unpickled(payload)
        if (version, fmt, folder) != (__version__, FORMAT, _folder_name(root)):
            return None  # another version's, or another folder's: not damaged, not ours
        if _stamp_of(saved) != current:
            return None  # the files changed since: read them
        store = _store(plain, _Source(root, path))
        _LOADED[_folder_name(root)] = store, current
        return store
    except Exception as error:  # every way a file can be wrong is a miss, never a crash
        _discard(path, error)
        return None
    finally:
        if collecting:
            gc.enable()


def _discard(path: Path, error: BaseException) -> None:
    """Delete a damaged cache file (it is rebuilt from the YAML), with a debug note."""
    import logging

    logging.getLogger(__name__).debug("store cache %s discarded: %s", path, error)
    with contextlib.suppress(OSError):
        if os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)


def save(root: Path, store: model.Store, before: Stamp) -> None:
    """Cache a store that validated, if its files did not change while it was read."""
    path = _cache_file(root)
    current = stamp(root)
    _SEEN[root] = before  # what the store was read from: the watcher starts there
    if path is None or before != current:
        return
    _LOADED[_folder_name(root)] = store, before
    payload = pickle.dumps(
        (__version__, FORMAT, _folder_name(root), before, _plain(store)), protocol=5
    )
    from tui.user_files import write_atomically

    # a cache that cannot be written only makes the next start slower
    with contextlib.suppress(OSError):
        write_atomically(path, MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)


def search_index(
    root: Path, store: model.Store, pause: Callable[[], None] | None = None
) -> SearchIndex:
    """The search index of `store`, loaded from `root`: opened from beside the store's cache
    when it was built for this version of the store, else built (a large store in two
    processes: `tui.indexing`; `pause` after each department built here) and kept there. A
    store this module did not load is indexed in memory."""
    from tui.search import SearchIndex

    kept = index_file(root, store)
    if kept is None:
        return SearchIndex.build(store, pause)
    from tui.indexing import postings_in_parts
    from tui.search.stored import open_index

    path, version = kept
    build = functools.partial(postings_in_parts, root, store, version, pause)
    return open_index(store, path, version, pause, build)


def index_file(root: Path, store: model.Store) -> tuple[Path, str] | None:
    """Where the search index of `store`, loaded from `root`, is kept and the version of the
    store it is made for; None for a store this module did not load (or with no cache)."""
    folder = _folder_name(root)
    path = _cache_file(root)
    loaded = _LOADED.get(folder)
    if path is None or loaded is None or loaded[0] is not store:
        return None
    version = hashlib.sha256(repr((folder, loaded[1])).encode("utf-8", "surrogatepass"))
    return path.with_suffix(".index"), version.hexdigest()


# -- plain data in, checked model out -----------------------------------------------------------


def _loc(value: Any) -> model.Localized:
    ar, en = value
    return model.Localized(_str(ar), _str(en))


def _str(value: Any) -> str:
    if type(value) is not str:
        raise CacheDamaged(f"{type(value).__name__} where text was expected")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise CacheDamaged(f"{type(value).__name__} where a number was expected")
    return value


def _stamp_of(saved: Any) -> Stamp:
    return tuple((_str(name), _int(size), _int(mtime)) for name, size, mtime in saved)


def _plain(store: model.Store) -> tuple[Any, ...]:
    """The store as plain data: each department's body pickled apart (decoded on demand)."""
    source = store.source
    return (
        tuple(store.title),
        (source.outlet, source.url, source.published, tuple(source.note)),
        store.languages,
        store.default_language,
        tuple((theme.id, tuple(theme.label)) for theme in store.themes),
        tuple(
            (d.id, d.key, d.order, tuple(d.name), d.solution_count, _body(d))
            for d in store.departments
        ),
    )


def _body(department: model.Department) -> bytes:
    """A department's body as plain data, pickled (kept as read for one from the cache)."""
    if isinstance(department, _StoredDepartment) and department._pickled is not None:
        return department._pickled
    speaker = department.speaker
    return pickle.dumps(
        (
            (tuple(speaker.name), tuple(speaker.role)),
            tuple(department.headline),
            tuple(department.intro),
            tuple(
                (tuple(s.text), s.themes, s.suggested, tuple(s.translation_note))
                for s in department.solutions
            ),
            tuple(department.translation_note),
        ),
        protocol=5,
    )


class _Source:
    """Where a cached store came from: to take a department's body from the YAML when its
    cached one is found damaged after the start (and to delete that cache file)."""

    def __init__(self, root: Path, path: Path) -> None:
        self.root = root
        self.path = path
        self.theme_ids: frozenset[str] = frozenset()
        self._fresh: model.Store | None = None
        self._lock = threading.Lock()

    def fresh_department(self, department_id: str, error: BaseException) -> model.Department:
        """The department as its YAML has it (the store read again, once)."""
        with self._lock:
            if self._fresh is None:
                _discard(self.path, error)
                from tui.store import load_store

                self._fresh = load_store(self.root)
        found = self._fresh.department(department_id)
        if found is None:
            raise CacheDamaged(f"department {department_id!r} is no longer in the store")
        return found


def _store(plain: Any, source: _Source) -> model.Store:
    """Build the model from a cache's plain data, checking it as validation would."""
    title, (outlet, url, published, note), languages, default, themes, departments = plain
    langs = tuple(_str(lang) for lang in languages)
    if not langs or not set(langs) <= set(model.LANGUAGES) or default not in langs:
        raise CacheDamaged(f"languages {langs!r}, default {default!r}")
    theme_list = tuple(model.Theme(_str(i), _loc(label)) for i, label in themes)
    source.theme_ids = frozenset(theme.id for theme in theme_list)
    if not theme_list or len(source.theme_ids) != len(theme_list):
        raise CacheDamaged("no themes, or a theme twice")
    stored = tuple(_stored_department(values, source) for values in departments)
    for attribute in ("id", "order"):
        if len({getattr(d, attribute) for d in stored}) != len(stored):
            raise CacheDamaged(f"two departments with one {attribute}")
    keys = [d.key for d in stored if d.key is not None]
    if len(set(keys)) != len(keys):
        raise CacheDamaged("two departments with one key")
    if next(prefixed_keys(keys), None) is not None:
        raise CacheDamaged("a key that is the start of another")
    ids = {d.id for d in stored}
    if any(d.key in ids and d.key != d.id for d in stored):
        raise CacheDamaged("a key that is another department's id")
    if not stored or [d.order for d in stored] != sorted(d.order for d in stored):
        raise CacheDamaged("no departments, or not in order")
    return model.Store(
        _loc(title),
        model.Source(_str(outlet), _str(url), _str(published), _loc(note)),
        langs,  # type: ignore[arg-type]
        default,
        theme_list,
        stored,
    )


def _stored_department(values: Any, source: _Source) -> _StoredDepartment:
    department_id, key, order, name, count, body = values
    if not model.SLUG_RE.match(_str(department_id)):
        raise CacheDamaged(f"id {department_id!r} is not a slug")
    if key is not None and (problem := key_problem(key)) is not None:
        raise CacheDamaged(problem)
    if not 1 <= _int(order) < 10**9 or _int(count) < 1 or type(body) is not bytes:
        raise CacheDamaged(f"department {department_id!r}: order, count or body")
    department = object.__new__(_StoredDepartment)
    for attribute, value in zip(_EAGER, (department_id, key, order, _loc(name)), strict=True):
        object.__setattr__(department, attribute, value)
    object.__setattr__(department, "_count", count)
    object.__setattr__(department, "_pickled", body)
    object.__setattr__(department, "_source", source)
    return department


_EAGER = ("id", "key", "order", "name")
"""What a cached department holds from the start: what the list of departments shows."""
_LAZY = ("speaker", "headline", "solutions", "intro", "translation_note")
"""The rest (most of a store's text) stays pickled until something reads it."""
assert set(_EAGER + _LAZY) == set(model.Department.__match_args__)


def _lazy_field(name: str) -> property:
    slot = model.Department.__dict__[name]  # the dataclass's own slot (shadowed below)

    def get(self: _StoredDepartment) -> Any:
        try:
            return slot.__get__(self)
        except AttributeError:
            self._decode()
            return slot.__get__(self)

    return property(get, doc=f"The department's {name}, decoded the first time it is read.")


class _StoredDepartment(model.Department):
    """A department read from the cache: its id, key, order and name are there at once;
    its speaker, headline, intro and solutions, most of a store's text, stay pickled until
    something reads them. It equals, and hashes as, the department it stands for."""

    __slots__ = ("_count", "_pickled", "_source")
    _count: int
    _pickled: bytes | None
    _source: _Source

    speaker = _lazy_field("speaker")
    headline = _lazy_field("headline")
    solutions = _lazy_field("solutions")
    intro = _lazy_field("intro")
    translation_note = _lazy_field("translation_note")

    def _decode(self) -> None:
        try:
            values = self._checked_body()
        except Exception as error:  # damaged after all: the YAML has it right
            fresh = self._source.fresh_department(self.id, error)
            values = {name: getattr(fresh, name) for name in _LAZY}
        for name, value in values.items():
            model.Department.__dict__[name].__set__(self, value)
        object.__setattr__(self, "_pickled", None)

    def _checked_body(self) -> dict[str, Any]:
        speaker, headline, intro, rows, note = _unpickled(self._pickled or b"")
        solutions = tuple(
            model.Solution(_loc(text), *_themes(themes, suggested, self._source), _loc(flag))
            for text, themes, suggested, flag in rows
        )
        if len(solutions) != self._count:
            raise CacheDamaged(f"department {self.id!r}: {len(solutions)} solutions")
        return {
            "speaker": model.Speaker(_loc(speaker[0]), _loc(speaker[1])),
            "headline": _loc(headline),
            "intro": _loc(intro),
            "solutions": solutions,
            "translation_note": _loc(note),
        }

    @property
    def solution_count(self) -> int:
        return self._count

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, model.Department):
            return NotImplemented
        return _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(_fields(self))

    def __reduce__(self) -> tuple[Any, tuple[object, ...]]:
        """Pickled (by `copy`, say) as the plain department it stands for."""
        return model.Department, _fields(self)


def _themes(
    values: Any, unconfirmed: Any, source: _Source
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A solution's themes and the suggested ones among them, checked as the reader does."""
    themes = tuple(_str(theme) for theme in values)
    if not themes or not set(themes) <= source.theme_ids or len(set(themes)) != len(themes):
        raise CacheDamaged(f"themes {themes!r}")
    suggested = tuple(_str(theme) for theme in unconfirmed)
    if not set(suggested) <= set(themes):
        raise CacheDamaged(f"suggested themes {suggested!r} are not among {themes!r}")
    return themes, suggested


def _fields(department: model.Department) -> tuple[object, ...]:
    return tuple(getattr(department, name) for name in model.Department.__match_args__)
