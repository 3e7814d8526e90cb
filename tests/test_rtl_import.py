"""The RTL engine is headless: importing it must not load Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_does_not_load_textual() -> None:
    """A fresh interpreter imports every tui.rtl module without pulling in textual."""
    code = (
        "import sys\n"
        "import tui.rtl, tui.rtl.terminal, tui.rtl.styled, tui.rtl.modes, tui.rtl._gen_tables\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
