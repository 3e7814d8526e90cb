"""The start path: the collector paused until the first frame, the frame rate, the GIL's
switch interval, panels mounted on first use (what `python -m tui` does before and around
its first frame)."""

from __future__ import annotations

import os
import sys

import pytest

from tests.app_builder import build_app
from tests.conftest import loaded_after
from tui.widgets.search_bar import SearchBar
from tui.widgets.theme_filter import ThemeFilter

WIDE = (120, 36)


def test_start_pauses_the_collector_until_the_first_frame() -> None:
    import gc

    from tui import startup

    assert gc.isenabled()
    thresholds = gc.get_threshold()
    try:
        startup.pause_collection()
        assert not gc.isenabled()
        startup.end_of_start()
        assert gc.isenabled()
        assert gc.get_threshold() == (*thresholds[:2], startup.FULL_PASS_EVERY)  # full passes rarer
        startup.end_of_start()  # a second call changes nothing
        assert gc.isenabled()
        gc.disable()  # someone else turned it off: the start must not turn it back on
        startup.pause_collection()
        startup.end_of_start()
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*thresholds)


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


def test_the_browser_start_sets_frame_rate_switch_interval_pauses_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`python -m tui` does all three before the app runs (the app itself is not started)."""
    import gc

    from tui import cli, startup

    seen: dict[str, object] = {}

    def fake_browser(*_args: object) -> int:
        seen.update(
            switch=sys.getswitchinterval(),
            collecting=gc.isenabled(),
            fps=os.environ["TEXTUAL_FPS"],
        )
        return 0

    monkeypatch.delenv("TEXTUAL_FPS", raising=False)
    monkeypatch.setattr(cli, "run_browser", fake_browser)
    assert cli.main(["--lang", "en"]) == 0  # the conftest fixture undoes what it set
    assert seen == {
        "switch": pytest.approx(startup.SWITCH_INTERVAL),
        "collecting": False,
        "fps": str(startup.FRAME_RATE),
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
