"""The start of the browser: the collector paused until the first frame, the frame rate,
how soon Textual's output thread gets to write a frame, and ICU's answers from the last start.

Start-up builds tens of thousands of objects that live as long as the program (modules,
classes, Textual's parsed CSS, the store). Python's collector walks them all again on every
full collection; one fell inside the first frame and cost ~12 ms. So the browser's start
runs with the collector paused; after the first frame everything built so far moves to
the permanent generation (`gc.freeze`) and collection resumes for what comes after.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.rtl._icu import Results

_paused = False

FRAME_RATE = 120
"""Textual's frame cap for the browser (Textual's own default is 60). A change that moves
a pane (a search result list growing) takes a second frame; at 60 frames a second each
waits up to 17 ms for the screen's update timer, at 120 up to 8."""


def set_frame_rate() -> None:
    """Cap Textual at `FRAME_RATE`, unless TEXTUAL_FPS says otherwise (before Textual loads)."""
    os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))


SWITCH_INTERVAL = 0.0005
"""Seconds a thread waiting for the GIL lets the running thread go on (Python's default is
0.005). Textual hands every frame to its output thread; while the main thread went on
working after the first frame (measuring the rest of the detail, freezing the start's
objects), the frame waited ~5 ms for the GIL and ~5 ms more within its write: 11 ms from
queued to written, against 1.5 ms with this interval (and 1.4 ms for a minimal app)."""


def set_switch_interval() -> None:
    """Let a thread that wants the GIL have it within `SWITCH_INTERVAL` (for frames)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


def pause_collection() -> None:
    """Pause the collector for the start (does nothing if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def end_of_start() -> None:
    """The first frame is out: freeze what the start built and collect again (idempotent)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
    _keep_icu_answers()


ICU_FILE = "icu-start.pickle"
"""The file, in the cache folder (`tui.store_cache.cache_dir`), that keeps ICU's answers."""

ICU_FORMAT = 1
"""Bump when what the file holds changes shape."""

ICU_KEEP = 512
"""Answers kept at most: those of the last starts (both languages), ~40 each. Past it the
file keeps only the last start's, so it stays small and quick to read."""

_icu_start: tuple[Path, str, Results] | None = None


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles strings, bytes, numbers, tuples and dicts: nothing that names a class."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"{module}.{name} is not an ICU answer")


def _read_icu_answers(path: Path, library: str) -> Results | None:
    """The answers kept in `path` for this ICU build and this version, if sound."""
    from tui import __version__
    from tui.rtl._icu import Results

    try:
        with open(path, "rb") as file:
            version, fmt, kept_for, shaped, levels = _PlainUnpickler(file).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    if (version, fmt, kept_for) != (__version__, ICU_FORMAT, library):
        return None
    sound = (
        isinstance(shaped, dict)
        and isinstance(levels, dict)
        and all(type(k) is str and type(v) is str for k, v in shaped.items())
        and all(_level_answer(k, v) for k, v in levels.items())
    )
    return Results(shaped, levels) if sound else None


def _level_answer(question: object, answer: object) -> bool:
    """Whether a kept `levels` answer has its shape: (text, level) -> (levels, level)."""
    return (
        type(question) is tuple
        and type(answer) is tuple
        and len(question) == len(answer) == 2
        and type(question[0]) is str
        and type(question[1]) is int
        and type(answer[0]) is bytes
        and type(answer[1]) is int
    )


def recall_icu_answers() -> None:
    """Give the RTL engine ICU's answers from the last starts, so that a start asking the
    same questions draws its first frame without loading ICU (`tui.rtl._icu.remember`: ~4 ms
    of the first frame); the answers this start asks are kept at its first frame.
    Nothing is kept when caching is off or ICU is not the ctypes library."""
    global _icu_start
    from tui.rtl import _icu
    from tui.store_cache import cache_dir

    folder = cache_dir()
    library = _icu.library_id() if folder is not None else None
    if folder is None or library is None:
        return
    path = folder / ICU_FILE
    known = _read_icu_answers(path, library) or _icu.Results({}, {})
    _icu.remember(known)
    _icu_start = (path, library, known)


def _keep_icu_answers() -> None:
    """Keep what this start asked ICU, with what was kept before (up to `ICU_KEEP`)."""
    global _icu_start
    if _icu_start is None:
        return
    from tui import __version__
    from tui.rtl import _icu
    from tui.store_cache import write_pickle

    path, library, known = _icu_start
    _icu_start = None
    asked = _icu.recorded()
    shaped = {**known.shaped, **asked.shaped}
    levels = {**known.levels, **asked.levels}
    if len(shaped) + len(levels) > ICU_KEEP:
        shaped, levels = asked.shaped, asked.levels
    if shaped == known.shaped and levels == known.levels:
        return  # nothing new: the usual case
    write_pickle(path, (__version__, ICU_FORMAT, library, shaped, levels))
