"""Pinned solutions, each with an optional note, kept in the data folder:
`$XDG_DATA_HOME/policy-browser/pins.toml` (`~/.local/share/...`).

```toml
[[pins]]
department = "finance"      # the department's id
solution = 3                # the solution's number, from 1 as the screen shows it
text_hash = "1f2e3d4c"      # a short hash of the solution's text when it was pinned
note = "compare with health"
pinned = 2025-10-01T12:00:00Z
```

A pin is known by `department/number/text_hash` (`Pin.id`), which stays the same across
reloads of the store. `check(store, pin)` says whether the pinned text is still where it
was (`ok`), elsewhere in the department (`moved`, with its new place), replaced by other
text (`changed`), or whether its solution or whole department is gone (`missing-solution`,
`missing-department`). Pins whose content is gone are kept, and said to be missing, never
dropped.

Public API (headless; the pins screen and keys are the app's):

* `Pin(department, solution, text_hash, note="", pinned=None)`: `solution` is an index from
  0, as `tui.model.Department.solutions` counts (the file holds the number from 1).
* `load_pins(path=None) -> PinsFile(pins, problems, path)`: never raises. A file that cannot
  be read (not TOML, truncated, not a regular file such as a FIFO, over
  `MAX_PINS_FILE` bytes) gives no pins and a problem; an entry of the wrong shape is left
  out with a problem naming its line.
* `save_pins(pins, path=None) -> Path | None`: writes the file whole. When the file there
  could not be read cleanly it is first renamed to `pins.toml.damaged` (what is returned),
  so nothing the user wrote is lost. OSError when it cannot be written.
* `add(pins, store, department_id, solution, note="")`, `remove(pins, pin_id)`,
  `set_note(pins, pin_id, note)`, `update_text(pins, pin_id, store)`: new tuples of pins
  (pure; LookupError for what does not exist, ValueError for a note over `MAX_NOTE`).
* `change_pins(edit, path=None) -> PinsFile`: reads the file afresh, applies `edit` (one of
  the functions above, partly applied) and saves: what the app should call, so that two
  browsers open at once do not undo each other's pins.
* `check(store, pin) -> PinCheck(status, solution)`.

Why TOML: the state and the settings are TOML already (one reader, `tomllib`, and one
writer, tomli-w, through `tui.user_files`), a reader may edit a note by hand, and a few
hundred pins read in a few milliseconds (figures: docs/performance.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

from tui.model import SLUG_RE, Solution, Store
from tui.user_files import (
    MAX_USER_FILE,
    UserDocument,
    brief,
    read_document,
    set_aside,
    toml_table,
    user_dir,
    write_atomically,
)

PINS_FILE = "pins.toml"
MAX_NOTE = 2_000
"""Characters a note may have (the pins screen's input can cap itself at it)."""
MAX_PINS_FILE = MAX_USER_FILE
"""Bytes the pins file may have: every solution of the bundled store pinned with a note of
1,400 Arabic letters takes 220 kB and reads in 0.1 s; a file of a few dozen pins with short
notes reads in 2 ms. Past 1 MiB (reading takes most of a second) a file is damage."""
HASH_LENGTH = 8

PinStatus = Literal["ok", "moved", "changed", "missing-solution", "missing-department"]

HEADER = """\
# policy-browser: pinned solutions (export them with: policy-browser export --pins).
# solution is the number shown on screen (from 1); text_hash tells whether the solution's
# text has changed since it was pinned. Notes can be edited here; the app rewrites the file.
"""

_HASH = re.compile(f"[0-9a-f]{{{HASH_LENGTH}}}")


def text_hash(solution: Solution) -> str:
    """A short hash of a solution's text in both languages: it changes when either does."""
    text = f"{solution.text.ar}\x00{solution.text.en}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()[:HASH_LENGTH]


class Pin(NamedTuple):
    """One pinned solution: where it was (department id, index from 0), what its text was
    (a hash), the reader's note, and when it was pinned."""

    department: str
    solution: int
    text_hash: str
    note: str = ""
    pinned: datetime | None = None

    @property
    def id(self) -> str:
        """The pin's stable name: `department/number/text_hash`."""
        return f"{self.department}/{self.solution + 1}/{self.text_hash}"


class PinCheck(NamedTuple):
    """Whether a pin's text is still in the store, and at which index (None: nowhere)."""

    status: PinStatus
    solution: int | None


def check(store: Store, pin: Pin) -> PinCheck:
    """Where the pinned text is in `store` now: in place, moved, changed, or gone."""
    department = store.department(pin.department)
    if department is None:
        return PinCheck("missing-department", None)
    solutions = department.solutions
    if pin.solution < len(solutions) and text_hash(solutions[pin.solution]) == pin.text_hash:
        return PinCheck("ok", pin.solution)
    for index, solution in enumerate(solutions):
        if text_hash(solution) == pin.text_hash:
            return PinCheck("moved", index)
    if pin.solution < len(solutions):
        return PinCheck("changed", pin.solution)
    return PinCheck("missing-solution", None)


class PinsFile(NamedTuple):
    """The pins read from a file, what was wrong with it, and which file it was."""

    pins: tuple[Pin, ...]
    problems: list[str]
    path: Path | None


def pins_path() -> Path | None:
    """Where the pins are kept, or None where the user has no data folder."""
    folder = user_dir("data")
    return folder / PINS_FILE if folder else None


def load_pins(path: Path | None = None) -> PinsFile:
    """The pins in the file (none when there is no file or it cannot be read), and each
    problem with the file or an entry, naming the file and line. Never raises."""
    path = path or pins_path()
    if path is None:
        return PinsFile((), [], None)
    document = read_document(path, MAX_PINS_FILE)
    entries = document.data.get("pins", [])
    if not isinstance(entries, list):
        problem = f"{path}: pins must be written as [[pins]] tables; the file is ignored"
        return PinsFile((), [*document.problems, problem], path)
    pins: dict[str, Pin] = {}
    problems = list(document.problems)
    for number, entry in enumerate(entries, 1):
        where = f"{path}:{document.line_of('[[pins]]', number)}"
        pin, problem = _read_pin(entry, document, number)
        if pin is not None and pin.id in pins:
            problem = f"pin {number} repeats an earlier one ({pin.id}); it is left out"
            pin = None
        if problem:
            problems.append(f"{where}: {problem}")
        if pin is not None:
            pins[pin.id] = pin
    return PinsFile(tuple(pins.values()), problems, path)


def _read_pin(entry: object, document: UserDocument, number: int) -> tuple[Pin | None, str]:
    """One `[[pins]]` entry as a Pin (None when it cannot be one) and what is wrong with it
    ("" when nothing is; a bad note or date costs only that field)."""
    if not isinstance(entry, dict):
        return None, f"pin {number} is not a table; it is left out"
    department, solution, digest = (entry.get(k) for k in ("department", "solution", "text_hash"))
    if not (isinstance(department, str) and len(department) <= 200 and SLUG_RE.match(department)):
        return None, f"pin {number}: department = {brief(department)} is not a department id"
    if not (isinstance(solution, int) and not isinstance(solution, bool) and solution >= 1):
        return None, f"pin {number}: solution = {brief(solution)} is not a number from 1"
    if not (isinstance(digest, str) and _HASH.fullmatch(digest)):
        return None, f"pin {number}: text_hash = {brief(digest)} is not {HASH_LENGTH} hex digits"
    note, pinned = entry.get("note", ""), entry.get("pinned")
    problems = []
    if not isinstance(note, str):
        problems.append(f"note = {brief(note)} is not text")
        note = ""
    if pinned is not None and not isinstance(pinned, datetime):
        problems.append(f"pinned = {brief(pinned)} is not a date and time")
        pinned = None
    problem = f"pin {number}: {'; '.join(problems)}; kept without it" if problems else ""
    return Pin(department, solution - 1, digest, note, pinned), problem


def pins_text(pins: tuple[Pin, ...]) -> str:
    """The file's text for `pins` (what `save_pins` writes)."""
    tables = [toml_table("pins", _pin_fields(pin), array=True) for pin in pins]
    return HEADER + "".join(f"\n{table}" for table in tables)


def _pin_fields(pin: Pin) -> dict[str, Any]:
    """A pin as the file writes it (the solution's number from 1; no empty note)."""
    return {
        "department": pin.department,
        "solution": pin.solution + 1,
        "text_hash": pin.text_hash,
        "note": pin.note or None,
        "pinned": pin.pinned,
    }


def save_pins(pins: tuple[Pin, ...], path: Path | None = None) -> Path | None:
    """Write the pins, whole, in one step. A file there that could not be read cleanly is
    renamed aside first; where it went is returned (None: nothing was set aside). OSError
    when the pins cannot be written, or the user has no data folder."""
    path = path or pins_path()
    if path is None:
        raise OSError("there is no home folder to keep the pins in")
    return _save(pins, path, damaged=bool(load_pins(path).problems))


def _save(pins: tuple[Pin, ...], path: Path, *, damaged: bool) -> Path | None:
    """Write the pins over a file read before (`damaged`: with problems, so set aside)."""
    data = pins_text(pins).encode("utf-8")
    if len(data) > MAX_PINS_FILE:
        raise OSError(f"{path}: the pins would take more than {MAX_PINS_FILE:,} bytes")
    kept = set_aside(path) if damaged else None
    write_atomically(path, data)
    return kept


def change_pins(
    edit: Callable[[tuple[Pin, ...]], tuple[Pin, ...]], path: Path | None = None
) -> PinsFile:
    """Read the pins afresh, apply `edit`, save: the pins now, with the file's problems and
    a word on a damaged file set aside. OSError when they cannot be saved (or the user has
    no data folder); what `edit` raises (LookupError, ValueError) leaves the file as it was."""
    path = path or pins_path()
    if path is None:
        raise OSError("there is no home folder to keep the pins in")
    before = load_pins(path)
    pins = edit(before.pins)
    kept = _save(pins, path, damaged=bool(before.problems))
    problems = list(before.problems)
    if kept is not None:
        problems.append(f"{path} could not be read whole; it was kept as {kept}")
    return PinsFile(pins, problems, path)


def _clean_note(note: str) -> str:
    """A note as kept: trailing space trimmed; ValueError when it is too long."""
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValueError(f"a note has at most {MAX_NOTE:,} characters, this one {len(note):,}")
    return note


def add(
    pins: tuple[Pin, ...],
    store: Store,
    department_id: str,
    solution: int,
    note: str = "",
    *,
    now: datetime | None = None,
) -> tuple[Pin, ...]:
    """`pins` with solution `solution` (from 0) of a department pinned at the end (as it
    was when it is pinned already); LookupError when the store has no such solution."""
    department = store.department(department_id)
    if department is None:
        raise LookupError(f"the store has no department {department_id!r}")
    if not 0 <= solution < len(department.solutions):
        raise LookupError(f"{department.id} has no solution {solution + 1}")
    digest = text_hash(department.solutions[solution])
    pinned = (now or datetime.now(UTC)).replace(microsecond=0)
    pin = Pin(department.id, solution, digest, _clean_note(note), pinned)
    if any(p.id == pin.id for p in pins):
        return pins
    return (*pins, pin)


def _find(pins: tuple[Pin, ...], pin_id: str) -> int:
    """The place of the pin named `pin_id`; LookupError when there is none."""
    for place, pin in enumerate(pins):
        if pin.id == pin_id:
            return place
    raise LookupError(f"no pin {pin_id!r}")


def remove(pins: tuple[Pin, ...], pin_id: str) -> tuple[Pin, ...]:
    """`pins` without the pin named `pin_id`."""
    place = _find(pins, pin_id)
    return pins[:place] + pins[place + 1 :]


def set_note(pins: tuple[Pin, ...], pin_id: str, note: str) -> tuple[Pin, ...]:
    """`pins` with the note of `pin_id` replaced ("" removes it)."""
    place = _find(pins, pin_id)
    changed = pins[place]._replace(note=_clean_note(note))
    return (*pins[:place], changed, *pins[place + 1 :])


def update_text(pins: tuple[Pin, ...], pin_id: str, store: Store) -> tuple[Pin, ...]:
    """`pins` with `pin_id` following its solution's text as the store has it now (a moved
    pin takes the new place, a changed one the new text's hash), note and date kept;
    LookupError when its solution is gone."""
    place = _find(pins, pin_id)
    pin = pins[place]
    found = check(store, pin)
    department = store.department(pin.department)
    if found.solution is None or department is None:
        raise LookupError(f"the pinned solution {pin_id!r} is no longer in the store")
    digest = text_hash(department.solutions[found.solution])
    moved = pin._replace(solution=found.solution, text_hash=digest)
    # the pin updated takes the place of one already under its new name (the reader chose it)
    return tuple(moved if p is pin else p for p in pins if p is pin or p.id != moved.id)
