"""Back and forward through where the reader has been, as a web browser keeps them.

Headless: the main screen says where the reader is when they go somewhere else (`visit`),
and asks for the place before or after (`back`, `forward`). Where the reader is now is always
passed in, so moves that are not visits (arrow keys, scrolling) are kept with the entry they
happened at: back after a jump returns to where the reader had moved to, not where they came in.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 200
"""Entries kept; the oldest go first."""


class History(Generic[T]):
    """Places in visiting order, and the one the reader is at."""

    def __init__(self, start: T) -> None:
        self._entries: list[T] = [start]
        self._at = 0

    @property
    def entries(self) -> list[T]:
        """Every place kept, oldest first (do not mutate)."""
        return self._entries

    @property
    def position(self) -> int:
        """The index of the place the reader is at."""
        return self._at

    def visit(self, here: T, new: T) -> None:
        """The reader goes from `here` to `new`: places ahead of them are dropped."""
        self._entries[self._at] = here
        del self._entries[self._at + 1 :]
        if new != here:
            self._entries.append(new)
        if len(self._entries) > MAX_ENTRIES:
            del self._entries[0]
        self._at = len(self._entries) - 1

    def back(self, here: T) -> T | None:
        """The place before this one (None at the oldest)."""
        return self._move(here, -1)

    def forward(self, here: T) -> T | None:
        """The place after this one (None at the newest)."""
        return self._move(here, 1)

    def _move(self, here: T, step: int) -> T | None:
        target = self._at + step
        if not 0 <= target < len(self._entries):
            return None
        self._entries[self._at] = here
        self._at = target
        return self._entries[target]
