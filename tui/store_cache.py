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
import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import Any

from tui import __version__, model

FORMAT = 2
"""Bump when the model's shape changes, so old pickles are ignored."""

_ALLOWED = {
    ("tui.model", name)
    for name in ("Store", "Department", "Solution", "Speaker", "Source", "Theme", "Localized")
}
_ALLOWED |= {("builtins", "tuple"), ("builtins", "dict"), ("builtins", "str")}


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
    watcher starts from the stamp the load used instead of taking another (10 ms at 1,000
    departments).
    """
    try:
        entries = [root / "store.yaml", root / "themes.yaml"]
        departments = root / "departments"
        if departments.is_dir():
            entries.extend(sorted(departments.iterdir()))
        result = []
        for path in entries:
            info = path.stat()
            result.append((str(path.relative_to(root)), info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    _SEEN[root] = taken = tuple(result)
    return taken


def last_stamp(root: Path) -> Stamp | None:
    """The last stamp taken of `root` in this process, if any."""
    return _SEEN.get(root)


def _cache_file(root: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"store-{key}.pickle"


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
        data = path.read_bytes()
        version, fmt, saved, store = _ModelUnpickler(io.BytesIO(data)).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    finally:
        if collecting:
            gc.enable()
    if (version, fmt, saved) != (__version__, FORMAT, current) or not isinstance(
        store, model.Store
    ):
        return None
    return store


def save(root: Path, store: model.Store, before: Stamp) -> None:
    """Cache a store that validated, if its files did not change while it was read."""
    path = _cache_file(root)
    current = stamp(root)
    _SEEN[root] = before  # what the store was read from: the watcher starts there
    if path is None or before != current:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps((__version__, FORMAT, before, store), protocol=5))
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written is only slower
