"""`list`: departments with key, id, name and (matching) solution counts, text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import THEMES_YAML, cli, run_tui
from tui.rtl import layout
from tui.store import load_store

MakeStore = Callable[..., Path]

LIST_KEYS = {"lang", "filter", "department_count", "solution_count", "departments"}
ROW_KEYS = {"id", "key", "order", "name", "solution_count", "matching_count"}
THEME_REF_KEYS = {"id", "label"}


def test_piped_list_is_logical_text_one_row_per_department() -> None:
    result = run_tui("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "الإدارات"
    assert lines[1] == "1  إدارة المالية · finance · الحلول: 6"
    assert len(lines) == 13
    assert "\x1b" not in result.stdout


def test_list_filtered_by_theme_counts_matching_solutions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = cli(capsys, "list", "--theme", "tourism", "--lang", "en", "--logical")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Departments — Filter: Tourism"
    assert lines[1] == "1  Department of Finance · finance · Solutions: 2 of 6"
    assert all("of" in line for line in lines[1:])
    assert not any("home-affairs" in line for line in lines)


def test_list_visual_is_shaped_right_aligned_and_styled(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    code, out, _ = cli(capsys, "list", "--visual", "--width", "60")
    assert code == 0
    assert "\x1b[" in out  # Rich styles (bold key, dim id)
    plain = strip_ansi(out)
    rows = plain.splitlines()
    assert rows[0] == layout("الإدارات", 60)[0].rjust(60)
    assert "إدارة" not in plain  # shaped presentation forms, not logical letters
    assert all(cell_len(row) <= 60 for row in rows)  # harakat take no cell
    assert rows[1].rstrip().endswith("1")  # the key sits at the right edge


def test_list_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "list", "--format", "json", "--theme", "health")
    assert code == 0
    data = json.loads(out)
    assert set(data) == LIST_KEYS
    assert data["lang"] == "ar"
    assert data["filter"] == [{"id": "health", "label": "الصحة"}]
    assert all(set(theme) == THEME_REF_KEYS for theme in data["filter"])
    for row in data["departments"]:
        assert set(row) == ROW_KEYS
        assert 0 < row["matching_count"] <= row["solution_count"]
    store = load_store()
    expected = [d.id for d in store.departments if d.matching(frozenset({"health"}))]
    assert [row["id"] for row in data["departments"]] == expected
    assert data["department_count"] == len(expected)
    assert data["solution_count"] == sum(r["matching_count"] for r in data["departments"])


def test_list_json_without_filter_lists_everything(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "list", "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert code == 0
    assert data["filter"] == []
    assert data["department_count"] == 12
    assert data["departments"][0]["name"] == "Department of Finance"
    assert all(r["matching_count"] == r["solution_count"] for r in data["departments"])


def test_list_theme_without_solutions_exits_1(
    capsys: pytest.CaptureFixture[str], make_store: MakeStore
) -> None:
    themes = THEMES_YAML + '  - id: health\n    label: {ar: "الصحة", en: "Health"}\n'
    root = make_store(themes=themes)
    code, out, _ = cli(capsys, "list", "--theme", "health", "--content", str(root))
    assert code == 1
    assert out.splitlines()[-1] == "لا توجد إدارة مطابقة"
    code, out, _ = cli(
        capsys, "list", "--theme", "health", "--format", "json", "--content", str(root)
    )
    assert code == 1
    assert json.loads(out)["departments"] == []


def test_list_unknown_theme_exits_2_naming_the_themes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "list", "--theme", "space")
    assert code == 2
    assert out == ""
    assert "unknown theme 'space'; choose one of: planning, investment," in err


def strip_ansi(text: str) -> str:
    """Text without CSI sequences."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
