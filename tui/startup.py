"""The collector during start-up: paused until the first frame, then the start frozen.

Start-up builds tens of thousands of objects that live as long as the program (modules,
classes, Textual's parsed CSS, the store). Python's collector walks them all again on every
full collection; one fell inside the first frame and cost ~12 ms. So the browser's start
runs with the collector paused; after the first frame everything built so far moves to
the permanent generation (`gc.freeze`) and collection resumes for what comes after.
"""

from __future__ import annotations

import gc

_paused = False


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
