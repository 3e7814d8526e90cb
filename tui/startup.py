"""The start of the browser: the collector paused until the first frame, the frame rate,
and how soon Textual's output thread gets to write a frame.

Start-up builds tens of thousands of objects that live as long as the program (modules,
classes, Textual's parsed CSS, the store). Python's collector walks them all again on every
full collection, and one that fell inside the first frame delayed it (figures:
docs/performance.md). So the browser's start runs with the collector paused; after the
first frame everything built so far moves to the permanent generation (`gc.freeze`) and
collection resumes for what comes after, its full passes less often than Python's default
(`FULL_PASS_EVERY`).
"""

from __future__ import annotations

import gc
import os
import sys

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
objects), the frame waited for the GIL, and again within its write; with this interval it
is written about as soon as a minimal app's (figures: docs/performance.md)."""


def set_switch_interval() -> None:
    """Let a thread that wants the GIL have it within `SWITCH_INTERVAL` (for frames)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


FULL_PASS_EVERY = 100
"""Passes over the collector's middle generation between two full passes (Python's default
is 10). A full pass walks everything the browser built since its start and keeps (the rows
of filters, laid-out lines, what was read of the store), and fell in the middle of
keystrokes (figures: docs/performance.md); the young generations, where most garbage
dies, are collected as often as before."""


def pause_collection() -> None:
    """Pause the collector for the start (does nothing if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def end_of_start() -> None:
    """The first frame is out (a store read in parts: it is whole): freeze what the start
    built and collect again (idempotent)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_PASS_EVERY)
        gc.enable()
