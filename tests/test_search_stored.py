"""The search index kept in a file (issue 19): built once per version of the store, opened
by later runs, and never trusted blindly: a truncated, altered, foreign or stale file is
rebuilt, never a crash, and answers exactly as an index built in memory does."""

from __future__ import annotations

import json
import os
import random
import shutil
import zlib
from collections.abc import Callable
from operator import sub
from pathlib import Path

import pytest

from tests.conftest import CONTENT, cli, department_yaml
from tui import content
from tui.model import Store
from tui.search import Hit, SearchIndex, parse_query, stored
from tui.search.postings import (
    Key,
    PostingDamaged,
    Postings,
    build_postings,
    decoded,
    halves,
    limits,
    per_department,
)
from tui.store import load_store

MakeStore = Callable[..., Path]

QUERIES = ["الاستثمار", "السياحة الخضراء", '"ترويج الاستثمار"', "tourism", "investment plan"]
VERSION = "store-version-1"


pytestmark = pytest.mark.usefixtures("own_cache")


@pytest.fixture(scope="module")
def bundled() -> Store:
    return load_store(CONTENT)


@pytest.fixture(scope="module")
def expected(bundled: Store) -> dict[tuple[str, str], list[Hit]]:
    """What an index built in memory answers to each query, in each language."""
    index = SearchIndex.build(bundled)
    return {(q, lang): index.search(q, lang) for q in QUERIES for lang in ("ar", "en", "both")}


def answers(index: SearchIndex) -> dict[tuple[str, str], list[Hit]]:
    return {(q, lang): index.search(q, lang) for q in QUERIES for lang in ("ar", "en", "both")}


def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any analysis of the store fail the test (an index that should be opened)."""

    def refuse(*_args: object) -> object:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(stored, "build_postings", refuse)


def test_built_once_then_opened(
    bundled: Store,
    expected: dict[tuple[str, str], list[Hit]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "store.index"
    first = stored.open_index(bundled, path, VERSION)
    assert path.is_file() and answers(first) == expected
    no_build(monkeypatch)
    second = stored.open_index(bundled, path, VERSION)
    assert isinstance(second._postings, stored.FilePostings)
    assert answers(second) == expected


def test_a_file_for_another_version_is_rebuilt(
    bundled: Store,
    expected: dict[tuple[str, str], list[Hit]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another version of the store, of the file's layout, of this program, of Unicode's
    tables or of the byte order: each is rebuilt, and the file made for this one."""
    path = tmp_path / "store.index"
    lists = build_postings(bundled)
    mine = stored._identity(VERSION)
    others = [{**mine, name: "other"} for name in mine]
    for identity in others:
        path.write_bytes(stored.index_bytes(lists, identity))
        assert answers(stored.open_index(bundled, path, VERSION)) == expected
        assert stored._opened(bundled, path, VERSION) is not None  # rewritten for this one
    with monkeypatch.context() as patch:
        no_build(patch)
        stored.open_index(bundled, path, VERSION)
    monkeypatch.setattr(stored, "FORMAT", stored.FORMAT + 1)
    assert stored._opened(bundled, path, VERSION) is None  # a newer layout reads it as stale


def test_a_file_in_the_layout_before_is_rebuilt(
    bundled: Store, expected: dict[tuple[str, str], list[Hit]], tmp_path: Path
) -> None:
    """Format 2 (no departments in its lists) is stale: rebuilt, never read as this one's."""
    path = tmp_path / "store.index"
    lists = build_postings(bundled)
    older = {key: _older_layout(data) if key[1] else data for key, data in lists.items()}
    path.write_bytes(stored.index_bytes(older, {**stored._identity(VERSION), "format": 2}))
    assert stored._opened(bundled, path, VERSION) is None
    assert answers(stored.open_index(bundled, path, VERSION)) == expected
    assert stored._opened(bundled, path, VERSION) is not None


def _older_layout(data: bytes) -> bytes:
    """A list as format 2 laid it out: the departments' three arrays left out."""
    from array import array

    raw = zlib.decompress(data)  # the bundled store's lists are built in one run
    n, m, d = array("I", raw[:12])
    entries = raw[12 : 12 + 16 * n]
    return zlib.compress(array("I", [n, m]).tobytes() + entries + raw[12 + 16 * n + 12 * d :])


def _good_file(store: Store, path: Path) -> bytes:
    stored.open_index(store, path, VERSION)
    return path.read_bytes()


def _every_list(postings: Callable[..., object], keys: list[Key]) -> dict[object, object]:
    """What a posting source answers for each of `keys`."""
    return {key: postings(*key) for key in keys}


@pytest.mark.parametrize("keep", [0, 10, 40, 0.5, -1])
def test_a_truncated_file_is_rebuilt(
    bundled: Store, expected: dict[tuple[str, str], list[Hit]], tmp_path: Path, keep: float
) -> None:
    path = tmp_path / "store.index"
    good = _good_file(bundled, path)
    size = int(len(good) * keep) if isinstance(keep, float) else keep % len(good)
    path.write_bytes(good[:size])
    assert stored._opened(bundled, path, VERSION) is None
    assert not path.exists()  # a damaged file is deleted
    assert answers(stored.open_index(bundled, path, VERSION)) == expected
    assert path.read_bytes() == good


def test_every_flipped_byte_is_caught_when_it_is_read(
    make_store: MakeStore, tmp_path: Path
) -> None:
    """A byte changed anywhere (in the header, the directory or a posting list) is found
    on opening or when its list is read: no list is ever served altered, none raises."""
    root = make_store(
        departments={
            "01-finance.yaml": department_yaml(),
            "02-health.yaml": department_yaml("health", "2", 2),
        }
    )
    store = load_store(root)
    path = tmp_path / "store.index"
    good = _good_file(store, path)
    lists = build_postings(store)
    truth = _every_list(Postings(store, lists), list(lists))
    for offset in random.Random(19).sample(range(len(good)), min(len(good), 400)):
        damaged = bytearray(good)
        damaged[offset] ^= 1 << offset % 8
        path.write_bytes(bytes(damaged))
        opened = stored._opened(store, path, VERSION)
        if opened is not None:  # the damage is in a list: its read finds it
            assert _every_list(opened, list(lists)) == truth, offset
        assert not path.exists(), offset


def test_a_list_damaged_after_opening_is_answered_from_the_store(
    bundled: Store, expected: dict[tuple[str, str], list[Hit]], tmp_path: Path
) -> None:
    path = tmp_path / "store.index"
    good = _good_file(bundled, path)
    index = stored.open_index(bundled, path, VERSION)
    assert isinstance(index._postings, stored.FilePostings)
    lists = index._postings._start
    with open(path, "r+b") as file:  # the same file, changed in place under the open index
        file.seek(lists)
        file.write(bytes(len(good) - lists))
    assert answers(index) == expected
    assert not path.exists()


@pytest.mark.parametrize(
    "foreign",
    [
        b"",
        b"SQLite format 3\x00" + bytes(100),
        b"policy-browser search index\n",
        stored.MAGIC + bytes(12) + b"{}",
        b"# a note\n",
    ],
)
def test_a_foreign_file_is_rebuilt(
    bundled: Store, expected: dict[tuple[str, str], list[Hit]], tmp_path: Path, foreign: bytes
) -> None:
    path = tmp_path / "store.index"
    path.write_bytes(foreign)
    assert answers(stored.open_index(bundled, path, VERSION)) == expected
    assert stored._opened(bundled, path, VERSION) is not None


def _posting(
    codes: list[int],
    counts: list[int],
    occurrences: list[int],
    n: int = -1,
    departments: tuple[list[int], list[int], list[int]] | None = None,
) -> bytes:
    """A posting list's bytes as `build_postings` lays them out (`n`: the count it claims;
    `departments`: the places, ends and solutions it claims, else its codes')."""
    from array import array

    ranks = array("I", [2] * len(codes))
    places, ends, solutions = departments or per_department(*halves(array("Q", codes)))
    gaps = [array("I", map(sub, ascending, [0, *ascending])) for ascending in (places, ends)]
    size = array("I", [len(codes) if n < 0 else n, len(occurrences) // 3, len(places)])
    parts = (size, array("Q", codes), array("I", counts), ranks, *gaps, array("I", solutions))
    parts += (array("I", occurrences),)
    return zlib.compress(b"".join(part.tobytes() for part in parts))


def test_crafted_lists_with_a_valid_checksum_are_refused(
    bundled: Store, expected: dict[tuple[str, str], list[Hit]], tmp_path: Path
) -> None:
    """A list rewritten whole, checksum and all, pointing past the store's departments or
    fields, out of order, or not adding up, is damage: the store answers."""
    path = tmp_path / "store.index"
    lists = build_postings(bundled)
    key: Key = ("ar", parse_query(QUERIES[0]).terms[0])  # a list the queries read
    solution = 5 << 2 | 1  # the first solution, in its own Arabic
    crafted = [
        _posting([len(bundled.departments) << 32 | solution], [1], [0, 0, 1]),  # no department
        _posting([1 << 20], [1], [0, 0, 1]),  # no such field
        _posting([solution], [1], [0, 0, 1, 1, 2, 3]),  # two occurrences, the entry claims one
        _posting([solution], [5], [0, 0, 1]),  # five occurrences claimed, one there
        _posting([1 << 32 | solution, solution], [1, 1], [0, 0, 1, 0, 0, 1]),  # out of order
        _posting([solution, solution], [1, 1], [0, 0, 1, 0, 0, 1]),  # one field twice
        _posting([solution], [1], [0, 0, 1], n=2),  # two entries claimed, one there
        _posting([], [], []),
        zlib.compress(b"\x01\x00"),
        *(
            _posting([solution, 1 << 32 | 1], [1, 1], [0, 0, 1, 0, 0, 1], departments=claimed)
            for claimed in (
                ([0, 1], [1, 2], [0, 1]),  # the second department has no solution here
                ([0, 1], [1, 2], [2, 0]),  # the first has two, in one field
                ([0, 2], [1, 2], [1, 0]),  # the second is another department
                ([0], [2], [1]),  # one department where there are two
                ([0, 0], [1, 2], [1, 0]),  # one department twice
                ([0, 1], [1, 1], [1, 0]),  # the second department has no fields
                ([0, len(bundled.departments)], [1, 2], [1, 0]),  # no such department
            )
        ),
    ]
    assert _posting([solution, 1 << 32 | 1], [1, 1], [0, 0, 1, 0, 0, 1]) == _posting(
        [solution, 1 << 32 | 1], [1, 1], [0, 0, 1, 0, 0, 1], departments=([0, 1], [1, 2], [1, 0])
    )  # what the departments claimed above are changed from
    for data in crafted:
        with pytest.raises(PostingDamaged):
            decoded(data, limits(bundled))
        forged = {**lists, key: data}
        path.write_bytes(stored.index_bytes(forged, stored._identity(VERSION)))
        assert answers(stored.open_index(bundled, path, VERSION)) == expected


def test_a_fifo_or_a_folder_at_the_path_is_no_crash(
    bundled: Store, expected: dict[tuple[str, str], list[Hit]], tmp_path: Path
) -> None:
    fifo, folder = tmp_path / "fifo.index", tmp_path / "folder.index"
    os.mkfifo(fifo)
    folder.mkdir()
    for path in (fifo, folder):
        assert answers(stored.open_index(bundled, path, VERSION)) == expected
    assert fifo.is_file()  # replaced by the index; the folder stays (nothing is written)
    assert folder.is_dir()


def test_an_index_that_cannot_be_written_still_answers(
    bundled: Store,
    expected: dict[tuple[str, str], list[Hit]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    path = tmp_path / "store.index"
    assert answers(stored.open_index(bundled, path, VERSION)) == expected
    assert not path.exists() and not list(tmp_path.glob(".*.tmp"))


def test_the_directory_names_every_list(bundled: Store, tmp_path: Path) -> None:
    """The head line is JSON of what the file was made for; the names follow it."""
    path = tmp_path / "store.index"
    data = _good_file(bundled, path)
    directory = data[len(stored.MAGIC) + stored._PREFIX.size :]
    head = json.loads(directory.partition(b"\n")[0])
    assert head["store"] == VERSION and head["lists"] == len(build_postings(bundled))


# -- through tui.content: the index beside the store's cache, per version of the store ------


def test_an_edited_store_is_indexed_again(
    make_store: MakeStore, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_store()
    store = content.load(root)
    index = content.search_index(root, store)
    assert [h.field for h in index.search("الاستثمار")] == ["headline", "solution"]
    files = list(own_cache.glob("*.index"))
    assert len(files) == 1 and files[0].with_suffix(".pickle").exists()
    with monkeypatch.context() as patch:  # unchanged: opened, not built
        no_build(patch)
        again = content.load(root)
        assert content.search_index(root, again).search("الاستثمار") == index.search("الاستثمار")
    path = root / "departments" / "01-finance.yaml"
    path.write_text(department_yaml().replace("الاستثمار", "التمويل"), encoding="utf-8")
    edited = content.load(root)
    reindexed = content.search_index(root, edited)
    assert reindexed.search("الاستثمار") == []
    assert [h.field for h in reindexed.search("التمويل")] == ["headline", "solution"]
    assert list(own_cache.glob("*.index")) == files  # one file per folder, replaced


def test_a_store_not_loaded_through_the_cache_is_indexed_in_memory(
    make_store: MakeStore, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_store()
    content.load(root)
    other = load_store(root)  # equal, but not the store whose version the cache knows
    assert content.search_index(root, other).search("الاستثمار")
    monkeypatch.setenv("TUI_CACHE", "off")
    off = content.load(root)
    assert content.search_index(root, off).search("الاستثمار")
    assert not list(own_cache.glob("*.index"))


def test_the_search_command_opens_the_index_it_built(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_store()
    first = cli(capsys, "search", "الاستثمار", "--content", str(root), "--format", "json")
    no_build(monkeypatch)
    second = cli(capsys, "search", "الاستثمار", "--content", str(root), "--format", "json")
    assert first == second and first[0] == 0


def test_an_unreadable_index_folder_is_no_crash(
    make_store: MakeStore, own_cache: Path, tmp_path: Path
) -> None:
    root = make_store()
    store = content.load(root)
    shutil.rmtree(own_cache)
    own_cache.write_text("not a folder", encoding="utf-8")  # the cache folder is a file
    assert content.search_index(root, store).search("الاستثمار")
