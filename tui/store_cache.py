"""A cache of validated stores, so the browser starts without reading YAML again.

Reading and validating YAML is the slowest part of starting on a big store (about a second
for 1,000 departments, and PyYAML's import on every start). A store that validated is
pickled under the user's cache folder, keyed by its folder; it is used again only while
every file under that folder has the same name, size and modification time. Unpickling
accepts only the model's own classes, so a tampered cache file cannot run code. Any problem
with the cache (unreadable, stale, another version) just means the YAML is read again.

No YAML import here: a cache hit must not pay for it. `TUI_CACHE=off` turns the cache off;
`TUI_CACHE_DIR` moves it.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import zlib
from pathlib import Path
from typing import Any

from tui import __version__, model

FORMAT = 6
"""Bump when the model's shape changes, so old pickles are ignored."""

_ALLOWED = {
    ("tui.model", name)
    for name in ("Store", "Department", "Solution", "Speaker", "Source", "Theme", "Localized")
}
_ALLOWED |= {("builtins", "tuple"), ("builtins", "dict"), ("builtins", "str")}
_ALLOWED.add((__name__, "_stored_department"))


_EAGER = ("id", "key", "order", "name")
"""What a cached department holds from the start: what the list of departments shows."""
_LAZY = ("speaker", "headline", "solutions", "intro")
"""The rest (most of a store's text) stays pickled until something reads it."""
assert set(_EAGER + _LAZY) == set(model.Department.__match_args__)


def _loc(pair: Any) -> model.Localized:
    ar, en = pair
    return model.Localized(str(ar), str(en))


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
    something reads them (the start shows one department: a 1,000-department store opens in
    ~10 ms instead of 60). It equals, and hashes as, the department it stands for."""

    __slots__ = ("_count", "_pickled")
    _count: int
    _pickled: bytes | None

    speaker = _lazy_field("speaker")
    headline = _lazy_field("headline")
    solutions = _lazy_field("solutions")
    intro = _lazy_field("intro")

    def _decode(self) -> None:
        speaker, headline, intro, rows = _ModelUnpickler(io.BytesIO(self._pickled or b"")).load()
        values = {
            "speaker": model.Speaker(_loc(speaker[0]), _loc(speaker[1])),
            "headline": _loc(headline),
            "intro": _loc(intro),
            "solutions": tuple(
                model.Solution(_loc((ar, en)), tuple(map(str, themes))) for ar, en, themes in rows
            ),
        }
        for name, value in values.items():
            model.Department.__dict__[name].__set__(self, value)
        object.__setattr__(self, "_pickled", None)

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
        return _stored_department, _stored_args(self)


def _fields(department: model.Department) -> tuple[object, ...]:
    return tuple(getattr(department, name) for name in model.Department.__match_args__)


def _stored_args(department: model.Department) -> tuple[object, ...]:
    """What `_stored_department` is called with: the eager fields, the solution count and
    the rest pickled (as it was read, for a department that came from the cache)."""
    eager = tuple(getattr(department, name) for name in _EAGER)
    if isinstance(department, _StoredDepartment) and department._pickled is not None:
        return (*eager, department._count, department._pickled)
    speaker, headline, intro = department.speaker, department.headline, department.intro
    body = (
        ((speaker.name.ar, speaker.name.en), (speaker.role.ar, speaker.role.en)),
        (headline.ar, headline.en),
        (intro.ar, intro.en),
        tuple((s.text.ar, s.text.en, s.themes) for s in department.solutions),
    )
    return (*eager, department.solution_count, pickle.dumps(body, protocol=5))


def _stored_department(*values: Any) -> _StoredDepartment:
    """Rebuild a cached department (called by the unpickler), its body still pickled."""
    *eager, count, pickled = values
    department = object.__new__(_StoredDepartment)
    for name, value in zip(_EAGER, eager, strict=True):
        object.__setattr__(department, name, value)
    object.__setattr__(department, "_count", int(count))
    object.__setattr__(department, "_pickled", bytes(pickled))
    return department


def cache_dir() -> Path | None:
    """The folder for cached stores, or None when caching is off."""
    if os.environ.get("TUI_CACHE", "").lower() in ("off", "0", "no"):
        return None
    if configured := os.environ.get("TUI_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policy-browser"


Stamp = tuple[tuple[str, int, int], ...]

_SEEN: dict[Path, Stamp] = {}


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
            with os.scandir(departments) as entries:  # one call per file: 1,000 files, 3 ms
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


def _folder_name(root: Path) -> str:
    """The content folder's full path: kept in the cache and checked when it is read."""
    return str(root.resolve())


def _cache_file(root: Path) -> Path | None:
    """Where `root`'s store is cached. The name only spreads folders over files (CRC-32 of
    the path: zlib is loaded already, hashlib would cost the start 1.4 ms); the folder's
    path inside the file decides whose cache it is."""
    folder = cache_dir()
    if folder is None:
        return None
    name = _folder_name(root).encode("utf-8", "surrogatepass")
    return folder / f"store-{zlib.crc32(name):08x}-{len(name):x}.pickle"


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles the model's dataclasses and plain containers, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a store")
        return getattr(model, name) if module == "tui.model" else super().find_class(module, name)


def load_cached(root: Path) -> model.Store | None:
    """The store cached for `root`, if every file is unchanged since it was cached."""
    path = _cache_file(root)
    current = stamp(root)
    if path is None or current is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects: the collector would walk them (~35 ms)
    try:
        # unpickled from the file as it is read: no 15 MB buffer filled first (6 ms at 1,000
        # departments). A memory map was as fast (7.8 ms both) but its module cost 0.35 ms
        # to import on every start.
        with open(path, "rb") as file:
            version, fmt, folder, saved, store = _ModelUnpickler(file).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    finally:
        if collecting:
            gc.enable()
    expected = (__version__, FORMAT, _folder_name(root), current)
    if (version, fmt, folder, saved) != expected or not isinstance(store, model.Store):
        return None
    return store


def _stored(department: model.Department) -> _StoredDepartment:
    """A department as the cache keeps it (all but what the list shows pickled apart)."""
    return _stored_department(*_stored_args(department))


def save(root: Path, store: model.Store, before: Stamp) -> None:
    """Cache a store that validated, if its files did not change while it was read."""
    path = _cache_file(root)
    current = stamp(root)
    _SEEN[root] = before  # what the store was read from: the watcher starts there
    if path is None or before != current:
        return
    lazy = tuple(_stored(d) for d in store.departments)
    light = model.Store(
        store.title,
        store.source,
        store.languages,
        store.default_language,
        store.themes,
        lazy,
    )
    write_pickle(path, (__version__, FORMAT, _folder_name(root), before, light))


def write_pickle(path: Path, payload: object) -> None:
    """Pickle `payload` to a cache file in one step: written beside it, then renamed over
    it, so a reader never sees half a file. A cache that cannot be written is only slower:
    an OSError leaves things as they were."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(payload, protocol=5))
        os.replace(temporary, path)
    except OSError:
        pass
