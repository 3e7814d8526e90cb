"""The cache of validated stores: used while nothing changed, never trusted beyond the model."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import department_yaml
from tui import cli, store_cache
from tui.model import Store

MakeStore = Callable[..., Path]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TUI_CACHE_DIR", str(folder))
    monkeypatch.delenv("TUI_CACHE", raising=False)
    return folder


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
    assert store_cache.load_cached(root) is None
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
    before = store_cache.stamp(root)
    assert cli._load(root) is not None
    assert store_cache.last_stamp(root) == before  # what was read, not what is there now
    assert store_cache.stamp(root) != before  # so the app's first check reloads
    assert store_cache.load_cached(root) is None  # and nothing was cached
    monkeypatch.setattr("tui.store.load_store", real_load)
    assert cli._load(root) is not None  # an unchanged folder: the cache is written now
    assert store_cache.last_stamp(root) == store_cache.stamp(root)


def test_cached_departments_decode_their_text_only_when_read(make_store: MakeStore) -> None:
    root = make_store()
    first = cli._load(root)  # from the YAML; writes the cache
    cached = store_cache.load_cached(root)
    assert first is not None and cached is not None
    department = cached.departments[0]
    assert department._pickled is not None  # type: ignore[attr-defined]
    assert department.solution_count == len(first.departments[0].solutions)
    assert department.name == first.departments[0].name  # the list's fields: there at once
    assert department._pickled is not None  # type: ignore[attr-defined]  # still not decoded
    assert department.headline == first.departments[0].headline  # the rest: on first read
    assert department.speaker == first.departments[0].speaker
    assert department.solutions == first.departments[0].solutions
    assert department._pickled is None  # type: ignore[attr-defined]  # decoded once, kept
    assert department == first.departments[0] and first.departments[0] == department
    assert hash(department) == hash(first.departments[0])
    assert cached == first
    fresh = store_cache.load_cached(root)  # a cache written from a cache: still undecoded
    assert fresh is not None
    again = pickle.loads(pickle.dumps(fresh.departments[0]))
    assert fresh.departments[0]._pickled is not None  # type: ignore[attr-defined]
    assert again == first.departments[0]


def test_a_tampered_solutions_blob_cannot_run_code(make_store: MakeStore, tmp_path: Path) -> None:
    root = make_store()
    assert cli._load(root) is not None
    cached = store_cache.load_cached(root)
    assert cached is not None
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    department = cached.departments[0]
    object.__setattr__(department, "_pickled", pickle.dumps(Evil()))
    with pytest.raises(pickle.UnpicklingError):
        _ = department.solutions
    assert not marker.exists()


def test_records_pickle_as_constructor_calls() -> None:
    """The store cache's format: records come back equal, with the derived index rebuilt."""
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
    path = store_cache._cache_file(root)
    assert first is not None and path is not None and path.exists()
    data = path.read_bytes()
    path.write_bytes(b"" if damage == "empty" else data[: len(data) // 2])
    assert store_cache.load_cached(root) is None
    assert cli._load(root) == first  # read from the YAML again (and cached afresh)
    assert store_cache.load_cached(root) == first


def test_a_cache_file_serves_only_its_own_folder(make_store: MakeStore, tmp_path: Path) -> None:
    """The file name is a CRC of the path; the path kept inside decides (a collision, or a
    copied cache, is a miss, not another folder's store)."""
    import shutil

    first = make_store()
    assert cli._load(first) is not None
    second = tmp_path / "copy"
    shutil.copytree(first, second)  # same names, sizes and modification times
    assert store_cache.stamp(second) == store_cache.stamp(first)
    mine, theirs = store_cache._cache_file(first), store_cache._cache_file(second)
    assert mine is not None and theirs is not None and mine != theirs
    shutil.copyfile(mine, theirs)
    assert store_cache.load_cached(second) is None
    assert store_cache.load_cached(first) is not None
