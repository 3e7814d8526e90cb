"""Where the reader left off, so that the next start opens there: kept in the state folder,
`$XDG_STATE_HOME/policy-browser/state.toml` (`~/.local/state/...`).

```toml
[reading]
department = "finance"   # the department's id
solution = 3             # the solution's number, counted from 1 as the screen shows it
scroll_y = 12.0          # the detail pane's scroll offset, in rows
lang = "en"
themes = ["tourism"]     # the theme filter
```

Public API (the app wires it; nothing here imports textual):

* `ReadingState(department, solution, scroll_y, lang, themes)`: `solution` is an index from
  0, as `tui.model.Department.solutions` counts; the file holds the number from 1.
* `load_state(path=None) -> (ReadingState | None, problems)`: None when there is no file or
  it cannot be used (missing, empty, not TOML, truncated, not a regular file such as a FIFO,
  larger than `tui.user_files.MAX_USER_FILE`). A field of the wrong type or out of range is
  left out and reported with its line; the rest is kept. Never raises.
* `ReadingState.fitted(store)`: the same state less what this store does not have (a
  department removed since, a solution past the end, a theme or language it lacks).
* `save_state(state, path=None) -> Path | None`: writes the whole file at once (OSError when
  it cannot be written; None where the user has no state folder).

`--fresh` on the browser's command line makes a start ignore the file; the file stays until
the app saves a new one. The state folder (not config: nothing here is a setting; not data:
losing it costs nothing) is what the XDG specification names for "state that should persist
between restarts", such as a position in a document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from tui.model import LANGUAGES, SLUG_RE, Lang, Store
from tui.user_files import brief, read_table, toml_table, user_dir, write_atomically

STATE_FILE = "state.toml"
TABLE = "reading"

MAX_SCROLL = 10_000_000.0
"""Rows the detail pane may be scrolled (far more than any department has): a larger number
in the file is damage."""

HEADER = """\
# policy-browser: where reading stopped; the next start opens here (--fresh ignores it).
# Written by the app on the way out: edits are fine, but it is rewritten whole.
# solution is the number shown on screen (from 1); scroll_y is in rows.
"""


class ReadingState(NamedTuple):
    """Where the reader was: department, solution (an index from 0), scroll, language and
    theme filter; any of them may be absent."""

    department: str | None = None
    solution: int | None = None
    scroll_y: float = 0.0
    lang: Lang | None = None
    themes: tuple[str, ...] = ()

    def fitted(self, store: Store) -> ReadingState:
        """This state less what `store` does not have (content edited since it was saved):
        an unknown department drops the department with its solution and scroll."""
        department = store.department(self.department) if self.department else None
        solution = self.solution
        if department is None or solution is None or solution >= len(department.solutions):
            solution = None
        return ReadingState(
            department=department.id if department else None,
            solution=solution,
            scroll_y=self.scroll_y if department else 0.0,
            lang=self.lang if self.lang in store.languages else None,
            themes=tuple(t for t in self.themes if store.theme(t) is not None),
        )


def state_path() -> Path | None:
    """Where the state is kept, or None where the user has no state folder."""
    folder = user_dir("state")
    return folder / STATE_FILE if folder else None


def load_state(path: Path | None = None) -> tuple[ReadingState | None, list[str]]:
    """The saved state (None when there is none or the file cannot be used) and what was
    wrong with the file, each problem naming the file and line. Never raises. Entries this
    version does not know are passed over in silence (a newer version may have written
    them)."""
    path = path or state_path()
    if path is None:
        return None, []
    table = read_table(path, TABLE)
    if table.problems or not table.entries:
        return None, table.problems
    problems: list[str] = []
    fields: dict[str, Any] = {}
    for key, (check, expected) in _CHECKS.items():
        if key not in table.entries:
            continue
        value = table.entries[key]
        checked = check(value)
        if checked is None:
            problems.append(
                f"{path}:{table.line(key)}: {key} = {brief(value)} is not {expected}; it is ignored"
            )
        else:
            fields[key] = checked
    return ReadingState(**fields), problems


def _department(value: object) -> str | None:
    """A department id as the store writes ids."""
    if isinstance(value, str) and len(value) <= 200 and SLUG_RE.match(value):
        return value
    return None


def _solution(value: object) -> int | None:
    """The file's solution number (from 1) as an index (from 0)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1_000_000:
        return value - 1
    return None


def _scroll(value: object) -> float | None:
    """A finite scroll offset in range (NaN, infinities and huge integers are damage)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not -MAX_SCROLL <= value <= MAX_SCROLL:  # before float(): 10**400 cannot be one
        return None
    scroll = float(value)
    return scroll if 0.0 <= scroll <= MAX_SCROLL else None


def _lang(value: object) -> Lang | None:
    """One of the languages the app speaks."""
    return next((lang for lang in LANGUAGES if lang == value), None)


def _themes(value: object) -> tuple[str, ...] | None:
    """A list of theme ids, each once."""
    if not isinstance(value, list) or len(value) > 1000:
        return None
    ids = [t for t in value if isinstance(t, str) and len(t) <= 200 and SLUG_RE.match(t)]
    return tuple(dict.fromkeys(ids)) if len(ids) == len(value) else None


_CHECKS: dict[str, tuple[Callable[[object], Any], str]] = {
    "department": (_department, "a department id"),
    "solution": (_solution, "a solution number from 1"),
    "scroll_y": (_scroll, f"a scroll offset from 0 to {MAX_SCROLL:,.0f} rows"),
    "lang": (_lang, "ar or en"),
    "themes": (_themes, "a list of theme ids"),
}
"""Each field the file may hold: how it is read and what it should be."""


def state_text(state: ReadingState) -> str:
    """The file's text for `state` (what `save_state` writes)."""
    fields = {
        "department": state.department,
        "solution": None if state.solution is None else state.solution + 1,
        "scroll_y": float(min(max(state.scroll_y, 0.0), MAX_SCROLL)),
        "lang": state.lang,
        "themes": list(state.themes),
    }
    return HEADER + "\n" + toml_table(TABLE, fields)


def save_state(state: ReadingState, path: Path | None = None) -> Path | None:
    """Keep `state` for the next start, written whole in one step; the file written (None
    where the user has no state folder; OSError when it cannot be written)."""
    path = path or state_path()
    if path is None:
        return None
    write_atomically(path, state_text(state).encode("utf-8"))
    return path
