"""The wheel carries content/, styles/ and schema/: a non-editable install finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_contains_content_and_styles(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui/_data/content/store.yaml" in names
    assert "tui/_data/content/themes.yaml" in names
    assert sum(n.startswith("tui/_data/content/departments/") for n in names) == 12
    assert "tui/_data/styles/app.tcss" in names
    assert "tui/_data/styles/dialogs.tcss" in names
    assert "tui/rtl/__init__.py" in names
    assert "tui/_data/schema/store.schema.json" in names  # written into imported stores
    assert not [n for n in names if n.startswith("tests/")]  # no top-level `tests` package
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "policy-browser = tui.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
