"""The bidi mode a user picked for a terminal (the calibration screen), kept in the config
folder: `$XDG_CONFIG_HOME/policy-browser/bidi.toml`, one entry per terminal.

```toml
[terminals]
vte = "app"
"xtversion=-,da2=1" = "terminal"
```

A terminal is named as `tui.rtl.terminals.Terminal.key` gives it. An entry that is not a
mode is skipped and reported with its line; a file that is not TOML is ignored and
reported. `--bidi` and TUI_BIDI still beat what is kept here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from tui.rtl.handshake import Asking, first_bound
from tui.rtl.modes import MODES, Mode
from tui.rtl.terminal import (
    TerminalPlan,
    bidi_choice,
    locale_is_utf8,
    outer_terminal,
    plan_terminal,
)
from tui.rtl.terminals import follow_up, identify
from tui.user_files import read_table, user_dir, write_atomically

CHOICE_FILE = "bidi.toml"

HEADER = """\
# policy-browser: how right-to-left text is drawn in each terminal, as picked in the
# calibration screen (python -m tui doctor, or ? then b in the browser).
# app: the browser orders the text; terminal: the terminal does; off: nobody does.
"""


class Choices(NamedTuple):
    """What the file holds, and what was wrong with it (each problem names file and line)."""

    modes: dict[str, Mode]
    problems: list[str]


def choice_path(env: Mapping[str, str] | None = None) -> Path | None:
    """Where the choices are kept, or None where the user has no config folder."""
    folder = user_dir("config", env)
    return folder / CHOICE_FILE if folder else None


def read_choices(path: Path | None) -> Choices:
    """The kept choices; a damaged file or entry is left out and reported, never raised."""
    if path is None:
        return Choices({}, [])
    table = read_table(path, "terminals")
    modes: dict[str, Mode] = {}
    problems = table.problems
    for key, value in table.entries.items():
        if value in MODES:
            modes[key] = value
        else:
            problems.append(
                f"{path}:{table.line(key)}: {key} = {value!r} is not a mode "
                "(app, terminal or off); the entry is skipped"
            )
    return Choices(modes, problems)


def keep_choice(path: Path, key: str, mode: Mode) -> None:
    """Keep `mode` for the terminal `key`, with the other terminals' entries as they were
    (OSError when the file cannot be written)."""
    import json  # its strings are TOML's basic strings

    modes = dict(read_choices(path).modes)
    modes[key] = mode
    lines = [HEADER, "[terminals]"]
    lines += [f"{json.dumps(name)} = {json.dumps(value)}" for name, value in sorted(modes.items())]
    write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))


class TerminalLearning:
    """Learning what the terminal needs: its questions start at once (in a thread: see
    `tui.rtl.handshake.Asking`), the plan is made when asked for. A bad `--bidi` or
    TUI_BIDI raises ValueError before anything is written."""

    def __init__(self, env: Mapping[str, str], override: str | None, fd: int | None) -> None:
        bidi_choice(env, override)
        self._env = env
        self._override = override
        if env.get("TERM") == "linux" or not locale_is_utf8(env):
            fd = None  # Arabic cannot show there: nothing to ask
        self._asking = Asking(fd, lambda said: follow_up(said, env), first_bound(env))
        self._plan: tuple[TerminalPlan, list[str]] | None = None

    def plan(self) -> tuple[TerminalPlan, list[str]]:
        """The plan for this terminal with the user's kept choice, and what was wrong with
        the kept choices (waits for the terminal's answers)."""
        if self._plan is None:
            env = self._env
            answers = self._asking.answers()
            terminal = identify(answers, env)
            kept = read_choices(choice_path(env))
            plan = plan_terminal(
                env,
                self._override,
                answers,
                terminal=terminal,
                outer=outer_terminal(terminal, env),
                chosen=kept.modes.get(terminal.key),
            )
            self._plan = (plan, kept.problems)
        return self._plan


def learn_terminal(
    env: Mapping[str, str], override: str | None, fd: int | None
) -> tuple[TerminalPlan, list[str]]:
    """`TerminalLearning(...).plan()`: ask, then plan, here and now."""
    return TerminalLearning(env, override, fd).plan()
