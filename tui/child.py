"""Child processes of this program (a large store's readers, the search index's builders):
this interpreter running one of our modules, our package first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BACKGROUND_NICENESS = 10
"""How much lower a child working while the browser is in use runs (keystrokes come first)."""

PACKAGE_HOME = str(Path(__file__).resolve().parent.parent)
"""The folder this `tui` package is in."""


def command(module: str, *args: str) -> list[str]:
    """`python -P -m module args`: with -P, not a `tui` in the current folder."""
    return [sys.executable, "-P", "-m", module, *args]


def environment() -> dict[str, str]:
    """This process's environment; where our package is found only in the current folder
    (a checkout, not installed), that folder on the path (-P leaves it out). An installed
    package's folder is not added: on PYTHONPATH it would come before the standard library."""
    found = {os.path.realpath(entry) for entry in sys.path[1:] if entry}
    if PACKAGE_HOME in found:
        return dict(os.environ)
    path = os.pathsep.join(filter(None, (PACKAGE_HOME, os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": path}
