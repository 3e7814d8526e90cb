"""A store edited since it was cached: only the department files that changed are read,
the others' departments come from the cache, and what a user sees (the store, or its
problems: text, files, lines, order) is what reading every file gives."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import department_yaml
from tui import content
from tui.problems import StoreError
from tui.store import load_store

MakeStore = Callable[..., Path]

pytestmark = pytest.mark.usefixtures("own_cache")

FILES = {
    "01-finance.yaml": department_yaml("finance", "1", 1),
    "02-health.yaml": department_yaml("health", "2", 2),
    "03-ab.yaml": department_yaml("ab", "3", 3),
}


@pytest.fixture
def cached_store(make_store: MakeStore) -> Path:
    """Three departments, loaded once so that their cache is written."""
    root = make_store(departments=FILES)
    content.load(root)
    assert content.load_cached(root) is not None
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the department files read from YAML, as they are read."""
    import tui.store
    from tui.store_workers import read_department_files as real

    read: list[str] = []

    def recording(paths: list[Path], *args: object) -> object:
        read.extend(path.name for path in paths)
        return real(paths, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.store, "read_department_files", recording)
    return read


def _write(root: Path, name: str, text: str) -> None:
    path = root / "departments" / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # an edit within the same tick is seen too


def _problems(root: Path) -> list[str]:
    """What `content.load` says is wrong with the store."""
    with pytest.raises(StoreError) as raised:
        content.load(root)
    return [str(problem) for problem in raised.value.problems]


def _full_read_problems(root: Path) -> list[str]:
    with pytest.raises(StoreError) as raised:
        load_store(root)
    return [str(problem) for problem in raised.value.problems]


def test_an_edited_file_is_the_only_one_read(cached_store: Path, reads: list[str]) -> None:
    _write(cached_store, "02-health.yaml", FILES["02-health.yaml"].replace("المالية", "الصحة"))
    store = content.load(cached_store)
    assert reads == ["02-health.yaml"]
    assert store.departments[1].name.ar == "إدارة الصحة"
    assert store == load_store(cached_store)
    assert content.load_cached(cached_store) == store  # and cached


def test_a_removed_file_takes_its_department_away(cached_store: Path, reads: list[str]) -> None:
    (cached_store / "departments" / "02-health.yaml").unlink()
    store = content.load(cached_store)
    assert reads == [] and [d.id for d in store.departments] == ["finance", "ab"]
    assert content.load_cached(cached_store) == store == load_store(cached_store)


def test_an_added_file_brings_its_department(cached_store: Path, reads: list[str]) -> None:
    _write(cached_store, "04-water.yaml", department_yaml("water", "4", 4))
    store = content.load(cached_store)
    assert reads == ["04-water.yaml"]
    assert [d.id for d in store.departments] == ["finance", "health", "ab", "water"]
    assert content.load_cached(cached_store) == store == load_store(cached_store)


def test_a_renamed_file_is_read_again(cached_store: Path, reads: list[str]) -> None:
    """A move keeps the size and modification time; the name is new, so it is read."""
    folder = cached_store / "departments"
    (folder / "03-ab.yaml").rename(folder / "09-ab.yaml")
    assert [d.id for d in content.load(cached_store).departments] == ["finance", "health", "ab"]
    assert reads == ["09-ab.yaml"]


def test_an_editors_leftover_reads_nothing(cached_store: Path, reads: list[str]) -> None:
    """A swap file changes the stamp but is no department: nothing is read, the store is
    cached at its new stamp."""
    (cached_store / "departments" / ".02-health.yaml.swp").write_bytes(b"\0")
    store = content.load(cached_store)
    assert reads == [] and store == load_store(cached_store)
    assert content.load_cached(cached_store) == store


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("01-finance.yaml", ('key: "1"', 'key: "2"')),  # the problem is at a cached file
        ("03-ab.yaml", ('key: "3"', 'key: "2"')),  # it names a cached file's line
        ("03-ab.yaml", ("order: 3", "order: 1")),
        ("03-ab.yaml", ('key: "3"', 'key: "23"')),  # a cached key is its start
        ("01-finance.yaml", ('key: "1"', 'key: "22"')),  # it is a cached key's start
        ("01-finance.yaml", ('key: "1"', 'key: "ab"')),  # a cached department's id
        ("03-ab.yaml", ("id: ab", "id: finance")),  # and the file's name, in the file
        ("02-health.yaml", ("speaker:", "speaker: 1\nx:")),  # a problem in the file only
    ],
)
def test_problems_across_files_are_those_of_a_full_read(
    cached_store: Path, reads: list[str], name: str, edit: tuple[str, str]
) -> None:
    """A key, order or id that clashes between an edited file and unchanged ones: the same
    messages, files, lines and order as reading every file."""
    _write(cached_store, name, FILES[name].replace(*edit))
    found = _problems(cached_store)
    assert reads == [name]  # only the edited file was read
    assert found == _full_read_problems(cached_store)
    assert content.load_cached(cached_store) is None  # the old cache is kept, not served
    _write(cached_store, name, FILES[name])  # put right: read again, from that cache
    reads.clear()
    store = content.load(cached_store)
    assert reads == [name] and store == load_store(cached_store)


def test_a_key_moved_between_two_edited_files(cached_store: Path) -> None:
    _write(cached_store, "01-finance.yaml", FILES["01-finance.yaml"].replace('"1"', '"5"'))
    _write(cached_store, "03-ab.yaml", FILES["03-ab.yaml"].replace('"3"', '"1"'))
    store = content.load(cached_store)
    assert [d.key for d in store.departments] == ["5", "2", "1"]
    assert store == load_store(cached_store)


@pytest.mark.parametrize("name", ["themes.yaml", "store.yaml"])
def test_a_change_to_the_settings_reads_every_file(
    cached_store: Path, reads: list[str], name: str
) -> None:
    path = cached_store / name
    path.write_text(path.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
    _write(cached_store, "02-health.yaml", FILES["02-health.yaml"] + "# edited\n")
    store = content.load(cached_store)
    assert sorted(reads) == sorted(FILES)
    assert store == load_store(cached_store)


def test_a_theme_removed_is_found_in_unchanged_files(cached_store: Path) -> None:
    path = cached_store / "themes.yaml"
    path.write_text(path.read_text("utf-8").split("  - id: tourism")[0], encoding="utf-8")
    found = _problems(cached_store)
    assert len(found) == 3 and all("unknown theme 'tourism'" in p for p in found)
    assert found == _full_read_problems(cached_store)


@pytest.mark.parametrize("damage", ["a byte of the head", "cut short"])
def test_a_damaged_old_cache_means_a_full_read(
    cached_store: Path, reads: list[str], damage: str
) -> None:
    path = content._cache_file(cached_store)
    assert path is not None
    data = bytearray(path.read_bytes())
    if damage == "cut short":
        del data[-10:]
    else:
        data[len(content.MAGIC) + content._PREFIX.size + 10] ^= 0x20
    path.write_bytes(bytes(data))
    _write(cached_store, "02-health.yaml", FILES["02-health.yaml"] + "# edited\n")
    store = content.load(cached_store)
    assert sorted(reads) == sorted(FILES)
    assert store == load_store(cached_store)
    assert content.load_cached(cached_store) == store


def test_a_damaged_body_kept_from_the_old_cache_is_read_from_the_yaml(
    cached_store: Path,
) -> None:
    """A body is checked when it is copied into the new cache and when it is read: the
    department comes from its file either way."""
    path = content._cache_file(cached_store)
    assert path is not None
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01  # in the last department's body
    path.write_bytes(bytes(data))
    _write(cached_store, "01-finance.yaml", FILES["01-finance.yaml"] + "# edited\n")
    store = content.load(cached_store)
    assert store == load_store(cached_store)


def test_unchanged_departments_are_copied_to_the_new_cache_unread(cached_store: Path) -> None:
    """Saving the store read again does not decode the departments it kept."""
    _write(cached_store, "02-health.yaml", FILES["02-health.yaml"] + "# edited\n")
    store = content.load(cached_store)
    kept = [store.departments[0], store.departments[2]]
    assert all(d._body is not None for d in kept)  # type: ignore[attr-defined]
    cached = content.load_cached(cached_store)
    assert cached == store == load_store(cached_store)
