"""The start of the browser: the collector paused until the first frame, and the frame rate.

Start-up builds tens of thousands of objects that live as long as the program (modules,
classes, Textual's parsed CSS, the store). Python's collector walks them all again on every
full collection; one fell inside the first frame and cost ~12 ms. So the browser's start
runs with the collector paused; after the first frame everything built so far moves to
the permanent generation (`gc.freeze`) and collection resumes for what comes after.
"""

from __future__ import annotations

import gc
import os

_paused = False

FRAME_RATE = 120
"""Textual's frame cap for the browser (Textual's own default is 60). A change that moves
a pane (a search result list growing) takes a second frame; at 60 frames a second each
waits up to 17 ms for the screen's update timer, at 120 up to 8."""


def set_frame_rate() -> None:
    """Cap Textual at `FRAME_RATE`, unless TEXTUAL_FPS says otherwise (before Textual loads)."""
    os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))


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
