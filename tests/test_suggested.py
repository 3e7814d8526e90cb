"""Suggested themes and English not yet translated: the loader, the cache, `validate`, the
detail pane."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.app_builder import build_app
from tests.conftest import cli, department_yaml
from tui.content import load
from tui.model import Lang
from tui.problems import StoreError
from tui.store import load_store
from tui.widgets.detail import DetailPane

MakeStore = Callable[..., Path]

SOLUTIONS = """\
solutions:
  - text: {ar: "ابتكار ترويج الاستثمار", en: ""}
    themes: []
    suggested: [planning, tourism]
  - text: {ar: "تطوير السياحة", en: "Develop tourism"}
    themes: [tourism]
"""


def imported_department(solutions: str = SOLUTIONS) -> str:
    """A department as an import writes it: English empty, themes suggested."""
    head = department_yaml().split("solutions:")[0].replace('en: "Attracting investment"', 'en: ""')
    return head + solutions


def test_suggested_themes_load_as_themes_marked_unconfirmed(make_store: MakeStore) -> None:
    store = load_store(make_store(departments={"01-finance.yaml": imported_department()}))
    first, second = store.departments[0].solutions
    assert first.themes == ("planning", "tourism") and first.suggested == ("planning", "tourism")
    assert second.themes == ("tourism",) and second.suggested == ()
    assert store.departments[0].matching(frozenset({"planning"})) == (0,)  # filters see them
    assert store.departments[0].headline.en == ""


@pytest.mark.parametrize(
    ("solutions", "message"),
    [
        ("themes: []\n    suggested: []", "solution 1: themes is empty; tag at least one theme"),
        ("themes: []", "solution 1: themes is empty; tag at least one theme"),
        ("themes: [planning]\n    suggested: [nosuch]", "solution 1: unknown theme 'nosuch'"),
        ("themes: [planning]\n    suggested: [planning]", "theme 'planning' is confirmed; delete"),
        ("themes: []\n    suggested: [tourism, tourism]", "'tourism' is suggested twice"),
        ("themes: []\n    suggested: tourism", "solution 1 suggested must be a list"),
    ],
)
def test_bad_suggestions_are_problems(make_store: MakeStore, solutions: str, message: str) -> None:
    text = f'solutions:\n  - text: {{ar: "نص", en: ""}}\n    {solutions}\n'
    with pytest.raises(StoreError) as caught:
        load_store(make_store(departments={"01-finance.yaml": imported_department(text)}))
    assert any(message in problem.message for problem in caught.value.problems), caught.value


def test_arabic_may_not_be_left_empty(make_store: MakeStore) -> None:
    broken = department_yaml().replace('ar: "تعزيز جذب الاستثمار"', 'ar: ""')
    with pytest.raises(StoreError, match=r"headline\.ar is empty"):
        load_store(make_store(departments={"01-finance.yaml": broken}))


def test_english_only_stores_still_need_their_english(make_store: MakeStore) -> None:
    store_yaml = textwrap.dedent(
        """\
        title: {en: "Solutions"}
        source:
          outlet: X
          url: https://example.org/a
          published: "2025"
          note: {en: ""}
        languages: [en]
        default_language: en
        """
    )
    with pytest.raises(StoreError, match=r"source\.note\.en is empty"):
        load_store(make_store(store=store_yaml))


def test_the_cache_keeps_suggestions(make_store: MakeStore) -> None:
    root = make_store(departments={"01-finance.yaml": imported_department()})
    fresh = load(root)
    cached = load(root)
    assert cached.departments[0].solutions == fresh.departments[0].solutions
    assert cached.departments[0].solutions[0].suggested == ("planning", "tourism")


def test_validate_lists_what_is_left_to_confirm(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_store(departments={"01-finance.yaml": imported_department()})
    code, out, err = cli(capsys, "validate", "--content", str(root))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith("valid: 1 departments, 2 solutions, 2 themes, languages ar, en")
    assert lines[1] == (
        f"{root}/departments/01-finance.yaml:12:16: solution 1: suggested planning, tourism; "
        "move those that fit to themes and delete the rest"
    )
    assert lines[2] == "1 solution with suggested themes to confirm"
    confirmed = imported_department().replace(
        "themes: []\n    suggested: [planning, tourism]", "themes: [planning]"
    )
    (root / "departments" / "01-finance.yaml").write_text(confirmed, "utf-8")
    code, out, _ = cli(capsys, "validate", "--content", str(root))
    assert code == 0 and len(out.splitlines()) == 1


async def test_the_detail_pane_marks_suggestions_and_untranslated_text(
    make_store: MakeStore,
) -> None:
    root = make_store(departments={"01-finance.yaml": imported_department()})
    cases: list[tuple[Lang, str | None, str]] = [
        ("en", "(not translated) ", "?"),
        ("ar", None, "؟"),
    ]
    for lang, mark, question in cases:
        app = build_app(content=root, lang=lang, department="finance")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            pane = app.query_one(DetailPane)
            headline = pane.plain("headline")
            solution = pane.plain("solution")
            assert headline is not None and solution is not None
            if mark is None:
                assert headline == "تعزيز جذب الاستثمار"
            else:
                assert headline == mark + "تعزيز جذب الاستثمار"
                assert solution.startswith(f"1. {mark}ابتكار ترويج الاستثمار")
                assert "Planning?" in solution and "Tourism?" in solution
            assert question in solution


def test_show_and_json_say_what_is_not_translated_and_what_is_suggested(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    root = make_store(departments={"01-finance.yaml": imported_department()})
    code, shown, _ = cli(capsys, "show", "1", "--lang", "en", "--content", str(root))
    assert code == 0
    assert "1. (not translated) ابتكار ترويج الاستثمار" in shown
    assert "2. Develop tourism" in shown
    args = ("show", "1", "--lang", "en", "--format", "json", "--content", str(root))
    code, out, _ = cli(capsys, *args)
    assert code == 0
    first, second = json.loads(out)["department"]["solutions"]
    assert first["translated"] is False and first["suggested"] == ["planning", "tourism"]
    assert second["translated"] is True and second["suggested"] == []
