"""The content module: one load for every caller, and a cache of validated stores that is
used while nothing changed and is checked before anything in it is used (issue 17: a byte
changed, a crafted file, a FIFO, a planted link, a cached key the reader would refuse)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import department_yaml
from tui import cli, content
from tui.model import Department, Store

MakeStore = Callable[..., Path]


pytestmark = pytest.mark.usefixtures("own_cache")


def test_second_load_comes_from_the_cache(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_store()
    first = cli._load(root)
    assert isinstance(first, Store)

    def no_yaml(*_args: object) -> Store:
        raise AssertionError("the YAML was read again")

    monkeypatch.setattr("tui.store.load_store", no_yaml)
    assert cli._load(root) == first


def test_an_edit_makes_the_cache_stale(make_store: MakeStore) -> None:
    root = make_store()
    assert cli._load(root) is not None
    path = root / "departments" / "01-finance.yaml"
    path.write_text(department_yaml().replace("إدارة المالية", "إدارة الموازنة"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even an edit that keeps the size is seen: mtime differs
    store = cli._load(root)
    assert store is not None and store.departments[0].name.ar == "إدارة الموازنة"


def test_a_broken_edit_is_reported_not_served_from_the_cache(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_store()
    assert cli._load(root) is not None
    (root / "departments" / "01-finance.yaml").write_text("id: [\n", encoding="utf-8")
    assert cli._load(root) is None
    assert "YAML syntax error" in capsys.readouterr().err


def test_a_tampered_cache_cannot_run_code(make_store: MakeStore, tmp_path: Path) -> None:
    root = make_store()
    assert cli._load(root) is not None
    cache_file = next((tmp_path / "cache").glob("store-*.pickle"))
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    cache_file.write_bytes(pickle.dumps(Evil()))
    assert content.load_cached(root) is None
    assert not marker.exists()
    assert cli._load(root) is not None  # falls back to the YAML


def test_cache_off(make_store: MakeStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUI_CACHE", "off")
    assert cli._load(make_store()) is not None
    assert not (tmp_path / "cache").exists()


def test_a_cached_start_does_not_import_yaml(make_store: MakeStore, own_cache: Path) -> None:
    root = make_store()
    code = (
        "import sys; from tui import cli; from pathlib import Path; "
        f"s = cli._load(Path({str(root)!r})); "
        "print(s is not None, 'yaml' in sys.modules)"
    )
    env = {**os.environ, "TUI_CACHE_DIR": str(own_cache)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert [r.stdout.split() for r in runs] == [["True", "True"], ["True", "False"]]


def test_the_watcher_starts_from_the_stamp_the_store_was_read_at(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit made while the YAML is read is not cached, and the watcher will see it."""
    root = make_store()
    path = root / "departments" / "01-finance.yaml"
    import tui.store

    real_load = tui.store.load_store

    def load_then_edit(folder: Path) -> Store:
        store = real_load(folder)
        path.write_text(department_yaml() + "\n# edited\n", encoding="utf-8")
        return store

    monkeypatch.setattr("tui.store.load_store", load_then_edit)
    before = content.stamp(root)
    assert cli._load(root) is not None
    assert content.last_stamp(root) == before  # what was read, not what is there now
    assert content.stamp(root) != before  # so the app's first check reloads
    assert content.load_cached(root) is None  # and nothing was cached
    monkeypatch.setattr("tui.store.load_store", real_load)
    assert cli._load(root) is not None  # an unchanged folder: the cache is written now
    assert content.last_stamp(root) == content.stamp(root)


def test_cached_departments_decode_their_text_only_when_read(make_store: MakeStore) -> None:
    root = make_store()
    first = cli._load(root)  # from the YAML; writes the cache
    cached = content.load_cached(root)
    assert first is not None and cached is not None
    department = cached.departments[0]
    assert department._body is not None  # type: ignore[attr-defined]
    assert department.solution_count == len(first.departments[0].solutions)
    assert department.name == first.departments[0].name  # the list's fields: there at once
    assert department._body is not None  # type: ignore[attr-defined]  # still not read
    assert department.headline == first.departments[0].headline  # the rest: on first read
    assert department.speaker == first.departments[0].speaker
    assert department.solutions == first.departments[0].solutions
    assert department._body is None  # type: ignore[attr-defined]  # decoded once, kept
    assert department == first.departments[0] and first.departments[0] == department
    assert hash(department) == hash(first.departments[0])
    assert cached == first
    fresh = content.load_cached(root)
    assert fresh is not None
    again = pickle.loads(pickle.dumps(fresh.departments[0]))  # a plain department
    assert type(again) is Department and again == first.departments[0]


def test_a_tampered_body_cannot_run_code_and_the_yaml_answers(
    make_store: MakeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body that is not what the app wrote (a callable inside, its checksum right) is
    never run: the department is taken from the YAML and the cache file is deleted."""
    root = make_store()
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    with monkeypatch.context() as patch:
        patch.setattr(content, "_body", lambda _department: pickle.dumps(Evil()))
        first = cli._load(root)  # cached with that body
    cached = content.load_cached(root)
    assert first is not None and cached is not None
    assert cached.departments[0].solutions == first.departments[0].solutions
    assert not marker.exists()
    assert not any((tmp_path / "cache").glob("store-*"))


def test_records_pickle_as_constructor_calls() -> None:
    """Records pickle as constructor calls and come back equal (a copy of a store)."""
    from tests.conftest import CONTENT
    from tui.store import load_store

    store = load_store(CONTENT)
    again = pickle.loads(pickle.dumps(store, protocol=5))
    assert again == store
    assert again.department("1") is again.departments[0]
    assert store.departments[0].__reduce__()[0] is type(store.departments[0])


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_a_damaged_cache_file_is_ignored(make_store: MakeStore, damage: str) -> None:
    root = make_store()
    first = cli._load(root)
    path = content._cache_file(root)
    assert first is not None and path is not None and path.exists()
    data = path.read_bytes()
    path.write_bytes(b"" if damage == "empty" else data[: len(data) // 2])
    assert content.load_cached(root) is None
    assert cli._load(root) == first  # read from the YAML again (and cached afresh)
    assert content.load_cached(root) == first


def test_a_cache_file_serves_only_its_own_folder(make_store: MakeStore, tmp_path: Path) -> None:
    """The file name is a CRC of the path; the path kept inside decides (a collision, or a
    copied cache, is a miss, not another folder's store)."""
    import shutil

    first = make_store()
    assert cli._load(first) is not None
    second = tmp_path / "copy"
    shutil.copytree(first, second)  # same names, sizes and modification times
    assert content.stamp(second) == content.stamp(first)
    mine, theirs = content._cache_file(first), content._cache_file(second)
    assert mine is not None and theirs is not None and mine != theirs
    shutil.copyfile(mine, theirs)
    assert content.load_cached(second) is None
    assert content.load_cached(first) is not None


def _cache_path(root: Path) -> Path:
    path = content._cache_file(root)
    assert path is not None and path.exists()
    return path


def test_every_single_bit_flip_is_detected(tmp_path: Path) -> None:
    """The checksums see any change: of 400 bits flipped one at a time over the whole cache
    of the bundled store (as it was released, 2,196 of 3,000 flips served altered text),
    none is served and none raises: a flip in the head is a miss, one in a body is found
    when that body is read, and the YAML answers either way."""
    import random
    import shutil

    from tests.conftest import CONTENT

    root = tmp_path / "bundled"
    shutil.copytree(CONTENT, root)
    first = cli._load(root)
    path = _cache_path(root)
    good = path.read_bytes()
    flips = random.Random(17).sample(range(len(good) * 8), 400)
    for bit in flips:
        damaged = bytearray(good)
        damaged[bit // 8] ^= 1 << (bit % 8)
        path.write_bytes(bytes(damaged))
        served = content.load_cached(root)
        assert served is None or served == first, bit  # == reads every body
        assert not path.exists(), bit  # found damaged and deleted, either way
    path.write_bytes(good)
    assert content.load_cached(root) == first


@pytest.mark.parametrize(
    "crafted",
    [
        b"\x80\x05\x95\xff\xff\xff\xff\xff\xff\xff\x7f",  # a frame of 2**63 bytes
        b"\x80\x05\x8e\xff\xff\xff\xff\xff\xff\x00\x00.",  # a 2**48-byte bytes object
        b"cbuiltins\nstr\n(C\x01aX\x05\x00\x00\x00rot13tR.",  # str(b'a', 'rot13')
        b"cbuiltins\nbytes\n(\x8a\x08\x00\x00\x00\x00\x00\x00\x00@tR.",  # bytes(2**62)
        b"(" * 100_000,  # nesting deeper than any store
        b"",
    ],
)
def test_crafted_cache_files_are_a_miss_never_a_crash(
    make_store: MakeStore, crafted: bytes
) -> None:
    """Small crafted files (a MemoryError, an OverflowError, the callables a store's
    unpickler used to allow): read as a miss, with or without a valid header and checksum."""
    import zlib

    root = make_store()
    first = cli._load(root)
    path = _cache_path(root)
    prefix = content.MAGIC + content._PREFIX.pack(zlib.crc32(crafted), len(crafted))
    for data in (crafted, prefix + crafted):
        path.write_bytes(data)
        assert content.load_cached(root) is None
        assert cli._load(root) == first


def test_what_the_reader_would_refuse_is_refused_from_the_cache(make_store: MakeStore) -> None:
    """A cache rewritten (checksum and all) with a key the reader refuses (`q`, which would
    stop q from quitting) or two departments with one id is not served."""

    root = make_store(
        departments={
            "01-finance.yaml": department_yaml(),
            "02-health.yaml": department_yaml("health", "2", 2),
        }
    )
    first = cli._load(root)
    path = _cache_path(root)
    head, bodies = _head_and_bodies(path.read_bytes())
    *identity, plain = pickle.loads(head)
    departments = plain[5]
    for bad in (
        ((*departments[0][:1], "q", *departments[0][2:]), *departments[1:]),
        (departments[0], (departments[0][0], *departments[1][1:])),
        ((*departments[0][:1], "\x1b", *departments[0][2:]), *departments[1:]),
    ):
        forged = pickle.dumps((*identity, (*plain[:5], bad)), protocol=5)
        path.write_bytes(_cache_with(forged, bodies))
        assert content.load_cached(root) is None
    assert cli._load(root) == first


def _head_and_bodies(data: bytes) -> tuple[bytes, bytes]:
    """A cache file's head and the bodies after it."""
    start = len(content.MAGIC) + content._PREFIX.size
    _crc, length = content._PREFIX.unpack(data[len(content.MAGIC) : start])
    return data[start : start + length], data[start + length :]


def _cache_with(head: bytes, bodies: bytes) -> bytes:
    """A cache file of this head (checksum and all) and these bodies."""
    import zlib

    return content.MAGIC + content._PREFIX.pack(zlib.crc32(head), len(head)) + head + bodies


def test_a_fifo_at_the_cache_path_does_not_hang_the_start(make_store: MakeStore) -> None:
    root = make_store()
    first = cli._load(root)
    path = _cache_path(root)
    path.unlink()
    os.mkfifo(path)
    assert content.load_cached(root) is None  # returns at once: not read, not deleted
    assert path.exists() and not path.is_file()
    assert cli._load(root) == first


def test_a_planted_link_is_not_followed_when_the_cache_is_written(
    make_store: MakeStore, tmp_path: Path, own_cache: Path
) -> None:
    """The temporary file is created exclusively under a name of its own: a link planted
    where the old code wrote (store-….<pid>.tmp) leaves its target alone; a full disk
    leaves no temporary file behind."""
    root = make_store()
    target = tmp_path / "victim"
    target.write_text("precious", encoding="utf-8")
    own_cache.mkdir(parents=True, exist_ok=True)
    name = content._cache_file(root)
    assert name is not None
    (own_cache / f"{name.stem}.{os.getpid()}.tmp").symlink_to(target)
    assert cli._load(root) is not None
    assert target.read_text(encoding="utf-8") == "precious"
    assert name.exists()


def test_a_cache_that_cannot_be_written_leaves_nothing(
    make_store: MakeStore, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    root = make_store()
    monkeypatch.setattr(os, "replace", full)
    assert cli._load(root) is not None
    assert not list(own_cache.glob("*.tmp")) and not list(own_cache.glob(".*.tmp"))


def _two_departments(make_store: MakeStore) -> Path:
    return make_store(
        departments={
            "01-finance.yaml": department_yaml(),
            "02-health.yaml": department_yaml("health", "2", 2),
        }
    )


def test_a_damaged_head_is_a_miss_and_the_cache_is_written_again(make_store: MakeStore) -> None:
    root = _two_departments(make_store)
    first = cli._load(root)
    path = _cache_path(root)
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[len(content.MAGIC) + content._PREFIX.size + 10] ^= 0x20  # a byte of the head
    path.write_bytes(bytes(damaged))
    assert content.load_cached(root) is None
    assert not path.exists()  # deleted
    assert cli._load(root) == first  # from the YAML, and cached again
    assert path.read_bytes() == good


def test_a_damaged_body_is_found_when_read_and_the_yaml_answers(make_store: MakeStore) -> None:
    """The start reads the head alone: a body damaged in the file is found when that
    department is first read; the YAML gives it, the cache file goes, the others still read."""
    root = _two_departments(make_store)
    first = cli._load(root)
    path = _cache_path(root)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01  # in the last department's body
    path.write_bytes(bytes(data))
    cached = content.load_cached(root)
    assert first is not None and cached is not None  # the head is sound: served
    assert [d.name for d in cached.departments] == [d.name for d in first.departments]
    assert path.exists()  # nothing read yet
    assert cached.departments[1].solutions == first.departments[1].solutions
    assert not path.exists()  # found damaged when read, and deleted
    assert cached.departments[0].solutions == first.departments[0].solutions
    assert cached == first


def test_a_store_reads_the_cache_it_was_loaded_from_after_an_edit(
    make_store: MakeStore,
) -> None:
    """A store keeps its cache file open: an edit, and the cache written anew for it, leave
    the bodies it has not read yet as they were when it was loaded (not damaged)."""
    root = _two_departments(make_store)
    first = cli._load(root)
    cached = content.load_cached(root)
    path = root / "departments" / "02-health.yaml"
    path.write_text(department_yaml("health", "2", 2).replace("إدارة", "مديرية"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    edited = cli._load(root)  # stale: from the YAML, and cached afresh
    assert first is not None and cached is not None and edited is not None
    assert edited.departments[1] != first.departments[1]
    assert content.load_cached(root) == edited
    assert cached.departments[1].headline == first.departments[1].headline  # read now
    assert cached == first
    assert content.load_cached(root) == edited  # the new cache was left alone


def test_the_browser_caches_a_store_read_from_yaml_after_its_first_frame(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`load(defer_save=True)` writes a small store's cache at once and a large one's not;
    `save_deferred` writes the cache of that store, and of no other."""
    root = make_store()
    store = content.load(root, defer_save=True)
    assert content.load_cached(root) == store  # small: milliseconds, written at once
    _cache_path(root).unlink()
    monkeypatch.setattr(content, "DEFER_SAVE_FROM", 1)
    store = content.load(root, defer_save=True)
    assert content.load_cached(root) is None  # nothing written yet
    content.save_deferred(root, store)
    assert content.load_cached(root) == store
    _cache_path(root).unlink()
    store = content.load(root, defer_save=True)
    content.save_deferred(root, content.load(root, cache=False))  # not the store deferred
    assert content.load_cached(root) is None
    content.save_deferred(root, store)  # that one's own call
    assert content.load_cached(root) == store


async def test_a_browser_leaving_before_it_cached_its_store_caches_it_on_the_way_out(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quit (or a hang-up) within a second of a start from YAML: the next start is warm."""
    from tui.app import PolicyBrowser

    root = make_store()
    monkeypatch.setattr(content, "DEFER_SAVE_FROM", 1)
    monkeypatch.setattr("tui.app.INDEX_DELAY", 60.0)  # the index worker would write it
    store = content.load(root, defer_save=True)
    app = PolicyBrowser(store, content_dir=root, lang="en", watch=False, cursor_blink=False)
    async with app.run_test() as pilot:
        assert content.load_cached(root) is None
        await pilot.press("q")
    assert content.load_cached(root) == app.store


def test_the_theme_filter_counts_come_from_the_head(make_store: MakeStore) -> None:
    """Which solutions carry which themes is in the head: a theme filter (or a start with
    one) reads no body; a head whose themes are not the body's is caught when they are read."""
    from tui.selection import StoreViews

    root = _two_departments(make_store)
    first = cli._load(root)
    cached = content.load_cached(root)
    assert first is not None and cached is not None
    assert StoreViews(cached).by_theme == StoreViews(first).by_theme
    assert all(d._body is not None for d in cached.departments)  # type: ignore[attr-defined]
    path = _cache_path(root)
    head, bodies = _head_and_bodies(path.read_bytes())
    *identity, plain = pickle.loads(head)
    for themes in ((("elsewhere",), ("planning",)), (["planning"], ("planning",)), (("tourism",),)):
        department = (*plain[5][0][:4], themes, *plain[5][0][5:])
        forged = (*plain[:5], (department, *plain[5][1:]))
        path.write_bytes(_cache_with(pickle.dumps((*identity, forged), protocol=5), bodies))
        cached = content.load_cached(root)
        assert cached is not None  # the head is read; its themes are checked when used
        if themes[0] != ("tourism",):  # what the reader would refuse: the body is read
            assert StoreViews(cached).by_theme == StoreViews(first).by_theme
        assert cached == first and not path.exists()  # the body, unlike, then the YAML


def test_a_body_decoded_meanwhile_is_not_taken_for_a_damaged_one(make_store: MakeStore) -> None:
    """Two threads that find a department's text unread both decode it: the later finds
    it decoded, and neither reads the YAML nor deletes the cache."""
    root = make_store()
    first = cli._load(root)
    cached = content.load_cached(root)
    assert first is not None and cached is not None
    department = cached.departments[0]
    assert department.solutions == first.departments[0].solutions
    department._decode()  # type: ignore[attr-defined]  # as the later thread does
    assert _cache_path(root).exists()
    assert department == first.departments[0]


def test_a_store_deferred_later_is_not_lost_to_an_earlier_ones_call(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two reloads close together: the first store's late `save_deferred` leaves the second
    store's pending save alone, which its own call then writes."""
    monkeypatch.setattr(content, "DEFER_SAVE_FROM", 1)
    root = make_store()
    first = content.load(root, defer_save=True)
    path = next((root / "departments").glob("*.yaml"))
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
    second = content.load(root, defer_save=True)
    content.save_deferred(root, first)  # late: another store's
    assert content.load_cached(root) is None
    content.save_deferred(root, second)
    assert content.load_cached(root) == second
