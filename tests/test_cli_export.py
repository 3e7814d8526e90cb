"""`export`: the whole store as JSON, Markdown and a standalone HTML page that Chromium runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import cli, department_yaml
from tui.cli import main
from tui.store import load_store

MakeStore = Callable[..., Path]

STORE_KEYS = {"title", "source", "languages", "default_language", "themes", "departments"}
LOCALIZED_KEYS = {"ar", "en"}
SOURCE_KEYS = {"outlet", "url", "published", "note"}
THEME_KEYS = {"id", "label", "solution_count"}
DEPARTMENT_KEYS = {
    "id", "key", "order", "name", "headline", "speaker", "intro", "solutions", "translation_note"
}  # fmt: skip
SOLUTION_KEYS = {"number", "text", "themes", "suggested", "translation_note"}

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def test_export_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == STORE_KEYS
    assert set(data["title"]) == LOCALIZED_KEYS
    assert set(data["source"]) == SOURCE_KEYS and set(data["source"]["note"]) == LOCALIZED_KEYS
    assert data["languages"] == ["ar", "en"] and data["default_language"] == "ar"
    theme_ids = set()
    for theme in data["themes"]:
        assert set(theme) == THEME_KEYS and set(theme["label"]) == LOCALIZED_KEYS
        theme_ids.add(theme["id"])
    assert len(data["departments"]) == 12
    for dept in data["departments"]:
        assert set(dept) == DEPARTMENT_KEYS
        for field in ("name", "headline", "intro"):
            assert set(dept[field]) == LOCALIZED_KEYS
        assert set(dept["speaker"]) == {"name", "role"}
        for solution in dept["solutions"]:
            assert set(solution) == SOLUTION_KEYS
            assert set(solution["themes"]) <= theme_ids
    total = sum(len(d["solutions"]) for d in data["departments"])
    assert total == load_store().solution_count
    counted = {t["id"]: t["solution_count"] for t in data["themes"]}
    assert counted["tourism"] == sum(
        "tourism" in s["themes"] for d in data["departments"] for s in d["solutions"]
    )


def test_export_markdown_in_each_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "export", "--format", "markdown")
    assert code == 0
    assert out.startswith("# حلول لتنفيذ المهام الرئيسية 2025–2030، توين كوانغ\n")
    assert out.count("\n## ") == 13  # contents + 12 departments
    assert "- [إدارة الصحة](#health)" in out
    _, english, _ = cli(capsys, "export", "--format", "markdown", "--lang", "en")
    assert "## a · Department of Health" in english


def test_export_to_a_file_infers_the_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "store.html"
    code, out, err = cli(capsys, "export", "-o", str(target))
    assert code == 0 and out == ""
    assert f"wrote {target}" in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, _, err = cli(capsys, "export", "-o", str(tmp_path / "store.txt"))
    assert code == 2
    assert "choose --format markdown, json or html" in err
    code, _, err = cli(capsys, "export", "--format", "json", "-o", str(tmp_path / "no" / "x.json"))
    assert code == 2
    assert "cannot write" in err and "No such file or directory" in err


def test_html_is_standalone_rtl_and_escaped(
    capsys: pytest.CaptureFixture[str], make_store: MakeStore
) -> None:
    hostile = department_yaml().replace(
        "تطوير السياحة", '<script>alert(1)</script> & \\"quoted\\" <b>bold</b>'
    )
    root = make_store(departments={"01-finance.yaml": hostile})
    code, page, _ = cli(capsys, "export", "--format", "html", "--content", str(root))
    assert code == 0
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl" data-lang="ar"')
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in page
    assert page.count("<script") == 2  # the UI strings (JSON) and the filter script
    # No external assets: no stylesheet links, no src, no url(), no imports.
    assert not re.search(r"<link|\ssrc=|url\(|@import", page)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith("#dept-") or h == "https://example.org/article" for h in hrefs)
    assert "@media print" in page


class _Dom(HTMLParser):
    """What the filter script leaves in the DOM: shown departments, solutions, attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.departments: dict[str, bool] = {}
        self.solutions: list[tuple[str, bool]] = []
        self.status: list[str] = []
        self._in_status = False
        self._department = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "html":
            self.root = found
        elif tag == "article" and "department" in classes:
            self._department = found["data-id"] or ""
            self.departments[self._department] = "hidden" not in found
        elif tag == "li" and "solution" in classes:
            self.solutions.append((found["data-themes"] or "", "hidden" not in found))
        elif tag == "span" and self._in_status:
            self.status.append(found.get("class") or "")
        self._in_status = self._in_status or found.get("id") == "status"

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_status = False

    def handle_data(self, data: str) -> None:
        if self._in_status and data.strip():
            self.status.append(data)


def dump_dom(page: Path, fragment: str, profile: Path) -> _Dom:
    """Load the page in headless Chromium (scripts run) and parse the DOM it ends with."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = _Dom()
    dom.feed(result.stdout)
    return dom


@pytest.fixture(scope="module")
def exported_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled store exported once as HTML."""
    target = tmp_path_factory.mktemp("export") / "solutions.html"
    assert main(["export", "--format", "html", "-o", str(target)]) == 0
    return target


@needs_chromium
def test_chromium_applies_the_theme_in_the_url_hash(exported_page: Path, tmp_path: Path) -> None:
    dom = dump_dom(exported_page, "#theme=tourism", tmp_path / "profile")
    tourism = frozenset({"tourism"})
    departments = load_store().departments
    expected = {d.id for d in departments if d.matching(tourism)}
    shown = {dept for dept, visible in dom.departments.items() if visible}
    assert shown == expected
    assert len(dom.departments) == 12
    visible = [themes.split() for themes, on in dom.solutions if on]
    assert len(visible) == sum(len(d.matching(tourism)) for d in departments)
    assert all("tourism" in themes for themes in visible)
    assert dom.root["data-filter"] == "tourism"
    assert dom.root["data-departments-shown"] == str(len(expected))
    assert f"الإدارات: {len(expected)} من 12" in " ".join(dom.status)


@needs_chromium
def test_chromium_two_themes_and_english(exported_page: Path, tmp_path: Path) -> None:
    dom = dump_dom(exported_page, "#theme=health,planning&lang=en", tmp_path / "profile")
    themes = frozenset({"health", "planning"})
    expected = {d.id for d in load_store().departments if d.matching(themes)}
    assert {d for d, visible in dom.departments.items() if visible} == expected
    assert dom.root["lang"] == "en" and dom.root["dir"] == "ltr"
    assert any(text.startswith("Departments: ") for text in dom.status)


@needs_chromium
def test_chromium_without_filter_shows_everything(exported_page: Path, tmp_path: Path) -> None:
    dom = dump_dom(exported_page, "#theme=not-a-theme", tmp_path / "profile")
    assert all(dom.departments.values()) and len(dom.departments) == 12
    assert all(visible for _, visible in dom.solutions)
    assert dom.root["lang"] == "ar" and dom.root["dir"] == "rtl"
