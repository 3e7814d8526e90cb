"""Pins (tui.pins): stable ids across reloads, what became of the pinned text, and a damaged
file costing a notice, never a crash, and never the user's pins."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import department_yaml
from tui import pins as pins_module
from tui.model import Store
from tui.pins import (
    MAX_NOTE,
    MAX_PINS_FILE,
    Pin,
    PinCheck,
    add,
    change_pins,
    check,
    load_pins,
    pins_path,
    pins_text,
    remove,
    save_pins,
    set_note,
    text_hash,
    update_text,
)
from tui.store import load_store

MakeStore = Callable[..., Path]

NOW = datetime(2025, 10, 1, 12, 30, tzinfo=UTC)

FIRST = '  - text: {ar: "ابتكار ترويج الاستثمار", en: "Renew investment promotion"}\n'
EXTRA = '  - text: {ar: "حل جديد", en: "A new solution"}\n    themes: [planning]\n'


@pytest.fixture
def content(make_store: MakeStore) -> Path:
    return make_store()


def store_of(content: Path, yaml: str | None = None) -> Store:
    """The small test store, its finance department written afresh as `yaml`."""
    (content / "departments" / "01-finance.yaml").write_text(
        yaml or department_yaml(), encoding="utf-8"
    )
    return load_store(content)


@pytest.fixture
def store(content: Path) -> Store:
    return store_of(content)


def pinned(store: Store, solution: int = 1, note: str = "") -> tuple[Pin, ...]:
    return add((), store, "finance", solution, note, now=NOW)


def test_pins_live_in_the_xdg_data_folder(store: Store) -> None:
    path = pins_path()
    assert path == Path(os.environ["XDG_DATA_HOME"]) / "policy-browser" / "pins.toml"
    save_pins(pinned(store))
    assert load_pins().pins == pinned(store) and load_pins().path == path


def test_a_pin_is_named_by_department_number_and_text_hash(store: Store) -> None:
    (pin,) = pinned(store, 1, "a note")
    finance = store.department("finance")
    assert finance is not None
    digest = text_hash(finance.solutions[1])
    assert len(digest) == 8 and int(digest, 16) >= 0
    assert pin == Pin("finance", 1, digest, "a note", NOW)
    assert pin.id == f"finance/2/{digest}"


def test_ids_survive_a_reload_of_the_store_and_of_the_file(content: Path, tmp_path: Path) -> None:
    before = pinned(store_of(content), 0)
    path = tmp_path / "pins.toml"
    save_pins(before, path)
    again = store_of(content)  # the same content loaded afresh
    assert load_pins(path).pins == before
    assert check(again, before[0]) == PinCheck("ok", 0)
    assert pinned(again, 0)[0].id == before[0].id


def test_the_hash_follows_either_language(store: Store, content: Path) -> None:
    (pin,) = pinned(store, 0)
    arabic = store_of(content, department_yaml().replace("ابتكار ترويج", "ابتكار تعزيز"))
    english = store_of(content, department_yaml().replace("Renew investment", "Renew trade"))
    assert check(arabic, pin) == PinCheck("changed", 0)
    assert check(english, pin) == PinCheck("changed", 0)


def test_a_solution_moved_by_an_insertion_is_found_in_its_new_place(
    store: Store, content: Path
) -> None:
    (pin,) = pinned(store, 0)
    inserted = store_of(content, department_yaml().replace(FIRST, EXTRA + FIRST))
    assert check(inserted, pin) == PinCheck("moved", 1)
    (followed,) = update_text((pin,), pin.id, inserted)
    assert followed == pin._replace(solution=1)
    assert check(inserted, followed) == PinCheck("ok", 1)


def test_a_changed_text_can_be_taken_on_with_the_note_kept(store: Store, content: Path) -> None:
    (pin,) = pinned(store, 0, "keep me")
    edited = store_of(content, department_yaml().replace("Renew investment", "Renew trade"))
    (followed,) = update_text((pin,), pin.id, edited)
    assert followed.note == "keep me" and followed.pinned == NOW
    assert followed.text_hash != pin.text_hash and check(edited, followed) == PinCheck("ok", 0)


def test_missing_solutions_and_departments_are_said_and_kept(
    store: Store, content: Path, tmp_path: Path
) -> None:
    (pin,) = pinned(store, 1)
    shorter = department_yaml().split('  - text: {ar: "تطوير السياحة"')[0]
    assert check(store_of(content, shorter), pin) == PinCheck("missing-solution", None)
    (content / "departments" / "01-finance.yaml").unlink()
    (content / "departments" / "01-treasury.yaml").write_text(
        department_yaml(dept_id="treasury"), encoding="utf-8"
    )
    renamed = load_store(content)
    assert check(renamed, pin) == PinCheck("missing-department", None)
    with pytest.raises(LookupError, match="no longer in the store"):
        update_text((pin,), pin.id, renamed)
    path = tmp_path / "pins.toml"
    save_pins((pin,), path)
    assert load_pins(path).pins == (pin,)  # the file keeps it, whatever the store says
    assert change_pins(lambda p: set_note(p, pin.id, "still here"), path).pins[0].note == (
        "still here"
    )


def test_add_remove_and_notes(store: Store) -> None:
    pins = add((), store, "finance", 0, now=NOW)
    pins = add(pins, store, "1", 1, "  second  ", now=NOW)  # a key, and a note trimmed
    assert [p.id.split("/")[1] for p in pins] == ["1", "2"] and pins[1].note == "second"
    assert add(pins, store, "finance", 0, "ignored") == pins  # pinned already: as it was
    pins = set_note(pins, pins[0].id, "first")
    assert pins[0].note == "first"
    pins = set_note(pins, pins[0].id, "")
    assert pins[0].note == ""
    assert remove(pins, pins[0].id) == pins[1:]
    with pytest.raises(LookupError):
        remove(pins, "finance/9/00000000")
    with pytest.raises(LookupError):
        add(pins, store, "health", 0)
    with pytest.raises(LookupError):
        add(pins, store, "finance", 2)
    with pytest.raises(ValueError, match=f"at most {MAX_NOTE:,} characters"):
        set_note(pins, pins[1].id, "x" * (MAX_NOTE + 1))


def test_a_pin_is_dated_now_without_microseconds(store: Store) -> None:
    (pin,) = add((), store, "finance", 0)
    assert pin.pinned is not None and pin.pinned.tzinfo is not None
    assert pin.pinned.microsecond == 0


def test_notes_round_trip_whatever_they_hold(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    note = 'سطر أول\n"quoted" \\ back\x7f del\ttab \u202e override [[pins]]'
    pins = pinned(store, 0, note)
    save_pins(pins, path)
    assert load_pins(path) == (pins, [], path)
    lone = pins[0]._replace(note="half \ud800 pair")
    save_pins((lone,), path)
    assert load_pins(path).pins[0].note == "half \ufffd pair"


def test_the_file_is_readable_by_people(store: Store) -> None:
    text = pins_text(pinned(store, 1, "why"))
    assert "[[pins]]\n" in text
    assert 'department = "finance"\nsolution = 2\n' in text  # the number shown, from 1
    assert 'note = "why"\n' in text and "pinned = 2025-10-01" in text
    assert "note" not in pins_text(pinned(store, 1))  # no empty note


def test_no_file_and_an_empty_file_are_no_pins(tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    assert load_pins(path) == ((), [], path)
    path.write_text("")
    assert load_pins(path) == ((), [], path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[pins]]\ndepartment = "finance"\nsolution = ', ":3:12: Invalid value"),
        ("pins = 3\n", "must be written as [[pins]] tables"),
        ("[pins]\na = 1\n", "must be written as [[pins]] tables"),
        ("\xff\xfe", "not UTF-8"),
    ],
    ids=["truncated", "not-a-list", "a-table", "binary"],
)
def test_a_damaged_file_gives_no_pins_and_a_problem(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "pins.toml"
    path.write_bytes(text.encode("latin-1"))
    loaded = load_pins(path)
    assert loaded.pins == ()
    assert len(loaded.problems) == 1 and str(path) in loaded.problems[0]
    assert expected in loaded.problems[0]


def test_a_fifo_and_a_huge_file_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in load_pins(fifo).problems[0]  # and did not block
    huge = tmp_path / "huge.toml"
    huge.write_text("# pad\n" * (MAX_PINS_FILE // 6 + 1))
    assert f"larger than {MAX_PINS_FILE:,} bytes" in load_pins(huge).problems[0]


GOOD = 'department = "finance"\nsolution = 1\ntext_hash = "0123abcd"\n'

ENTRIES = [
    ('department = 3\nsolution = 1\ntext_hash = "0123abcd"\n', "department = 3 is not", False),
    ('department = "finance"\nsolution = 0\ntext_hash = "0123abcd"\n', "solution = 0 is", False),
    ('department = "finance"\nsolution = true\ntext_hash = "0123abcd"\n', "solution = True", False),
    ('department = "finance"\nsolution = 1\ntext_hash = "xyz"\n', "8 hex digits", False),
    ('department = "finance"\nsolution = 1\n', "text_hash = None is not", False),
    (GOOD + "note = 5\n", "note = 5 is not text; kept without it", True),
    (GOOD + 'pinned = "yesterday"\n', "is not a date and time; kept without it", True),
]


@pytest.mark.parametrize(
    ("entry", "expected", "kept"), ENTRIES, ids=[e[1].split(" ")[0] for e in ENTRIES]
)
def test_a_bad_entry_costs_that_entry_or_field_with_its_line(
    tmp_path: Path, entry: str, expected: str, kept: bool
) -> None:
    path = tmp_path / "pins.toml"
    good = GOOD.replace("solution = 1", "solution = 2")
    path.write_text(f"# pins\n\n[[pins]]\n{good}\n[[pins]]\n{entry}", encoding="utf-8")
    loaded = load_pins(path)
    assert loaded.pins[0] == Pin("finance", 1, "0123abcd")
    assert len(loaded.pins) == (2 if kept else 1)
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith(f"{path}:8: pin 2")  # the second [[pins]] line
    assert expected in loaded.problems[0]


def test_a_repeated_pin_and_a_non_table_entry_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    path.write_text(f"pins = [{{{GOOD.strip().replace(chr(10), ', ')}}}, 3]\n")
    loaded = load_pins(path)
    assert len(loaded.pins) == 1 and "pin 2 is not a table" in loaded.problems[0]
    path.write_text(f"[[pins]]\n{GOOD}\n[[pins]]\n{GOOD}")
    loaded = load_pins(path)
    assert len(loaded.pins) == 1 and "pin 2 repeats an earlier one" in loaded.problems[0]


def test_saving_over_a_damaged_file_keeps_it_aside(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    path.write_text("[[pins]]\nnote = 'my precious note, truncated")
    kept = save_pins(pinned(store), path)
    assert kept == tmp_path / "pins.toml.damaged"
    assert "my precious note" in kept.read_text()
    assert load_pins(path) == (pinned(store), [], path)
    path.write_text("broken again [")
    assert save_pins(pinned(store), path) == tmp_path / "pins.toml.damaged-2"
    assert save_pins(pinned(store), path) is None  # a clean file is just replaced


def test_change_pins_says_when_it_set_a_damaged_file_aside(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    path.write_text(f"[[pins]]\n{GOOD}\n[[pins]]\nsolution = 'x'\n")
    changed = change_pins(lambda p: add(p, store, "finance", 0, now=NOW), path)
    assert len(changed.pins) == 2  # the good entry and the new pin
    assert "pin 2" in changed.problems[0]
    assert changed.problems[1] == (f"{path} could not be read whole; it was kept as {path}.damaged")
    assert "solution = 'x'" in Path(f"{path}.damaged").read_text()


def test_change_pins_reads_afresh_so_two_browsers_keep_each_others_pins(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "pins.toml"
    change_pins(lambda p: add(p, store, "finance", 0, now=NOW), path)  # one browser
    change_pins(lambda p: add(p, store, "finance", 1, now=NOW), path)  # another
    assert [p.solution for p in load_pins(path).pins] == [0, 1]


def test_an_edit_that_fails_leaves_the_file_as_it_was(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    save_pins(pinned(store), path)
    before = path.read_bytes()
    with pytest.raises(LookupError):
        change_pins(lambda p: remove(p, "nothing/1/00000000"), path)
    assert path.read_bytes() == before


def test_the_file_is_replaced_whole_over_a_fifo(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    os.mkfifo(path)
    kept = save_pins(pinned(store), path)  # unreadable: set aside, then written
    assert kept is not None and stat.S_ISFIFO(kept.lstat().st_mode)
    assert stat.S_ISREG(path.stat().st_mode) and load_pins(path).pins == pinned(store)


def test_more_pins_than_the_file_may_hold_are_refused(tmp_path: Path) -> None:
    note = "ملاحظة " * (MAX_NOTE // 7)
    many = tuple(Pin(f"d{n}", 0, f"{n:08x}", note) for n in range(MAX_PINS_FILE // 3000))
    path = tmp_path / "pins.toml"
    with pytest.raises(OSError, match="more than"):
        save_pins(many, path)
    assert not path.exists()


def test_without_a_home_nothing_is_read_and_saving_says_why(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    monkeypatch.setattr(pins_module, "user_dir", lambda kind: None)
    assert load_pins() == ((), [], None)
    with pytest.raises(OSError, match="no home"):
        save_pins(pinned(store))
    with pytest.raises(OSError, match="no home"):
        change_pins(lambda p: p)
