"""What can be wrong with a store: problems with their places, for people to fix, and the
exit statuses the command line returns (one set, for `tui.cli` and `tui.commands`).

No YAML here: the commands and the browser catch `StoreError` without loading the reader
(a store served from the cache never imports YAML).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_FAILURE = 1
"""The command failed for a reason other than its input (a file not written, a broken pipe)."""
EXIT_NO_MATCH = 1
"""A search or list that found nothing: grep's convention, so scripts can test for it."""
EXIT_BAD_INPUT = 2
"""What the user gave (arguments, store, query) cannot be used: fix it and run again."""


def shown(text: str) -> str:
    """Text for an error message: invisible and control characters as escapes (\\x1b, \\u202e).

    File names and YAML tags can hold anything; a message must neither drive the terminal
    nor be reordered by a bidi control it quotes.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the store, where it is, and what to do about it."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return shown(f"{self.path}:{self.line}:{self.column}: {self.message}")

    def relative_to(self, root: Path) -> Problem:
        """The same problem with its path relative to `root` (for a screen that names root)."""
        try:
            return Problem(self.path.relative_to(root), self.line, self.column, self.message)
        except ValueError:
            return self


class StoreError(Exception):
    """The store could not be loaded; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def report(message: str, stream: TextIO | None = None) -> None:
    """Print a message for people (stderr by default), each line through `shown`: whatever
    it quotes (a query, a path, an argument, content) can neither drive the terminal nor
    reorder the rest of the line. The one way the commands speak about input."""
    print("\n".join(shown(line) for line in message.split("\n")), file=stream or sys.stderr)
