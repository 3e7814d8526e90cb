"""Shared fixtures: a small valid store on disk that tests can break one way at a time."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Tests never touch the user's cache of stores (tui.content); subprocesses inherit this.
os.environ.setdefault("TUI_CACHE_DIR", tempfile.mkdtemp(prefix="tui-test-cache-"))

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

STORE_YAML = """\
title: {ar: "حلول", en: "Solutions"}
source:
  outlet: Báo Tuyên Quang
  url: https://example.org/article
  published: "2025-09"
  note: {ar: "ترجمة", en: "A translation"}
languages: [ar, en]
default_language: ar
"""

THEMES_YAML = """\
themes:
  - id: planning
    label: {ar: "التخطيط", en: "Planning"}
  - id: tourism
    label: {ar: "السياحة", en: "Tourism"}
"""

STYLING = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;(?:id=\d+)?;[\x21-\x7e]*\x1b\\")
"""What the commands write to a terminal besides text: SGR colours, and OSC 8 links (to
printable ASCII addresses only: `tui.rtl.styled.link_style`)."""


def department_yaml(dept_id: str = "finance", key: str = "1", order: int = 1) -> str:
    """A valid department file; tests edit the text to break one thing."""
    return textwrap.dedent(
        f"""\
        id: {dept_id}
        key: "{key}"
        order: {order}
        name: {{ar: "إدارة المالية", en: "Department of Finance"}}
        speaker:
          name: {{ar: "فان دينه ثاو", en: "Van Dinh Thao"}}
          role: {{ar: "مدير إدارة المالية", en: "Director of the Department of Finance"}}
        headline: {{ar: "تعزيز جذب الاستثمار", en: "Attracting investment"}}
        solutions:
          - text: {{ar: "ابتكار ترويج الاستثمار", en: "Renew investment promotion"}}
            themes: [planning]
          - text: {{ar: "تطوير السياحة", en: "Develop tourism"}}
            themes: [tourism, planning]
        """
    )


@pytest.fixture(autouse=True)
def _user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has empty state and data folders of its own: the reader's saved place and
    pins (tui.reading_state, tui.pins) must neither come from the user's nor reach them."""
    folder = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))


@pytest.fixture(autouse=True)
def _interpreter_state() -> Iterator[None]:
    """Undo what the browser's start does to the interpreter (`tui.startup`): a test that
    runs `main` must not leave the collector paused or frozen, or the switch interval set."""
    import gc

    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    yield
    from tui import startup

    startup.end_of_start()
    gc.unfreeze()
    sys.setswitchinterval(interval)
    if collecting:
        gc.enable()


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store cache folder of the test's own (modules that use it take it for every test)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TUI_CACHE_DIR", str(folder))
    monkeypatch.delenv("TUI_CACHE", raising=False)
    return folder


@pytest.fixture
def make_store(tmp_path: Path) -> Callable[..., Path]:
    """Write a store folder; keyword arguments replace whole files (None leaves one out)."""

    def make(
        store: str | None = STORE_YAML,
        themes: str | None = THEMES_YAML,
        departments: dict[str, str | bytes] | None = None,
    ) -> Path:
        root = tmp_path / "content"
        (root / "departments").mkdir(parents=True)
        if store is not None:
            (root / "store.yaml").write_text(store, encoding="utf-8")
        if themes is not None:
            (root / "themes.yaml").write_text(themes, encoding="utf-8")
        files = departments if departments is not None else {"01-finance.yaml": department_yaml()}
        for name, text in files.items():
            path = root / "departments" / name
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return root

    return make


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run main() in-process; stdout is captured, so not a terminal."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def loaded_after(code: str, packages: tuple[str, ...]) -> list[str]:
    """Run `code` in a fresh interpreter; which of `packages` (or their submodules) it loaded.

    Raises if the code fails, so a broken import is not read as "nothing loaded".
    """
    probe = (
        f"{code}\nimport sys\n"
        f"print(sorted(m for m in sys.modules if m in {packages!r} "
        f"or m.startswith(tuple(p + '.' for p in {packages!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return list(ast.literal_eval(result.stdout.strip().splitlines()[-1]))


def run_tui(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m tui ARGS` in a subprocess (stdout is a pipe, not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
