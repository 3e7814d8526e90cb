"""Child processes of this program (a large store's readers, the search index's builders):
this interpreter running one of our modules, our package first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_HOME = str(Path(__file__).resolve().parent.parent)
"""The folder this `tui` package is in."""


def command(module: str, *args: str) -> list[str]:
    """`python -P -m module args`: with -P, not a `tui` in the current folder."""
    return [sys.executable, "-P", "-m", module, *args]


def environment() -> dict[str, str]:
    """This process's environment, with our package first on the path (-P dropped the
    current folder, which is where it is when run from a checkout)."""
    path = os.pathsep.join(filter(None, (PACKAGE_HOME, os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": path}
