"""The benchmark suite still runs: `python -m tests.benchmarks --quick` exits 0 with its table.

Quick mode asserts nothing about speed (CI machines are too noisy for that); it proves the
store generator, the pty runs, the keystroke session and every figure still work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.figures import HEADERS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for peak RSS")
def test_quick_benchmarks_run(tmp_path: Path) -> None:
    """Quick mode finishes within a minute and prints every header and figure."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| figure"))
    assert [cell.strip() for cell in header.strip("|").split("|")] == list(HEADERS)
    for figure in ("first paint", "peak RSS", "keystroke", "store load", "search query", "RTL"):
        assert any(line.startswith(f"| {figure}") for line in lines), figure
    assert "quick mode" in result.stdout
