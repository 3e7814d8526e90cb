"""`show`: one department in full as logical text, visual text, JSON and Markdown."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from tests.conftest import STYLING, cli
from tui.cli import main
from tui.rtl import layout
from tui.store import load_store

SHOW_KEYS = {"lang", "department", "source"}
DEPARTMENT_KEYS = {
    "id", "key", "order", "name", "headline", "speaker", "intro", "solutions", "translation_note"
}  # fmt: skip
SPEAKER_KEYS = {"name", "role"}
SOLUTION_KEYS = {"number", "text", "themes", "translated", "suggested", "translation_note"}
THEME_REF_KEYS = {"id", "label"}
SOURCE_KEYS = {"outlet", "url", "published", "note"}


def test_show_logical_has_every_part_in_reading_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "show", "finance")
    assert code == 0
    assert "\x1b" not in out
    lines = out.splitlines()
    department = load_store().department("finance")
    assert department is not None
    assert lines[0] == "1  إدارة المالية  finance"
    assert lines[1] == department.headline.ar
    assert lines[2] == f"المتحدث: {department.speaker.name.ar}، {department.speaker.role.ar}"
    assert "الحلول" in lines
    for number, solution in enumerate(department.solutions, 1):
        assert f"{number}. {solution.text.ar}" in lines
    assert "   المواضيع: الاستثمار، السياحة" in lines  # solution 4's theme labels
    assert lines[-2].startswith("المصدر: Báo Tuyên Quang، 2025-09، https://")


def test_show_by_key_in_english_with_intro(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "show", "4", "--lang", "en", "--logical")
    assert code == 0
    department = load_store().department("4")
    assert department is not None
    assert (
        out.splitlines()[0]
        == "4  Department of Culture, Sports and Tourism  culture-sports-tourism"
    )
    assert department.intro.en.split("\n")[0] in out.splitlines()
    assert "Themes: " in out


def test_show_logical_width_wraps_without_reordering(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "show", "finance", "--width", "40", "--logical")
    assert code == 0
    assert all(cell_len(line) <= 40 for line in out.splitlines())
    department = load_store().department("finance")
    assert department is not None
    # Lines break at spaces, in reading order: joined again they give the stored text.
    assert f"1. {department.solutions[0].text.ar}" in " ".join(out.splitlines())


def test_show_visual_is_laid_out_by_the_rtl_engine(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    code, out, _ = cli(capsys, "show", "finance", "--visual", "--width", "72")
    assert code == 0
    plain = STYLING.sub("", out)
    rows = plain.splitlines()
    department = load_store().department("finance")
    assert department is not None
    headline = layout(department.headline.ar, 72)
    assert [row.lstrip() for row in rows[1 : 1 + len(headline)]] == headline
    assert all(cell_len(row) <= 72 for row in rows)
    assert "المالية" not in plain
    assert "\x1b[1m" in out  # bold headings


def test_show_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "show", "health", "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert set(data) == SHOW_KEYS
    assert data["lang"] == "en"
    dept = data["department"]
    assert set(dept) == DEPARTMENT_KEYS
    assert set(dept["speaker"]) == SPEAKER_KEYS
    assert set(data["source"]) == SOURCE_KEYS
    assert dept["id"] == "health" and dept["key"] == "a"
    assert [s["number"] for s in dept["solutions"]] == list(range(1, len(dept["solutions"]) + 1))
    for solution in dept["solutions"]:
        assert set(solution) == SOLUTION_KEYS
        assert all(set(theme) == THEME_REF_KEYS for theme in solution["themes"])
    assert '"name": "Department of Health"' in out  # indent=2, real Unicode
    assert "\\u06" not in cli(capsys, "show", "health", "--format", "json")[1]


def test_show_json_without_intro_has_empty_string(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(cli(capsys, "show", "finance", "--format", "json")[1])
    assert data["department"]["intro"] == ""


def test_show_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "show", "5", "--format", "markdown")
    assert code == 0
    assert '<a id="science-technology"></a>' in out
    assert "## 5 · إدارة العلوم والتكنولوجيا" in out
    assert "### الحلول" in out
    assert re.search(r"^1\. ", out, re.MULTILINE)
    assert "   *المواضيع: " in out
    assert "57-NQ/TW" in out
    assert "المصدر: [Báo Tuyên Quang](<https://" in out


def test_show_unknown_department_exits_2_listing_keys_and_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(capsys, "show", "z")
    assert code == 2
    assert out == ""
    assert err.startswith("policy-browser show: unknown department 'z'; choose a key or id (")
    assert "1=finance" in err and "b=commune-party" in err


def test_show_needs_a_department(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["show"])
    assert raised.value.code == 2
    assert "the following arguments are required: department" in capsys.readouterr().err
