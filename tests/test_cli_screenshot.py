"""`screenshot`: the browser rendered headlessly to a bidi-safe SVG."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import run_tui
from tui.cli import main

run = run_tui


def svg_text(svg: str) -> str:
    """The characters drawn in the SVG's text elements, spaces restored."""
    pieces = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return html.unescape("".join(pieces)).replace("\xa0", " ")


def test_screenshot_in_english(tmp_path: Path) -> None:
    target = tmp_path / "english.svg"
    result = run("screenshot", "--lang", "en", "--size", "100x30", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert f"wrote {target}" in result.stderr
    svg = target.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "unicode-bidi: bidi-override" in svg  # the browser must not reorder again
    assert "Department of Finance" in svg_text(svg)


def test_screenshot_in_arabic_is_shaped_visual_text(tmp_path: Path) -> None:
    target = tmp_path / "arabic.svg"
    result = run("screenshot", "-o", str(target))
    assert result.returncode == 0, result.stderr
    drawn = svg_text(target.read_text(encoding="utf-8"))
    assert re.search("[\ufe70-\ufefc]", drawn)  # Arabic presentation forms: shaped
    assert "الإدارات" not in drawn  # no logical Arabic left for the browser to reorder


def test_screenshot_opens_on_a_department_filtered_by_a_theme(tmp_path: Path) -> None:
    target = tmp_path / "health.svg"
    result = run("screenshot", "health", "--theme", "health", "--lang", "en", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "Department of Health" in svg_text(target.read_text(encoding="utf-8"))


def test_screenshot_checks_references_before_starting_textual(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["screenshot", "nowhere", "-o", str(tmp_path / "x.svg")]) == 2
    assert "unknown department 'nowhere'" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


def test_screenshot_size_must_be_cols_x_rows(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["screenshot", "--size", "big", "-o", "x.svg"])
    assert raised.value.code == 2
    assert "expected COLSxROWS like 120x36" in capsys.readouterr().err
