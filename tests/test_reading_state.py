"""The reader's saved place (tui.reading_state): a round trip, and every way the file can be
damaged costing a notice, never a crash."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tui import reading_state
from tui.reading_state import ReadingState, load_state, save_state, state_path, state_text
from tui.store import load_store
from tui.user_files import MAX_USER_FILE

MakeStore = Callable[..., Path]

FULL = ReadingState("finance", 2, 12.5, "en", ("tourism", "planning"))


def test_the_state_lives_in_the_xdg_state_folder(tmp_path: Path) -> None:
    path = state_path()
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "policy-browser" / "state.toml"
    assert save_state(FULL) == path
    assert load_state() == (FULL, [])


def test_a_round_trip_keeps_every_field_and_the_file_counts_solutions_from_1(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.toml"
    save_state(FULL, path)
    text = path.read_text(encoding="utf-8")
    assert "solution = 3\n" in text  # index 2 is the third solution on screen
    assert text.startswith("# policy-browser")
    assert load_state(path) == (FULL, [])
    empty = ReadingState()
    save_state(empty, path)
    assert load_state(path) == (empty, [])


def test_saving_replaces_the_file_whole_and_clamps_the_scroll(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "state.toml"
    save_state(FULL._replace(scroll_y=-4.0), path)
    assert load_state(path)[0] == FULL._replace(scroll_y=0.0)
    save_state(ReadingState(lang="ar"), path)
    assert load_state(path) == (ReadingState(lang="ar"), [])
    assert [p.name for p in path.parent.iterdir()] == ["state.toml"]  # no temporary left


def test_no_file_and_an_empty_file_are_no_state(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    assert load_state(path) == (None, [])
    path.write_text("")
    assert load_state(path) == (None, [])
    path.write_text("[reading]\n")
    assert load_state(path) == (None, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[reading]\ndepartment = ", ":2:14: Invalid value"),  # truncated
        ('[reading]\ndepartment = "fin', ":2:"),  # truncated inside a string
        ("reading = 3\n", "[reading] must be a table"),
        ("[reading\n", ":1:"),
        ("\x00\x01binary", ":1:"),
    ],
    ids=["truncated", "open-string", "not-a-table", "bad-header", "binary"],
)
def test_a_damaged_file_is_ignored_with_its_place(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "state.toml"
    path.write_text(text, encoding="utf-8")
    state, problems = load_state(path)
    assert state is None
    assert len(problems) == 1 and str(path) in problems[0] and expected in problems[0]


def test_a_file_that_is_not_utf8_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_bytes(b'[reading]\ndepartment = "\xff"\n')
    state, problems = load_state(path)
    assert state is None and "not UTF-8" in problems[0]


def test_a_fifo_at_the_path_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    os.mkfifo(path)
    state, problems = load_state(path)  # no writer: a blocking open would hang here
    assert state is None and "not a regular file" in problems[0]
    save_state(FULL, path)  # the FIFO is replaced by the file, not written into
    assert stat.S_ISREG(path.stat().st_mode)
    assert load_state(path) == (FULL, [])


def test_a_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text('[reading]\nlang = "en"\n' + "# padding\n" * (MAX_USER_FILE // 10 + 1))
    state, problems = load_state(path)
    assert state is None and f"larger than {MAX_USER_FILE:,} bytes" in problems[0]


def test_a_directory_at_the_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.mkdir()
    state, problems = load_state(path)
    assert state is None and "cannot be read" in problems[0]


WRONG = [
    ("department", "3", "a department id"),
    ("department", '"Not An Id"', "a department id"),
    ("solution", "0", "a solution number from 1"),
    ("solution", "true", "a solution number from 1"),
    ("solution", '"3"', "a solution number from 1"),
    ("solution", "2.5", "a solution number from 1"),
    ("scroll_y", "nan", "a scroll offset"),
    ("scroll_y", "inf", "a scroll offset"),
    ("scroll_y", "-1", "a scroll offset"),
    ("scroll_y", "1" + "0" * 18, "a scroll offset"),
    ("scroll_y", "false", "a scroll offset"),
    ("lang", '"fr"', "ar or en"),
    ("lang", "[]", "ar or en"),
    ("themes", '"tourism"', "a list of theme ids"),
    ("themes", '["tourism", 3]', "a list of theme ids"),
    ("themes", "{a = 1}", "a list of theme ids"),
]


@pytest.mark.parametrize(("key", "value", "expected"), WRONG, ids=[f"{k}={v}" for k, v, _ in WRONG])
def test_a_wrong_field_is_left_out_with_its_line_and_the_rest_kept(
    tmp_path: Path, key: str, value: str, expected: str
) -> None:
    path = tmp_path / "state.toml"
    fields = {
        "department": '"finance"',
        "solution": "3",
        "scroll_y": "12.5",
        "lang": '"en"',
        "themes": '["tourism", "planning"]',
    }
    fields[key] = value
    lines = ["# a comment", "[reading]", *(f"{k} = {v}" for k, v in fields.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    state, problems = load_state(path)
    default = getattr(ReadingState(), key)
    assert state == FULL._replace(**{key: default})
    line = lines.index(f"{key} = {value}") + 1
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: {key} = ")
    assert problems[0].endswith(f" is not {expected}; it is ignored") or (
        expected == "a scroll offset" and "is not a scroll offset from 0 to" in problems[0]
    )


def test_a_long_wrong_value_is_quoted_briefly(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text(f'[reading]\nlang = "{"x" * 5000}"\n', encoding="utf-8")
    state, problems = load_state(path)
    assert state == ReadingState() and len(problems[0]) < 200 and "…" in problems[0]


def test_entries_a_newer_version_wrote_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text('[reading]\nlang = "en"\nsearch = "x"\n\n[other]\na = 1\n')
    assert load_state(path) == (ReadingState(lang="en"), [])


def test_fitted_drops_what_the_store_no_longer_has(make_store: MakeStore) -> None:
    store = load_store(make_store())  # finance (key 1) with 2 solutions; planning, tourism
    assert FULL._replace(solution=1).fitted(store) == FULL._replace(solution=1)
    assert FULL.fitted(store) == FULL._replace(solution=None)  # only 2 solutions now
    gone = ReadingState("health", 0, 40.0, "en", ("tourism",))
    assert gone.fitted(store) == ReadingState(None, None, 0.0, "en", ("tourism",))
    assert ReadingState("1", 0).fitted(store) == ReadingState("finance", 0)  # a key: its id
    assert ReadingState(themes=("tourism", "health")).fitted(store).themes == ("tourism",)


def test_fitted_drops_a_language_the_store_lacks(make_store: MakeStore) -> None:
    store = load_store(make_store())
    english_only = store.__class__(
        store.title, store.source, ("en",), "en", store.themes, store.departments
    )
    assert ReadingState(lang="ar").fitted(english_only).lang is None


def test_without_a_home_nothing_is_saved_or_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_state, "user_dir", lambda kind: None)
    assert state_path() is None
    assert save_state(FULL) is None
    assert load_state() == (None, [])


def test_an_unwritable_folder_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OSError):
        save_state(FULL, blocker / "state.toml")


def test_the_text_written_is_read_back_for_awkward_ids(tmp_path: Path) -> None:
    state = ReadingState("a-b2-c", 999_999, 9_999_999.0, "ar", ("x", "y-1"))
    path = tmp_path / "state.toml"
    path.write_text(state_text(state), encoding="utf-8")
    assert load_state(path) == (state, [])
