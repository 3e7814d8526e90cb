"""The reader's tools on the command line: `show --cite`, `export --pins` and `--fresh`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import STYLING, cli, loaded_after
from tui import cli as cli_module
from tui.citation import citation_record, cite
from tui.model import Lang
from tui.pins import Pin, add, load_pins, pins_path, save_pins
from tui.store import load_store

NOW = datetime(2025, 10, 1, 12, 30, tzinfo=UTC)


# --- show --cite ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_show_cite_piped_is_the_plain_citation_in_logical_order(
    capsys: pytest.CaptureFixture[str], lang: Lang
) -> None:
    code, out, err = cli(capsys, "show", "finance", "--cite", "--solution", "2", "--lang", lang)
    assert (code, err) == (0, "")
    assert out == cite(load_store(), "finance", 1, lang, "plain") + "\n"
    assert "\x1b" not in out


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_show_cite_markdown(capsys: pytest.CaptureFixture[str], lang: Lang) -> None:
    code, out, _ = cli(
        capsys, "show", "4", "--cite", "--solution", "1", "--format", "markdown", "--lang", lang
    )
    assert code == 0
    expected = cite(load_store(), "culture-sports-tourism", 0, lang, "markdown")
    assert out == expected + "\n" and out.startswith("> ")


def test_show_cite_without_a_solution_cites_the_department(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = cli(capsys, "show", "health", "--cite")
    assert code == 0
    assert out == cite(load_store(), "health", None, "ar") + "\n"


def test_show_cite_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "show", "finance", "--cite", "--solution", "1", "--format", "json", "--lang", "en"
    )
    assert code == 0
    assert json.loads(out) == citation_record(load_store(), "finance", 0, "en")


def test_show_cite_on_a_terminal_is_laid_out_right_to_left(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    code, out, _ = cli(capsys, "show", "finance", "--cite", "--visual", "--width", "60")
    assert code == 0
    rows = STYLING.sub("", out).splitlines()
    assert all(len(row) <= 60 for row in rows)
    assert "المالية" not in "\n".join(rows)  # shaped and reordered, not logical
    assert "Báo Tuyên Quang" in "\n".join(rows)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--solution", "1"], "--solution goes with --cite"),
        (["--cite", "--solution", "0"], "a number from 1 to 6, not 0"),
        (["--cite", "--solution", "7"], "finance has 6 solutions"),
    ],
)
def test_show_cite_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, out, err = cli(capsys, "show", "finance", *args)
    assert (code, out) == (2, "")
    assert expected in err


def test_show_cite_with_a_solution_that_is_not_a_number_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli(capsys, "show", "finance", "--cite", "--solution", "two")
    assert exit_.value.code == 2
    assert "invalid int value: 'two'" in capsys.readouterr().err


# --- export --pins -------------------------------------------------------------------------


def _pins_with_a_missing_department() -> tuple[Pin, ...]:
    store = load_store()
    pins = add((), store, "finance", 1, "budget *figures*", now=NOW)
    pins = add(pins, store, "health", 0, now=NOW)
    gone = Pin("old-department", 2, "0123abcd", "kept all the same", NOW)
    save_pins((*pins, gone))
    return (*pins, gone)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_export_pins_markdown(capsys: pytest.CaptureFixture[str], lang: Lang) -> None:
    _pins_with_a_missing_department()
    store = load_store()
    code, out, err = cli(capsys, "export", "--pins", "--format", "markdown", "--lang", lang)
    assert code == 0
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert len(headings) == 3 and headings[2].startswith("## 3. old-department")
    assert cite(store, "finance", 1, lang, "markdown") in out
    assert cite(store, "health", 0, lang, "markdown") in out
    assert r"budget \*figures\*" in out and "kept all the same" in out
    missing = "no longer in the content" if lang == "en" else "لم تعد في المحتوى"
    assert missing in out
    assert "old-department" in err and "exported as missing" in err


def test_export_pins_json(capsys: pytest.CaptureFixture[str]) -> None:
    pins = _pins_with_a_missing_department()
    code, out, _ = cli(capsys, "export", "--pins", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["pin_count"], data["missing_count"]) == (3, 1)
    first, _second, gone = data["pins"]
    assert first["id"] == pins[0].id and first["status"] == "ok" and first["now"] == 2
    assert first["note"] == "budget *figures*" and first["pinned"] == "2025-10-01T12:30:00+00:00"
    assert first["citation"]["en"] == citation_record(load_store(), "finance", 1, "en")
    assert set(first["citation"]) == {"ar", "en"}
    assert gone["status"] == "missing-department" and gone["citation"] is None
    assert gone["note"] == "kept all the same" and gone["solution"] == 3


def test_export_pins_to_a_file_by_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _pins_with_a_missing_department()
    target = tmp_path / "pins.json"
    code, out, err = cli(capsys, "export", "--pins", "-o", str(target))
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["pin_count"] == 3
    assert f"wrote {target}" in err


def test_export_pins_as_html_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "export", "--pins", "--format", "html")
    assert (code, out) == (2, "")
    assert "choose --format markdown or json" in err


def test_export_pins_without_pins_says_where_they_would_be(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(capsys, "export", "--pins", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"pin_count": 0, "missing_count": 0, "pins": []}
    assert f"no pins yet (they are kept in {pins_path()})" in err


def test_export_pins_from_a_damaged_file_reports_it_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _pins_with_a_missing_department()
    path = pins_path()
    assert path is not None
    path.write_text(path.read_text() + "\n[[pins]]\ndepartment = 3\n")
    code, out, err = cli(capsys, "export", "--pins", "--format", "markdown", "--lang", "en")
    assert code == 2
    assert out.count("\n## ") == 3  # what could be read is still exported
    assert f"{path}:" in err and "pin 4: department = 3 is not a department id" in err
    assert len(load_pins().pins) == 3  # exporting never rewrites the file


def test_export_without_pins_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    _pins_with_a_missing_department()
    code, out, _ = cli(capsys, "export", "--format", "json")
    assert code == 0 and "departments" in json.loads(out)


# --- --fresh -------------------------------------------------------------------------------


def test_fresh_is_parsed_and_off_by_default() -> None:
    assert cli_module.browser_options([]).fresh is False
    assert cli_module.browser_options(["--fresh"]).fresh is True
    assert cli_module.browser_options(["finance", "--fresh", "--lang", "en"]) == (
        cli_module.BrowserOptions(department="finance", lang="en", fresh=True)
    )


@pytest.mark.parametrize("fresh", [False, True])
def test_fresh_reaches_the_browser(monkeypatch: pytest.MonkeyPatch, fresh: bool) -> None:
    from tui.reading_state import ReadingState, save_state

    save_state(ReadingState("health", 1, 3.0, "en", ()))
    seen: list[bool] = []

    def run(self: object) -> None:
        seen.append(getattr(self, "resume") is None)  # noqa: B009 (the app's attribute)

    monkeypatch.setattr("tui.app.PolicyBrowser.run", run)
    monkeypatch.setenv("TUI_BIDI", "app")
    args = ["--lang", "en", *(["--fresh"] if fresh else [])]
    assert cli_module.main(args) == 0
    assert seen == [fresh]


def test_fresh_leaves_the_saved_state_where_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.reading_state import ReadingState, load_state, save_state

    save_state(ReadingState("health", 1, 3.0, "en", ()))
    monkeypatch.setattr("tui.app.PolicyBrowser.run", lambda self: None)
    monkeypatch.setenv("TUI_BIDI", "app")
    assert cli_module.main(["--fresh"]) == 0
    assert load_state() == (ReadingState("health", 1, 3.0, "en", ()), [])


def test_the_readers_modules_stay_headless() -> None:
    code = "import tui.citation, tui.pins, tui.reading_state, tui.exports.pins, tui.reader_commands"
    assert loaded_after(code, ("textual",)) == []


def test_the_folders_are_the_xdg_ones_named_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in ("state.toml", "pins.toml", "clipboard.txt", "--fresh", "--cite", "--pins"):
        assert name in readme, name
    assert os.environ["XDG_DATA_HOME"] in str(pins_path())
