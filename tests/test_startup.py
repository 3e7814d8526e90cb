"""The start path: the collector paused until the first frame, the frame rate, the GIL's
switch interval, panels mounted on first use (what `python -m tui` does before and around
its first frame)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app_builder import build_app
from tests.conftest import ROOT, loaded_after
from tui.widgets.search_bar import SearchBar
from tui.widgets.theme_filter import ThemeFilter

WIDE = (120, 36)


def test_start_pauses_the_collector_until_the_first_frame() -> None:
    import gc

    from tui import startup

    assert gc.isenabled()
    try:
        startup.pause_collection()
        assert not gc.isenabled()
        startup.end_of_start()
        assert gc.isenabled()
        startup.end_of_start()  # a second call changes nothing
        assert gc.isenabled()
        gc.disable()  # someone else turned it off: the start must not turn it back on
        startup.pause_collection()
        startup.end_of_start()
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_frame_rate_is_set_before_textual_loads_unless_the_user_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui import startup

    monkeypatch.delenv("TEXTUAL_FPS", raising=False)
    startup.set_frame_rate()
    assert os.environ["TEXTUAL_FPS"] == str(startup.FRAME_RATE)
    monkeypatch.setenv("TEXTUAL_FPS", "30")
    startup.set_frame_rate()
    assert os.environ["TEXTUAL_FPS"] == "30"
    # the setting only counts if Textual reads it after: the command line must not load it
    assert loaded_after("import tui.cli", ("textual",)) == []


def test_the_browser_start_sets_frame_rate_switch_interval_pauses_the_collector_recalls_icu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`python -m tui` does all four before the app runs (the app itself is not started)."""
    import gc
    import sys

    from tui import cli, startup
    from tui.rtl import _icu

    seen: dict[str, object] = {}

    def fake_browser(*_args: object) -> int:
        seen.update(
            switch=sys.getswitchinterval(),
            collecting=gc.isenabled(),
            fps=os.environ["TEXTUAL_FPS"],
            icu_recording=_icu._asked is not None,  # ICU's answers recalled, questions recorded
        )
        return 0

    monkeypatch.delenv("TEXTUAL_FPS", raising=False)
    monkeypatch.setattr(cli, "run_browser", fake_browser)
    assert cli.main(["--lang", "en"]) == 0  # the conftest fixture undoes what it set
    assert seen == {
        "switch": pytest.approx(startup.SWITCH_INTERVAL),
        "collecting": False,
        "fps": str(startup.FRAME_RATE),
        "icu_recording": True,
    }
    assert startup.SWITCH_INTERVAL < 0.005  # shorter than Python's default, or pointless


def test_browser_options_without_arguments_are_the_parsers_defaults() -> None:
    from tui import cli

    parsed = vars(cli._browser_parser().parse_args([]))
    assert cli.browser_options([]) == cli.BrowserOptions(
        **{**parsed, "theme": tuple(parsed["theme"])}
    )
    assert cli.browser_options(["4", "--theme", "tourism", "--lang", "en"]) == (
        cli.BrowserOptions(department="4", theme=("tourism",), lang="en")
    )


def test_a_start_without_arguments_does_not_import_argparse() -> None:
    """`python -m tui` up to the app (not run): argparse is only for a command line."""
    code = "from tui import cli\ncli.run_browser = lambda options: 0\nassert cli.main([]) == 0"
    assert loaded_after(code, ("argparse",)) == []
    assert loaded_after(code.replace("main([])", "main(['--lang', 'en'])"), ("argparse",)) == [
        "argparse"
    ]


async def test_search_bar_and_theme_panel_are_mounted_when_first_opened() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not app.query(SearchBar) and not app.query(ThemeFilter)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "search-input"
        await pilot.press("t", "o", "u", "r")
        await pilot.pause()
        assert app.main_screen.search_query == "tour"
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.focused, ThemeFilter)
        assert len(app.query(SearchBar)) == 1 and len(app.query(ThemeFilter)) == 1


def test_the_start_path_leaves_the_panels_search_and_yaml_unimported() -> None:
    """What the first frame does not show is not imported before it (a subprocess: clean)."""
    later = (
        "tui.widgets.search_bar",
        "tui.widgets.theme_filter",
        "tui.search",
        "tui.store",
        "yaml",
        "tui.exports.data",
        "tui.screens.help",
    )
    assert loaded_after("import tui.cli, tui.app, tui.screens.main", later) == []


# -- ICU's answers kept between starts (tui.startup.recall_icu_answers) --------------------

_ASK_ICU = (
    "import sys\n"
    "from tui import startup\n"
    "from tui.rtl import layout\n"
    "startup.recall_icu_answers()\n"
    "print(layout('وزارة المالية (الميزانية) 2025', 20), layout('Budget [a] سلام', 30))\n"
    "startup.end_of_start()\n"
)


def test_a_start_asking_what_the_last_one_asked_does_not_load_icu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.rtl import layout

    monkeypatch.setenv("TUI_CACHE_DIR", str(tmp_path))
    assert "ctypes" in loaded_after(_ASK_ICU, ("ctypes",))  # the first start asks ICU
    assert (tmp_path / "icu-start.pickle").is_file()
    assert loaded_after(_ASK_ICU, ("ctypes",)) == []  # the next one is answered
    probe = _ASK_ICU + "print(repr(layout('وزارة المالية (الميزانية) 2025', 20)))\n"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    kept = result.stdout.strip().splitlines()[-1]
    assert kept == repr(layout("وزارة المالية (الميزانية) 2025", 20))  # what ICU says


def test_kept_answers_are_used_only_for_their_icu_build_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import __version__, startup
    from tui.rtl import _icu

    library = _icu.library_id()
    assert library is not None
    path = tmp_path / startup.ICU_FILE
    good = (__version__, startup.ICU_FORMAT, library, {"ب": "ﺏ"}, {("ب", 1): (b"\x01", 1)})
    path.write_bytes(pickle.dumps(good))
    assert startup._read_icu_answers(path, library) == _icu.Results(good[3], good[4])
    for wrong in (
        (__version__, startup.ICU_FORMAT, "libicuuc-other.so.78", *good[3:]),
        ("0.0.0", *good[1:]),
        (*good[:4], {("ب", 1): (b"\x01",)}),  # an answer of the wrong shape
        (*good[:3], {"ب": b"\xd8"}, good[4]),
    ):
        path.write_bytes(pickle.dumps(wrong))
        assert startup._read_icu_answers(path, library) is None, wrong
    path.write_bytes(b"not a pickle")
    assert startup._read_icu_answers(path, library) is None
    path.write_bytes(pickle.dumps((*good[:3], _icu.Results({}, {}), {})))  # names a class
    assert startup._read_icu_answers(path, library) is None


def test_kept_answers_stay_few(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ICU_KEEP answers the file keeps only the last start's."""
    from tui import startup
    from tui.rtl import _icu, layout

    monkeypatch.setenv("TUI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(startup, "ICU_KEEP", 6)
    monkeypatch.setattr(_icu, "_known", _icu.Results({}, {}))
    library = _icu.library_id()
    assert library is not None
    for words in (("سلام", "كتاب"), ("قلم", "باب")):
        startup.recall_icu_answers()
        for word in words:
            layout(word, 20)
        startup.end_of_start()
        kept = startup._read_icu_answers(tmp_path / startup.ICU_FILE, library)
        assert kept is not None
        assert set(kept.shaped) == set(words)  # the first start's words are gone after the second
    startup.recall_icu_answers()
    layout("قلم", 20)
    before = (tmp_path / startup.ICU_FILE).stat().st_mtime_ns
    startup.end_of_start()  # nothing new asked: the file is not written again
    assert (tmp_path / startup.ICU_FILE).stat().st_mtime_ns == before


def test_a_kept_answer_is_taken_over_asking_icu(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.rtl import _icu

    monkeypatch.setattr(_icu, "_known", _icu.Results({"xyz": "kept"}, {("xyz", 1): (b"", 1)}))
    assert _icu.shape("xyz") == "kept"
    assert _icu.levels("xyz", 1) == (b"", 1)
    assert _icu.shape("ب") == "ﺏ"  # anything else is still asked
