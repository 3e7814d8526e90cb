"""Department keys (issue 19): optional, and reached without one by every other way in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app_builder import build_app
from tests.conftest import cli, department_yaml
from tui import content
from tui.app import PolicyBrowser
from tui.screens.main import MainScreen
from tui.screens.palette import BidiCommandPalette
from tui.store import StoreError, load_store
from tui.widgets.department_list import DepartmentList
from tui.widgets.rtl_text import BidiText

MakeStore = Callable[..., Path]


def keyless(dept_id: str, order: int) -> str:
    """A department file without a key."""
    lines = department_yaml(dept_id, "x", order).splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("key:"))


@pytest.fixture
def mixed(make_store: MakeStore) -> Path:
    """finance (key 1), then water and roads without keys."""
    return make_store(
        departments={
            "01-finance.yaml": department_yaml(),
            "02-water.yaml": keyless("water", 2),
            "03-roads.yaml": keyless("roads", 3),
        }
    )


def test_a_department_without_a_key_loads(mixed: Path) -> None:
    store = load_store(mixed)
    assert [d.key for d in store.departments] == ["1", None, None]
    assert store.keys() == ["1"]
    assert store.find("water") is store.departments[1]
    assert store.find("3") is store.departments[2]


def test_the_cache_keeps_a_missing_key(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TUI_CACHE", raising=False)
    first = content.load(mixed)
    cached = content.load_cached(mixed)
    assert cached is not None
    assert cached == first
    assert [d.key for d in cached.departments] == ["1", None, None]


def test_list_show_and_exports_leave_a_missing_key_out(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(capsys, "list", "--content", str(mixed), "--lang", "en")
    assert status == 0
    assert "1  Department of Finance" in out
    assert "None" not in out
    status, out, _ = cli(capsys, "export", "--content", str(mixed), "--format", "json")
    assert status == 0
    assert [d["key"] for d in json.loads(out)["departments"]] == ["1", None, None]
    for kind in ("markdown", "html"):
        status, out, _ = cli(capsys, "export", "--content", str(mixed), "--format", kind)
        assert status == 0
        assert "None" not in out


async def test_the_browser_lists_a_keyless_department_and_goes_to_it(mixed: Path) -> None:
    app = build_app(lang="en", content=mixed)
    async with app.run_test(size=(100, 30)) as pilot:
        listing = app.main_screen.query_one(DepartmentList)
        assert listing.ids == ["finance", "water", "roads"]
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, BidiCommandPalette)
        await pilot.press(*"roa")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.selected == "roads"


# Longer keys, typed a character at a time


@pytest.fixture
def longer(make_store: MakeStore) -> Path:
    """finance 12, water 13, roads 2."""
    return make_store(
        departments={
            "01-finance.yaml": department_yaml(key="12"),
            "02-water.yaml": department_yaml("water", "13", 2),
            "03-roads.yaml": department_yaml("roads", "2", 3),
        }
    )


def test_a_key_may_be_several_characters(longer: Path) -> None:
    store = load_store(longer)
    assert store.keys() == ["12", "13", "2"]
    assert store.key_continues("1") == {"2", "3"}
    assert store.key_continues("12") == frozenset()


def test_a_key_that_starts_another_is_refused_naming_both(make_store: MakeStore) -> None:
    root = make_store(
        departments={
            "01-finance.yaml": department_yaml(key="1"),
            "02-water.yaml": department_yaml("water", "12", 2),
        }
    )
    with pytest.raises(StoreError) as caught:
        load_store(root)
    [problem] = caught.value.problems
    assert (problem.path.name, problem.line) == ("02-water.yaml", 2)
    assert problem.message.startswith("key '12' starts with '1', the key of 01-finance.yaml:2")


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("q1", "key 'q1' starts with 'q', which is reserved for an app command"),
        ("ض1", "key 'ض1' starts with 'ض', which is what an Arabic keyboard sends for 'q'"),
        ("12345", "key '12345' must be 1 to 4 visible characters"),
        ("1 2", "key '1 2' must be 1 to 4 visible characters"),
    ],
)
def test_a_longer_key_follows_the_rules_of_its_first_character(
    make_store: MakeStore, key: str, says: str
) -> None:
    root = make_store(departments={"01-finance.yaml": department_yaml(key=key)})
    with pytest.raises(StoreError) as caught:
        load_store(root)
    [problem] = caught.value.problems
    assert problem.message.startswith(says)


def status_of(app: PolicyBrowser) -> str:
    return app.main_screen.query_one("#status-bar", BidiText).plain


async def test_a_longer_key_is_typed_with_its_start_shown(longer: Path) -> None:
    app = build_app(lang="en", content=longer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        assert app.main_screen.selected == "roads"
        await pilot.press("1")
        assert "1…" in status_of(app)
        assert app.main_screen.selected == "roads"
        await pilot.press("3")
        assert app.main_screen.selected == "water"
        assert "1…" not in status_of(app)
        await pilot.press("1", "escape", "2")  # Escape forgets the 1: 2 is roads
        assert app.main_screen.selected == "roads"
        await pilot.press("١", "٢")  # Arabic-Indic digits are the digits
        assert app.main_screen.selected == "finance"


async def test_a_started_key_is_forgotten_after_a_second(longer: Path) -> None:
    app = build_app(lang="en", content=longer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        assert "1…" in status_of(app)
        await pilot.pause(1.3)
        assert "1…" not in status_of(app)
        await pilot.press("2")
        assert app.main_screen.selected == "roads"


# A large store


LARGE = 10_000


@pytest.mark.slow
async def test_a_keyless_store_of_ten_thousand_departments_validates_and_opens(
    make_store: MakeStore,
) -> None:
    """No department limit short of memory, and no key needed (small departments, so that
    the test takes seconds; the benchmark suite times a full-sized one)."""
    root = make_store(departments={"00001-finance.yaml": keyless("finance", 1)})
    template = keyless("finance", 1)
    for order in range(2, LARGE + 1):
        text = template.replace("id: finance", f"id: d{order}").replace(
            "order: 1", f"order: {order}"
        )
        (root / "departments" / f"{order:05d}-d{order}.yaml").write_text(text, "utf-8")
    store = load_store(root)
    assert len(store.departments) == LARGE
    assert store.keys() == []
    app = build_app(lang="en", content=root)
    async with app.run_test(size=(100, 30)) as pilot:
        listing = app.main_screen.query_one(DepartmentList)
        assert listing.row_count == LARGE
        await pilot.press("end")
        await pilot.pause()
        assert app.main_screen.selected == f"d{LARGE}"


async def test_a_key_that_does_not_go_on_from_a_started_one_still_does_its_own_job(
    longer: Path,
) -> None:
    """1 then j: no key starts 1j; the start is forgotten and j moves down the list."""
    app = build_app(lang="en", content=longer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")  # roads, the last row
        await pilot.press("k")  # up: water
        assert app.main_screen.selected == "water"
        await pilot.press("1", "k")
        await pilot.pause()
        assert app.main_screen.selected == "finance"  # k moved up, after all
        assert "1…" not in status_of(app)
