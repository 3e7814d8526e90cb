"""`search`: hits grouped by department, highlighted on a terminal, JSON with spans."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from tests.conftest import STYLING, cli, run_tui
from tui.cli import main
from tui.rtl import layout
from tui.search import SearchIndex, group_by_department
from tui.store import load_store

SEARCH_KEYS = {"query", "lang", "hit_count", "department_count", "departments"}
GROUP_KEYS = {"id", "key", "name", "hits"}
HIT_KEYS = {"field", "number", "lang", "text", "spans", "themes"}

REVERSED = re.compile(r"\x1b\[[0-9;]*7[0-9;]*m([^\x1b]*)\x1b\[0m")


def test_piped_search_is_grepable_logical_text() -> None:
    result = run_tui("search", "السياحة", "الخضراء")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "المطابقات: 1 (منها 1 في الحلول)، في 1 من الإدارات",
        "",
        "6  إدارة الشؤون الخارجية · foreign-affairs",
        "  الحل 3: التركيز على توسيع نطاق الشركاء ومجالات التعاون، وجذب الموارد الخارجية "
        "للاستثمار في تطوير السياحة الخضراء، والسياحة المجتمعية، والزراعة التقليدية، "
        "وتصدير العمالة، والتجارة.",
    ]


def test_search_groups_hits_by_department_in_rank_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "search", "tourism", "--lang", "en")
    assert code == 0
    store = load_store()
    groups = group_by_department(SearchIndex.build(store).search("tourism", "en"))
    headers = [line for line in out.splitlines() if line and not line.startswith(" ")]
    hits = [hit for group in groups.values() for hit in group]
    solutions = sum(1 for hit in hits if hit.solution is not None)
    assert (
        headers[0]
        == f"Matches: {len(hits)} ({solutions} in solutions), in {len(groups)} departments"
    )
    expected = [store.department(d) for d in groups]
    assert headers[1:] == [f"{d.key}  {d.name.en} · {d.id}" for d in expected if d]
    assert "  solution 4: Draw up an annual investment promotion programme" in out


def test_search_visual_highlights_the_matched_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    code, out, _ = cli(capsys, "search", "السياحة", "الخضراء", "--visual", "--width", "80")
    assert code == 0
    highlighted = REVERSED.findall(out)
    # Both words, shaped and in visual order, each inside a reverse-video span.
    assert layout("السياحة", 80)[0] in highlighted
    assert layout("الخضراء", 80)[0] in highlighted
    assert all(cell_len(row) <= 80 for row in STYLING.sub("", out).splitlines())


def test_search_logical_has_no_escape_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "search", "الاستثمار", "--logical", "--width", "50")
    assert code == 0
    assert "\x1b" not in out
    assert "الاستثمار" in out


def test_search_json_shape_and_spans(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "search", "green", "tourism", "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert set(data) == SEARCH_KEYS
    assert data["query"] == "green tourism" and data["lang"] == "en"
    assert data["hit_count"] == sum(len(g["hits"]) for g in data["departments"])
    assert data["department_count"] == len(data["departments"]) >= 1
    for group in data["departments"]:
        assert set(group) == GROUP_KEYS
        for hit in group["hits"]:
            assert set(hit) == HIT_KEYS
            words = {hit["text"][a:b].lower() for a, b in hit["spans"]}
            assert words <= {"green", "tourism"}
            if hit["field"] == "solution":
                assert hit["number"] >= 1 and hit["themes"]
            else:
                assert hit["number"] is None and hit["themes"] == []


def test_search_both_languages_labels_each_hit(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(cli(capsys, "search", "الصحة", "health", "--format", "json")[1])
    assert data["lang"] == "both"
    assert data["hit_count"] == 0  # all words must match, and no text has both languages
    data = json.loads(cli(capsys, "search", "health", "--format", "json")[1])
    assert {hit["lang"] for g in data["departments"] for hit in g["hits"]} == {"en"}


def test_search_without_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "search", "زرافة")
    assert code == 1
    assert out == ""
    assert err.strip() == "لا نتائج لـ «زرافة»"
    code, out, _ = cli(capsys, "search", "giraffe", "--format", "json")
    assert code == 1
    assert json.loads(out)["departments"] == []


def test_search_without_words_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "search", "...")
    assert code == 2
    assert "has no words to search for" in err


def test_search_bad_language_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["search", "x", "--lang", "fr"])
    assert raised.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err
