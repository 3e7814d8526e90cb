"""The search index kept in a file, so a run opens it instead of analysing the whole store.

The file lives in the cache folder beside the store's cache (`tui.content.search_index`)
and can always be rebuilt from the store. It is tied to one version of the store: the
caller names that version (a digest of the store's files), and a file made for any other
version, by another version of this program or on a machine of the other byte order is
not used; the index is built again and the file replaced.

    MAGIC, CRC-32 and length of the directory (">IQ"), the directory, the posting lists

The directory is one line of JSON (what the file was made for, and the sizes of the rest),
the lists' names ("ar:key", one a line) and, per list, its offset, length and CRC-32
(`array("Q")`). The directory is checked when the file is opened; a list when it is read
(only the lists of the words searched are read, so memory and time follow the query, not
the store). Anything wrong, then or later, and the file is deleted and the index built
again; a search never fails because of this file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import struct
import sys
import threading
import unicodedata
import weakref
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from tui import __version__
from tui.model import Lang, Store
from tui.search.index import SearchIndex
from tui.search.postings import (
    SHARED,
    Key,
    Limits,
    PostingList,
    Postings,
    build_postings,
    decoded,
    limits,
    shared_keys,
)

FORMAT = 3
"""Bump when the file's layout, the posting lists' or the analysis (`tui.search.analysis`)
change, so older files are rebuilt."""

MAGIC = b"policy-browser search index\n"
_PREFIX = struct.Struct(">IQ")

_log = logging.getLogger(__name__)


class IndexDamaged(ValueError):
    """The index file is not one this program wrote whole."""


def open_index(
    store: Store,
    path: Path,
    version: str,
    pause: Callable[[], None] | None = None,
    build: Callable[[], dict[Key, bytes]] | None = None,
) -> SearchIndex:
    """The search index of `store` from `path` when it was made for this `version` of the
    store, else built (by `build`, or here with `pause` after each department) and kept at
    `path`."""
    found = _opened(store, path, version)
    if found is not None:
        return SearchIndex(store, found)
    lists = build() if build is not None else build_postings(store, pause)
    with contextlib.suppress(OSError):  # an index that cannot be kept only makes runs slower
        from tui.user_files import write_atomically

        write_atomically(path, index_bytes(lists, _identity(version)))
        if (found := _opened(store, path, version)) is not None:
            return SearchIndex(store, found)
    return SearchIndex(store, Postings(store, lists))


def is_current(store: Store, path: Path, version: str) -> bool:
    """Whether `path` holds an index made for this `version` of `store`."""
    return _opened(store, path, version) is not None


def _identity(version: str) -> dict[str, Any]:
    """What a file must have been made for to be used."""
    return {
        "format": FORMAT,
        "program": __version__,
        "unicode": unicodedata.unidata_version,  # the analysis folds by Python's tables
        "order": sys.byteorder,
        "store": version,
    }


def index_bytes(lists: dict[Key, bytes], identity: dict[str, Any]) -> bytes:
    """The whole file for these posting lists (the layout in the module docstring)."""
    names = "\n".join(f"{lang}:{key}" for lang, key in lists).encode()
    table = array("Q")
    offset = 0
    for data in lists.values():
        table.extend((offset, len(data), zlib.crc32(data)))
        offset += len(data)
    head = json.dumps({**identity, "names": len(names), "lists": len(lists)}).encode()
    directory = b"".join((head, b"\n", names, table.tobytes()))
    prefix = MAGIC + _PREFIX.pack(zlib.crc32(directory), len(directory))
    return b"".join((prefix, directory, *lists.values()))


def _opened(store: Store, path: Path, version: str) -> FilePostings | None:
    """The file's posting lists when it was made for `version`; None when it does not
    exist or was made for another (a damaged file is deleted)."""
    try:
        file = _open_regular(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        _discard(path, error)
        return None
    try:
        postings = FilePostings(store, path, file, _identity(version))
    except _Stale:
        file.close()
        return None
    except Exception as error:  # every way a file can be wrong is a rebuild, never a crash
        file.close()
        _discard(path, error)
        return None
    return postings


def _open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, if it is a regular file (never a FIFO or a device)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a regular file")
    return os.fdopen(fd, "rb", buffering=0)


def _discard(path: Path, error: BaseException) -> None:
    """Delete a damaged index file (it is built again), with a debug note."""
    _log.debug("search index %s discarded: %s", path, error)
    with contextlib.suppress(OSError):
        if os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)


class _Stale(Exception):
    """A sound file made for another version of the store or of the program."""


class FilePostings:
    """Posting lists read from an index file as queries ask for them, each checked as it
    is read. A list found damaged deletes the file, and the lists are built again in memory
    from the store: the search that found it is answered, and the next run rebuilds the file."""

    def __init__(self, store: Store, path: Path, file: BinaryIO, identity: dict[str, Any]) -> None:
        self._store = store
        self._path = path
        self._file = file
        weakref.finalize(self, file.close)
        self._limits: Limits = limits(store)
        self._lock = threading.Lock()
        self._rebuilt: Postings | None = None
        size = os.fstat(file.fileno()).st_size
        self._places, self._table, self._start = _directory(file, size, identity)

    def __call__(self, lang: Lang, key: str) -> PostingList | None:
        """The list of `key` in `lang`, or None when no field has it."""
        if key == SHARED:  # not a key; its entry is checked all the same
            self.shared(lang)
            return None
        if self._rebuilt is None:
            try:
                return self._read(f"{lang}:{key}")
            except Exception as error:  # damaged since it was opened: the store has it right
                _discard(self._path, error)
                self._rebuilt = Postings(self._store, build_postings(self._store))
        return self._rebuilt(lang, key)

    def shared(self, lang: Lang) -> frozenset[str]:
        """The keys of `lang` that a word gave together with another."""
        if self._rebuilt is None:
            try:
                return shared_keys(self._bytes(f"{lang}:{SHARED}") or b"")
            except Exception as error:  # damaged since it was opened: the store has it right
                _discard(self._path, error)
                self._rebuilt = Postings(self._store, build_postings(self._store))
        return self._rebuilt.shared(lang)

    def _read(self, name: str) -> PostingList | None:
        data = self._bytes(name)
        return None if data is None else decoded(data, self._limits)

    def _bytes(self, name: str) -> bytes | None:
        """A list's bytes as written, checked; None when there is no such list."""
        place = self._places.get(name)
        if place is None:
            return None
        offset, length, crc = self._table[3 * place : 3 * place + 3]
        with self._lock:  # one seek and read at a time: the browser searches from threads
            self._file.seek(self._start + offset)
            data = self._file.read(length)
        if len(data) != length or zlib.crc32(data) != crc:
            raise IndexDamaged(f"list {name!r}: cut short or changed")
        return data


def _directory(
    file: BinaryIO, size: int, identity: dict[str, Any]
) -> tuple[dict[str, int], array[int], int]:
    """The lists' places by name, their offsets, lengths and CRCs, and where they start;
    `_Stale` for a file made for something else, `IndexDamaged` for a damaged one."""
    prefix = file.read(len(MAGIC) + _PREFIX.size)
    if not prefix.startswith(MAGIC) or len(prefix) < len(MAGIC) + _PREFIX.size:
        raise IndexDamaged("not a search index")
    crc, length = _PREFIX.unpack(prefix[len(MAGIC) :])
    start = len(prefix) + length
    if start > size:
        raise IndexDamaged("cut short")
    directory = file.read(length)
    if len(directory) != length or zlib.crc32(directory) != crc:
        raise IndexDamaged("its directory's checksum does not match")
    line, _, rest = directory.partition(b"\n")
    head = json.loads(line)
    if not isinstance(head, dict) or any(head.get(k) != v for k, v in identity.items()):
        raise _Stale
    names, count = _int(head, "names"), _int(head, "lists")
    table = array("Q")
    table.frombytes(rest[names:])
    listed = rest[:names].decode().split("\n") if count else []
    if len(listed) != count or len(table) != 3 * count:
        raise IndexDamaged("its directory does not add up")
    if count and table[-3] + table[-2] != size - start:
        raise IndexDamaged("cut short, or longer than written")
    return dict(zip(listed, range(count), strict=True)), table, start


def _int(head: dict[str, Any], name: str) -> int:
    value = head.get(name)
    if type(value) is not int or value < 0:
        raise IndexDamaged(f"{name}: {value!r}")
    return value
