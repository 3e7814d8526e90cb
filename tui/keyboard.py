"""Every key binding, in one table; what the Arabic keyboard layouts send on those keys; and
the user's own keymap (Textual's glue for the layouts' table in `tui.keys`).

Every binding also answers to what its keys send in the Arabic layouts (`arabic_keymap`,
given to Textual's keymap support), and help names both (`tui.widgets.key_bar.key_label`).

The user's keymap (`$XDG_CONFIG_HOME/policy-browser/keymap.toml`) maps binding ids to keys:

```toml
[keys]
quit = "x"
search = "ctrl+f,/"
```

A bad entry is reported with its file and line and skipped: the binding keeps its keys.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from textual.binding import Binding
from textual.keys import Keys

from tui.i18n import ui
from tui.keys import sent_by
from tui.user_files import read_table, user_dir


def _binding(
    keys: str, action: str, binding_id: str, show: bool = True, priority: bool = False
) -> Binding:
    """A binding whose description is its UI string (`key.<id>`) in English."""
    description = ui(f"key.{binding_id}", "en")
    return Binding(keys, action, description, show=show, priority=priority, id=binding_id)


# -- every binding, by where it works ---------------------------------------------------------
# Ids are unique across the tables: a keymap entry rebinds one id everywhere it is used.

APP = [
    _binding("q", "quit", "quit"),
    _binding("question_mark", "help", "help"),
    _binding("l", "toggle_language", "lang"),
    _binding("ctrl+p", "command_palette", "palette", show=False, priority=True),
    _binding("ctrl+z", "suspend_process", "suspend", show=False),
]
MAIN = [
    _binding("slash", "search", "search"),
    _binding("colon", "goto", "goto", show=False),
    _binding("t", "themes", "themes"),
    _binding("c", "clear", "clear"),
    _binding("o", "only_matching", "only", show=False),
    _binding("s", "parallel", "parallel", show=False),
    _binding("m", "matrix", "matrix"),
    _binding("y", "copy", "copy"),
    _binding("u", "copy_link", "copy_link", show=False),
    _binding("Y", "cite('plain')", "cite", show=False),
    _binding("alt+y", "cite('markdown')", "cite-md", show=False),
    _binding("f", "toggle_pin", "pin", show=False),
    _binding("P", "pins", "pins", show=False),
    _binding("r", "app.reload", "reload", show=False),
    _binding("n", "next_match", "next", show=False),
    _binding("N", "previous_match", "previous-match", show=False),
    _binding("ctrl+down", "next_solution", "next-solution", show=False),
    _binding("p,ctrl+up", "previous_solution", "prev", show=False),
    _binding("tab", "switch_pane", "focus", show=False),
    _binding("escape", "back", "back", show=False),
    _binding("j", "list_down", "down", show=False),
    _binding("k", "list_up", "up", show=False),
    _binding("left_square_bracket,alt+left,backspace", "history_back", "history_back", show=False),
    _binding("right_square_bracket,alt+right", "history_forward", "history_forward", show=False),
]
SEARCH = [_binding("down", "focus_results", "search-down", show=False)]
THEME_PANEL = [_binding("space", "toggle_theme", "theme-toggle", show=False)]
HELP = [
    _binding("escape,question_mark,q", "app.pop_screen", "help-back"),
    _binding("b", "app.calibrate", "calibrate"),
]
PINS = [
    _binding("escape", "close", "pins-back"),
    _binding("e", "note", "pins-note"),
    _binding("d,delete", "unpin", "pins-unpin"),
]
MATRIX = [_binding("escape,m", "dismiss_none", "matrix-back")]
MATRIX_OPEN = _binding("enter", "select_cursor", "matrix-open")
"""The matrix's table (Textual's DataTable) opens a cell on Enter: listed in help, not bound."""
CALIBRATION = [
    _binding("1", "try('app')", "try_app"),
    _binding("2", "try('terminal')", "try_terminal"),
    _binding("3", "try('off')", "try_off"),
    _binding("enter", "keep", "keep"),
    _binding("escape", "cancel", "calibration-back"),
]
ERROR = [
    _binding("escape", "app.pop_screen", "error-back"),
    _binding("r", "app.reload", "reload"),
    _binding("q", "app.quit", "quit"),
]
EVERY_BINDING = [
    *APP, *MAIN, *SEARCH, *THEME_PANEL, *HELP, *MATRIX, *PINS, *CALIBRATION, *ERROR
]  # fmt: skip

_NAMES = {"slash": "/", "colon": ":", "question_mark": "?", "left_square_bracket": "[",
          "right_square_bracket": "]", "semicolon": ";", "apostrophe": "'", "comma": ",",
          "full_stop": ".", "grave_accent": "`"}  # fmt: skip
"""Textual's names of the punctuation keys the layouts move."""


def _plain_key(name: str) -> str | None:
    """The character of a binding's key name with no modifier ("slash" -> "/")."""
    if "+" in name:
        return None
    return name if len(name) == 1 else _NAMES.get(name)


def binding_keys(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> dict[str, str]:
    """Each binding id's keys: the keymap's where it has the id, else the binding's own."""
    keys: dict[str, str] = {}
    for binding in bindings:
        if binding.id and binding.id not in keys:
            keys[binding.id] = keymap.get(binding.id, binding.key)
    return keys


def arabic_keymap(keys: Mapping[str, str], used: Collection[str]) -> dict[str, str]:
    """The keymap that makes every binding also answer to what its keys send in Arabic
    layouts (`keys`: binding id -> its keys; `used`: every Latin key that does something)."""
    keymap = {}
    for binding_id, names in keys.items():
        extra = []
        for name in names.split(","):
            plain = _plain_key(name.strip())
            if plain is not None:
                extra += sent_by(plain, used)  # App.set_keymap gives characters Textual's names
        keymap[binding_id] = ",".join([names, *extra]) if extra else names
    return keymap


def used_keys(keys: Mapping[str, str], department_keys: Iterable[str]) -> set[str]:
    """Every plain Latin key that does something: a binding's or a department's."""
    used = set(department_keys)
    for names in keys.values():
        used.update(p for n in names.split(",") if (p := _plain_key(n.strip())) is not None)
    return used


# -- the user's keymap ----------------------------------------------------------------------

KEYMAP_FILE = "keymap.toml"

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_KEY_NAMES = {key.value for key in Keys}


class UserKeymap(NamedTuple):
    """The user's keymap, and what was wrong with it (each problem names file and line)."""

    keys: dict[str, str]
    problems: list[str]


def keymap_path(env: Mapping[str, str] | None = None) -> Path | None:
    """Where the user's keymap is, or None where there is no config folder."""
    folder = user_dir("config", env)
    return folder / KEYMAP_FILE if folder else None


def keys_problem(keys: object) -> str | None:
    """Why `keys` is not a key string Textual takes (comma-separated keys, each a single
    character or a key name, with modifiers: `x`, `ctrl+f`, `f5,escape`), or None."""
    if not isinstance(keys, str) or not keys.strip():
        return 'keys must be text, such as "x" or "ctrl+f,/"'
    for key in keys.split(","):
        *modifiers, base = key.strip().split("+")
        if any(m not in _MODIFIERS for m in modifiers) or not base:
            return f"{key.strip()!r} is not a key: modifiers are {', '.join(_MODIFIERS)}"
        if len(base) != 1 and base not in _KEY_NAMES and _plain_key(base) is None:
            return f"{key.strip()!r} is not a key name Textual knows (such as f5, escape, up)"
        if len(base) == 1 and not base.isprintable():
            return f"{key.strip()!r} is not a key"
    return None


def read_keymap(
    path: Path | None, ids: Collection[str], department_keys: Collection[str]
) -> UserKeymap:
    """The user's keymap: binding ids to keys; entries naming no binding, keys Textual does
    not know, or a department's jump key (it would never be reached) are reported and
    skipped."""
    if path is None:
        return UserKeymap({}, [])
    table = read_table(path, "keys")
    keys: dict[str, str] = {}
    problems = table.problems
    for binding_id, value in table.entries.items():
        problem = None
        if binding_id not in ids:
            problem = f"{binding_id} is not a binding; use one of {', '.join(sorted(ids))}"
        elif (problem := keys_problem(value)) is None:
            taken = [k for k in value.split(",") if k.strip() in department_keys]
            if taken:
                problem = f"{taken[0].strip()!r} is a department's jump key; choose another"
        if problem is None:
            keys[binding_id] = value
        else:
            problems.append(f"{path}:{table.line(binding_id)}: {problem}; entry skipped")
    return UserKeymap(keys, problems)


# -- what the app runs with -------------------------------------------------------------------


class KeySetup(NamedTuple):
    """The keys the app runs with."""

    keys: dict[str, str]
    """Each binding id's keys, the user's where the keymap gives them (Latin, as shown)."""
    used: frozenset[str]
    """Every plain Latin key that does something (for `tui.keys.latin_key`)."""
    keymap: dict[str, str]
    """For Textual's `App.set_keymap`: `keys` and what the Arabic layouts send on them."""
    problems: list[str]
    """What was wrong with the user's keymap, file:line each."""
    path: Path | None = None
    """Where the user's keymap is read from (None: nowhere, as in tests)."""


def key_setup(department_keys: Collection[str], path: Path | None) -> KeySetup:
    """The keys for a store whose departments jump on `department_keys`, with the user's
    keymap at `path`."""
    ids = {binding.id for binding in EVERY_BINDING if binding.id}
    firsts = {key[0] for key in department_keys}  # what is typed first: a key's start
    user = read_keymap(path, ids, firsts)
    keys = binding_keys(EVERY_BINDING, user.keys)
    used = used_keys(keys, firsts)
    return KeySetup(keys, frozenset(used), arabic_keymap(keys, used), user.problems, path)


def rebound(bindings: Iterable[Binding], keys: Mapping[str, str]) -> list[Binding]:
    """`bindings` with the keys they run on here (the user's keymap applied), to show."""
    return [b.with_key(keys.get(b.id or "", b.key)) for b in bindings]


def app_keys(app: object) -> KeySetup:
    """The keys `app` runs with (the bindings' own where it is not the browser)."""
    keys = getattr(app, "keys", None)
    return keys if isinstance(keys, KeySetup) else key_setup((), None)
