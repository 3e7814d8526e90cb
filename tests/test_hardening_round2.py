"""Hardening, second round (issue 17): OS errors, echoes of input, stores that validated
and broke later, resource bounds, links out of the store. The cache's own cases are in
test_content.py, the signals' in test_terminal_handshake.py."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import cli, department_yaml
from tui.problems import StoreError

MakeStore = Callable[..., Path]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal raw: controls, C1, bidi embeddings and overrides."""

EVIL = "zzq\x1b]52;c;UFdORUQ=\x07\u202e\x9b31m"


# -- 5. every OS error is a store error -----------------------------------------------------


def test_a_path_the_system_refuses_is_a_store_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A 300-character folder name, a path over 4,096 bytes: the problem, not a traceback."""
    for path in (tmp_path / ("x" * 300), tmp_path.joinpath(*["y" * 200] * 22)):
        code, _, err = cli(capsys, "validate", "--content", str(path))
        assert code == 2
        assert "cannot be read" in err and "Traceback" not in err


def test_an_unreadable_departments_folder_is_a_store_error(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """chmod 000 (as a user; root reads anyway, so the refusal is played)."""
    root = make_store()
    real = Path.iterdir

    def refused(self: Path) -> object:
        if self.name == "departments":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    code, _, err = cli(capsys, "validate", "--content", str(root))
    assert code == 2
    assert f"{root / 'departments'}:1:1: cannot be read (Permission denied)" in err


async def test_reload_keeps_the_last_good_store_through_os_errors(make_store: MakeStore) -> None:
    """departments/ renamed away while the app runs, then a refusal: the error screen says
    so and the last good store stays; back in place, the store reloads."""
    from tests.app_builder import build_app, reload

    root = make_store()
    app = build_app(content=root)
    async with app.run_test(size=(100, 30)) as pilot:
        good = app.store
        (root / "departments").rename(root / "away")
        await reload(app, pilot)
        assert app.store is good and type(app.screen).__name__ == "ErrorScreen"
        (root / "away").rename(root / "departments")
        await reload(app, pilot)
        assert type(app.screen).__name__ == "MainScreen"


def test_load_turns_any_os_error_into_a_store_error(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import content

    root = make_store()

    def broken(_root: Path) -> object:
        raise OSError(5, "Input/output error", str(root / "store.yaml"))

    monkeypatch.setattr("tui.store.load_store", broken)
    with pytest.raises(StoreError) as raised:
        content.load(root, cache=False)
    (problem,) = raised.value.problems
    assert problem.path == root / "store.yaml" and "Input/output error" in problem.message


# -- 7. input quoted back is escaped --------------------------------------------------------


def test_what_the_commands_quote_is_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A query with no hits, an output path, an unknown argument: shown as escapes."""
    _, out, err = cli(capsys, "search", EVIL)
    assert not RAW.search(out + err) and "\\x1b]52" in err
    target = tmp_path / f"x{EVIL}.json"
    code, _, err = cli(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 0 and not RAW.search(err) and "\\u202e" in err
    with pytest.raises(SystemExit) as exited:
        cli(capsys, "list", f"--x{EVIL}")
    assert exited.value.code == 2
    assert not RAW.search(capsys.readouterr().err)


async def test_a_paste_into_a_field_keeps_no_control() -> None:
    """Pasted into the search field or the palette, C1 controls and an RLO are left out."""
    from textual import events

    from tests.app_builder import build_app
    from tui.widgets.search_bar import BidiInput

    app = build_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        field = app.query_one(BidiInput)
        field.post_message(events.Paste(f"tour\x9b\x9d\x9cism\u202e{EVIL}"))
        await pilot.pause()
        assert not RAW.search(field.value) and field.value.startswith("tourism")


def test_off_mode_closes_what_content_opens() -> None:
    """`--bidi off` sent a content RLO unclosed: it would reverse the rest of the row."""
    from rich.text import Text

    from tui.rtl.modes import display_line, display_lines

    assert display_line(Text("abc\u202edef"), "ltr", "off").plain == "abc\u202edef\u202c"
    assert all(
        line.plain.count("\u202e") == line.plain.count("\u202c")
        for line in display_lines(Text("one \u202etwo three four"), 8, "ltr", "off")
    )


# -- 8. stores that validated and broke later ----------------------------------------------


def test_numbers_are_bounded_at_validation(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 4,000-digit order validated, then every JSON export failed (the digit limit)."""
    huge = "0x" + "f" * 4000
    root = make_store(
        departments={"01-finance.yaml": department_yaml().replace("order: 1", f"order: {huge}")}
    )
    code, _, err = cli(capsys, "validate", "--content", str(root))
    assert code == 2 and "order must be a whole number under a billion" in err


def test_a_key_that_is_another_departments_id_is_refused(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """`show a` found the department whose id is a, never the one whose key is a."""
    root = make_store(
        departments={
            "01-finance.yaml": department_yaml("finance", "1", 1),
            "02-a.yaml": department_yaml("a", "2", 2),
            "03-health.yaml": department_yaml("health", "a", 3),
        }
    )
    code, _, err = cli(capsys, "validate", "--content", str(root))
    assert code == 2
    assert "key 'a' is the id of 02-a.yaml" in err


def test_editor_leftovers_are_not_departments(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """An Emacs lock file broke the store while a file was being edited."""
    root = make_store()
    departments = root / "departments"
    (departments / ".#01-finance.yaml").symlink_to("user@host.1234:1700000000")
    (departments / "#01-finance.yaml#").write_text("half", encoding="utf-8")
    (departments / "01-finance.yaml~").write_text("old", encoding="utf-8")
    (departments / ".01-finance.yaml.swp").write_bytes(b"\x00\x01")
    (departments / "4913").write_text("", encoding="utf-8")
    code, out, _ = cli(capsys, "validate", "--content", str(root))
    assert code == 0 and "valid: 1 departments" in out


# -- 9. resource bounds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("show", "1", "--width", "1000000000"), "a width of at most 1,000 cells"),
        (("screenshot", "--size", "99999x9", "-o", "x.svg"), "20-1000 by 8-1000"),
    ],
)
def test_widths_and_sizes_are_bounded(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str
) -> None:
    """--width 1000000000 took 3.9 GB and a minute; a screenshot's size is bounded too."""
    with pytest.raises(SystemExit) as exited:
        cli(capsys, *args)
    assert exited.value.code == 2
    assert said in capsys.readouterr().err


def test_a_long_query_is_parsed_in_linear_time_and_bounded() -> None:
    """20,000 words took 4.5 s (a membership scan per word); a 60,000-word paste kept the
    UI busy for 12 s. Now the parse reads a bounded query, in one pass."""
    from tui.search import parse_query
    from tui.search.query import MAX_QUERY_KEYS

    words = " ".join(f"w{n}" for n in range(60_000))
    started = time.perf_counter()
    parsed = parse_query(words)
    assert len(parsed.terms) + len(parsed.phrases) <= MAX_QUERY_KEYS
    assert time.perf_counter() - started < 5  # generous: it used to take 12 s
    assert parse_query("a b a").terms == parse_query("a b").terms


# -- 10. HOME and links out of the store -----------------------------------------------------


def test_an_empty_home_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME="" wrote the cache to /.cache."""
    import pwd

    from tui.user_files import user_dir

    home = pwd.getpwuid(os.getuid()).pw_dir
    assert user_dir("cache", {"HOME": ""}) == Path(home) / ".cache" / "policy-browser"
    assert user_dir("config", {"HOME": "", "XDG_CONFIG_HOME": "relative"}) == (
        Path(home) / ".config" / "policy-browser"
    )


def test_a_file_linked_from_outside_the_store_is_not_quoted(
    make_store: MakeStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A department file that links to a secret file printed its first line in the error."""
    secret = tmp_path / "secret"
    secret.write_text("root:SECRET-HASH:0:0::/root:/bin/sh\n", encoding="utf-8")
    root = make_store()
    link = root / "departments" / "01-finance.yaml"
    link.unlink()
    link.symlink_to(secret)
    code, out, err = cli(capsys, "validate", "--content", str(root))
    assert code == 2 and "SECRET" not in out + err
    assert f"{link}:1:1: this file links outside the content folder" in err


def test_json_output_never_fails_on_a_validated_store(
    make_store: MakeStore, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_store()
    code, out, _ = cli(capsys, "export", "--format", "json", "--content", str(root))
    assert code == 0 and json.loads(out)["departments"][0]["order"] == 1
