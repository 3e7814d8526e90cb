"""Department keys (issue 19): optional, and reached without one by every other way in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app_builder import build_app
from tests.conftest import cli, department_yaml
from tui import content
from tui.screens.main import MainScreen
from tui.screens.palette import BidiCommandPalette
from tui.store import load_store
from tui.widgets.department_list import DepartmentList

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
        assert [option.id for option in listing.options] == ["finance", "water", "roads"]
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, BidiCommandPalette)
        await pilot.press(*"roa")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.selected == "roads"
