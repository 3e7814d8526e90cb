"""Where the store comes from: its YAML files, read and validated, or a cache of a store that
validated. One `load` for the commands, the browser's start and its live reload.

Reading and validating YAML, and importing PyYAML, is the slowest part of a start on a big
store (figures: docs/performance.md). A store that validated is kept in the user's
cache folder (XDG), keyed by its folder, and used again while every file under that folder
has the same name, size and modification time.

The cache is data, not code, and is checked before anything in it is used:

    MAGIC, CRC-32 and length of the head (">IQ"), the head, the departments' bodies

* it is read only from a regular file (never a FIFO or a device: opened without blocking);
* the head is what a start needs: the program's version, the cache's format, the folder
  and the stamp it was made for, the bodies' length, the store's title, source, languages
  and themes, and per department what the list shows (id, key, order, name), its
  solutions' themes (what a theme filter counts) and where its body is (offset, length,
  CRC-32). Its CRC-32 is checked when the file is opened; a start reads the head alone;
* each department's body (speaker, headline, intro, solutions: most of a store's text) is
  read, its CRC-32 checked and decoded the first time something reads it, with the same
  checks as the rest (its themes exist and are the head's), so a start reads only the
  bodies it shows (figures: docs/performance.md). The file stays open while the store is
  in use: a cache written anew meanwhile replaces the name, not what this store reads;
* the head and bodies are pickled plain data (tuples, strings, integers): the unpickler
  refuses every class and callable, and the model is built from it with each value's type
  checked;
* what the list shows of each department (id, key, order, name) is checked against the
  rules the YAML reader applies (a key is 1 to 4 visible characters, the first not
  reserved, none the start of another; ids are slugs; ids, keys and orders unique).

When only department files differ from the cache's stamp (store.yaml and themes.yaml,
which every department is checked against, unchanged), the files whose name, size and
modification time are the cache's are not read: their departments come from the cache
(their bodies stay in the old file until read, and are copied from it, checked, when the
new cache is written), the other files are read, and the rules across files run over the
whole store (`tui.store.reload_store`), so its problems are those a full read finds.

Anything wrong means the cache is deleted and the YAML read again (a body found wrong after
the start is taken from the YAML then), silently but for a debug note in the
`tui.content` logger. Cache files are written whole (`tui.user_files.write_atomically`);
the browser writes the cache of a store it read from YAML (at the start, or a reload)
from its index worker, after the screen shows it (`load(defer_save=True)`,
`save_deferred`). `TUI_CACHE=off` turns the cache off; `TUI_CACHE_DIR` moves it.

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
import stat as stat_module
import struct
import threading
import weakref
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from tui import __version__, model
from tui.keys import key_problem, prefixed_keys
from tui.problems import Problem, StoreError
from tui.user_files import user_dir

if TYPE_CHECKING:
    from tui.search import SearchIndex
    from tui.store import StoreReading

FORMAT = 11
"""Bump when what the cache holds changes shape, so older files are ignored."""

MAGIC = b"policy-browser store cache\n"
_PREFIX = struct.Struct(">IQ")
"""After MAGIC: the head's CRC-32 and length."""
MAX_CACHE = 1 << 30
"""The largest cache file used (far more than a store of 10,000 departments takes;
figures: docs/performance.md)."""

Stamp = tuple[tuple[str, int, int], ...]

_SEEN: dict[Path, Stamp] = {}
_LOADED: dict[str, tuple[model.Store, Stamp]] = {}
"""Per folder, the last store loaded from it whose files were as the stamp says throughout
(from the cache, or read and found unchanged): the version its search index is kept for."""
_DEFERRED: dict[Path, tuple[model.Store, Stamp]] = {}
_DEFERRING = threading.Lock()
"""Per folder, a store read from YAML whose cache the browser writes from its index worker."""


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


DEFER_SAVE_FROM = 200
"""Departments from which `load(defer_save=True)` leaves the cache to be written later: a
smaller store's takes milliseconds and is written at once, so that even a start cut short
leaves it."""


def load(root: Path, *, cache: bool = True, defer_save: bool = False) -> model.Store:
    """The store in `root`: from the cache when its files are as they were cached, else
    read and validated (and cached; with `defer_save`, a large store when `save_deferred`
    is called: the browser's index worker does, once the screen shows the store, and its
    way out). After an edit to department files only, those files alone are read, the
    others' departments taken from the cache. Raises `tui.store.StoreError` listing every
    problem."""
    cached = _cached(root, stale=True) if cache else None
    if cached is not None:
        return _from_cache(root, cached, defer_save)
    from tui.store import load_store  # YAML: only when the cache cannot serve

    before = stamp(root) if cache else None
    store = _read(root, load_store)
    if before is not None:
        _keep(root, store, before, defer_save)
    return store


def load_in_parts(root: Path) -> model.Store | StoreReading:
    """The browser's `load(root, defer_save=True)`; except that a large store the cache
    cannot serve at all comes as its reading (`tui.store.read_in_parts`): a first part to
    show now, and `StoreReading.finish` for the whole, cached as `load` caches it."""
    cached = _cached(root, stale=True)
    if cached is not None:
        return _from_cache(root, cached, defer_save=True)
    from tui.store import read_in_parts

    before = stamp(root)
    read = _read(root, read_in_parts)
    if isinstance(read, model.Store):
        if before is not None:
            _keep(root, read, before, defer_save=True)
        return read
    if before is not None:
        read.then = lambda whole: _keep(root, whole, before, defer_save=True)
    return read


def _from_cache(root: Path, cached: _Cached, defer_save: bool) -> model.Store:
    """The cached store; after an edit to department files only, with those read again."""
    if cached.saved == cached.current:
        return cached.store
    from tui.store import reload_store

    unchanged = _unchanged(cached)
    store = _read(root, lambda folder: reload_store(folder, cached.store, unchanged))
    _keep(root, store, cached.current, defer_save)  # the others were taken at this stamp
    return store


_Read = TypeVar("_Read")


def _read(root: Path, reader: Callable[[Path], _Read]) -> _Read:
    """`reader(root)`, an error reading the folder itself said as a problem."""
    try:
        return reader(root)
    except OSError as error:  # a folder renamed away, no permission, a name too long, ...
        raise StoreError([_unreadable(root, error)]) from error


def _keep(root: Path, store: model.Store, before: Stamp, defer_save: bool) -> None:
    """Cache `store`, read from files stamped `before` (a large one later, if deferred)."""
    if defer_save and len(store.departments) >= DEFER_SAVE_FROM:
        _DEFERRED[root] = store, before
    else:
        save(root, store, before)


def save_deferred(root: Path, store: model.Store) -> None:
    """Write the cache `load(defer_save=True)` left for `store`, if it left one."""
    with _DEFERRING:  # the index worker and the way out may both ask
        deferred = _DEFERRED.get(root)
        if deferred is None or deferred[0] is not store:
            return  # nothing left, or another store's (a reload's), kept for its own call
        del _DEFERRED[root]
    save(root, *deferred)


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
    cache's head is sound (its bodies are checked as they are read); a damaged cache is
    deleted (and None returned)."""
    cached = _cached(root, stale=False)
    return None if cached is None else cached.store


class _Cached(NamedTuple):
    """A store from the cache, the stamp it was cached at and the folder's stamp now."""

    store: model.Store
    saved: Stamp
    current: Stamp


_SETTINGS = ("store.yaml", "themes.yaml")
"""The files whose values every department is checked against."""


def _settings(taken: Stamp) -> list[tuple[str, int, int]]:
    """The stamp of store.yaml and themes.yaml."""
    return [entry for entry in taken if entry[0] in _SETTINGS]


def _unchanged(cached: _Cached) -> set[str]:
    """The department files (names in departments/) unchanged since the store was cached."""
    same = set(cached.saved).intersection(cached.current)
    folder = "departments/"
    return {name.removeprefix(folder) for name, _size, _mtime in same if name.startswith(folder)}


def _cached(root: Path, *, stale: bool) -> _Cached | None:
    """The store cached for `root` when its files are as they were cached, or with `stale`,
    when store.yaml and themes.yaml are (the department files are for the caller to
    compare). None when there is no sound cache of this folder: a damaged one is deleted."""
    path = _cache_file(root)
    if path is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects: the collector would walk them
    source: _Source | None = None
    try:
        source = _Source.opened(root, path)
        current = stamp(root) if source is not None else None  # no cache: the caller stamps
        if source is None or current is None:
            return None
        version, fmt, folder, saved, bodies, plain = _unpickled(source.head())
        if (version, fmt, folder) != (__version__, FORMAT, _folder_name(root)):
            return None  # another version's, or another folder's: not damaged, not ours
        saved = _stamp_of(saved)
        if saved != current and not (stale and _settings(saved) == _settings(current)):
            return None  # the files changed since: read them
        if source.start + _int(bodies) != source.size:
            raise CacheDamaged("cut short, or longer than written")
        store = _store(plain, source)
        if saved == current:
            _LOADED[_folder_name(root)] = store, current
        source = None  # the store's departments read their bodies from it
        return _Cached(store, saved, current)
    except Exception as error:  # every way a file can be wrong is a miss, never a crash
        _discard(path, error)
        return None
    finally:
        if source is not None:
            source.close()
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
    from tui.user_files import write_atomically

    # a cache that cannot be written only makes the next start slower
    with contextlib.suppress(OSError):
        write_atomically(path, cache_bytes(store, _folder_name(root), before))


def cache_bytes(store: model.Store, folder: str, before: Stamp) -> bytes:
    """The whole cache file of `store`, read from `folder` at `before` (the layout in the
    module docstring)."""
    bodies = [_body_bytes(department) for department in store.departments]
    places = []
    offset = 0
    for body in bodies:
        places.append((offset, len(body), zlib.crc32(body)))
        offset += len(body)
    plain = _plain(store, places)
    head = pickle.dumps((__version__, FORMAT, folder, before, offset, plain), protocol=5)
    prefix = MAGIC + _PREFIX.pack(zlib.crc32(head), len(head))
    return b"".join((prefix, head, *bodies))


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


def _plain(store: model.Store, places: list[tuple[int, int, int]]) -> tuple[Any, ...]:
    """The head's store as plain data: per department what the list shows, its solutions'
    themes (the theme filter's counts), and where its body is (offset, length, CRC-32)."""
    source = store.source
    alike: dict[tuple[str, ...], tuple[str, ...]] = {}  # pickled once each, then referred to
    return (
        tuple(store.title),
        (source.outlet, source.url, source.published, tuple(source.note)),
        store.languages,
        store.default_language,
        tuple((theme.id, tuple(theme.label)) for theme in store.themes),
        tuple(
            (
                d.id,
                d.key,
                d.order,
                tuple(d.name),
                tuple(alike.setdefault(themes, themes) for themes in d.solution_themes),
                *place,
            )
            for d, place in zip(store.departments, places, strict=True)
        ),
    )


def _body_bytes(department: model.Department) -> bytes:
    """A department's body, pickled: one still unread in a cache file (a store read again
    after an edit keeps the unchanged departments of its cache) as it is there, checked."""
    if isinstance(department, _StoredDepartment) and (place := department._body) is not None:
        with contextlib.suppress(CacheDamaged, OSError):
            return department._source.body(*place)
    return _body(department)


def _body(department: model.Department) -> bytes:
    """A department's body as plain data, pickled."""
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
    """An open cache file and the folder it caches: the head, then each department's body
    as it is read; the YAML when a body is found damaged after the start (and that cache
    file deleted). The file is closed when nothing reads from it any more."""

    def __init__(self, root: Path, path: Path, fd: int) -> None:
        self.root = root
        self.path = path
        self.close = weakref.finalize(self, os.close, fd)
        """Close the file (at once, or when the source is no longer used)."""
        self._fd = fd
        self.size = os.fstat(fd).st_size
        self.start = 0
        """Where the bodies start (after the head)."""
        self.theme_ids: frozenset[str] = frozenset()
        self.good_themes: set[tuple[str, ...]] = set()
        """Solutions' theme lists found sound (`_checked_themes`)."""
        self._fresh: model.Store | None = None
        self._lock = threading.Lock()

    @classmethod
    def opened(cls, root: Path, path: Path) -> _Source | None:
        """The cache file at `path`, if there is one; OSError when it is not a regular file
        (never a FIFO or a device: opened without blocking)."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        if not stat_module.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(f"{path} is not a regular file")
        return cls(root, path, fd)

    def head(self) -> bytes:
        """The head's bytes, checked (CacheDamaged when they are not what was written)."""
        prefix = os.pread(self._fd, len(MAGIC) + _PREFIX.size, 0)
        if not prefix.startswith(MAGIC) or len(prefix) < len(MAGIC) + _PREFIX.size:
            raise CacheDamaged("not a store cache")
        crc, length = _PREFIX.unpack(prefix[len(MAGIC) :])
        self.start = len(prefix) + length
        if self.start > min(self.size, MAX_CACHE):
            raise CacheDamaged("cut short, or too large")
        head = os.pread(self._fd, length, len(prefix))
        if len(head) != length or zlib.crc32(head) != crc:
            raise CacheDamaged("its head's checksum does not match")
        return head

    def body(self, offset: int, length: int, crc: int) -> bytes:
        """One department's body, checked (CacheDamaged when it is not what was written)."""
        data = os.pread(self._fd, length, self.start + offset)
        if len(data) != length or zlib.crc32(data) != crc:
            raise CacheDamaged("a body's checksum does not match")
        return data

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
    department_id, key, order, name, themes, offset, length, crc = values
    if not model.SLUG_RE.match(_str(department_id)):
        raise CacheDamaged(f"id {department_id!r} is not a slug")
    if key is not None and (problem := key_problem(key)) is not None:
        raise CacheDamaged(problem)
    if not 1 <= _int(order) < 10**9 or type(themes) is not tuple or not themes:
        raise CacheDamaged(f"department {department_id!r}: order or solutions")
    department = object.__new__(_StoredDepartment)
    for attribute, value in zip(_EAGER, (department_id, key, order, _loc(name)), strict=True):
        object.__setattr__(department, attribute, value)
    object.__setattr__(department, "_themes", themes)  # checked when read (solution_themes)
    object.__setattr__(department, "_body", (_int(offset), _int(length), _int(crc)))
    object.__setattr__(department, "_source", source)
    return department


_EAGER = ("id", "key", "order", "name")
"""What a cached department holds from the start: what the list of departments shows."""
_LAZY = ("speaker", "headline", "solutions", "intro", "translation_note")
"""The rest (most of a store's text) stays in the cache file until something reads it."""
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
    its speaker, headline, intro and solutions, most of a store's text, stay in the cache
    file until something reads them. It equals, and hashes as, the department it stands
    for."""

    __slots__ = ("_body", "_source", "_themes")
    _body: tuple[int, int, int] | None
    """Where its body is in the cache file (offset, length, CRC-32); None once decoded."""
    _source: _Source
    _themes: tuple[Any, ...]
    """Its solutions' themes as the head has them (checked when read)."""

    speaker = _lazy_field("speaker")
    headline = _lazy_field("headline")
    solutions = _lazy_field("solutions")
    intro = _lazy_field("intro")
    translation_note = _lazy_field("translation_note")

    def _decode(self) -> None:
        place = self._body
        if place is None:
            return  # decoded meanwhile, by another thread
        try:
            values = self._checked_body(place)
        except Exception as error:  # damaged after all: the YAML has it right
            fresh = self._source.fresh_department(self.id, error)
            values = {name: getattr(fresh, name) for name in _LAZY}
        for name, value in values.items():
            model.Department.__dict__[name].__set__(self, value)
        object.__setattr__(self, "_body", None)

    def _checked_body(self, place: tuple[int, int, int]) -> dict[str, Any]:
        speaker, headline, intro, rows, note = _unpickled(self._source.body(*place))
        solutions = tuple(
            model.Solution(_loc(text), *_themes(themes, suggested, self._source), _loc(flag))
            for text, themes, suggested, flag in rows
        )
        if tuple(solution.themes for solution in solutions) != self._themes:
            raise CacheDamaged(f"department {self.id!r}: its solutions are not the head's")
        return {
            "speaker": model.Speaker(_loc(speaker[0]), _loc(speaker[1])),
            "headline": _loc(headline),
            "intro": _loc(intro),
            "solutions": solutions,
            "translation_note": _loc(note),
        }

    @property
    def solution_count(self) -> int:
        return len(self._themes)

    @property
    def solution_themes(self) -> tuple[tuple[str, ...], ...]:
        try:
            return _checked_themes(self._themes, self._source)
        except Exception:  # not what was written: the body says (or the YAML)
            return tuple(solution.themes for solution in self.solutions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, model.Department):
            return NotImplemented
        return _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(_fields(self))

    def __reduce__(self) -> tuple[Any, tuple[object, ...]]:
        """Pickled (by `copy`, say) as the plain department it stands for."""
        return model.Department, _fields(self)


def _checked_themes(values: tuple[Any, ...], source: _Source) -> tuple[tuple[str, ...], ...]:
    """A department's solutions' themes from the head, checked as the reader does (each
    distinct list once per file)."""
    for themes in values:
        if type(themes) is not tuple:
            raise CacheDamaged(f"themes {themes!r}")
        if themes not in source.good_themes:
            _themes(themes, (), source)
            source.good_themes.add(themes)
    return values


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
