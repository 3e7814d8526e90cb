"""`validate`: exit 0 and a summary on a good store, exit 2 and every problem on a bad one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import department_yaml, run_tui

MakeStore = Callable[..., Path]


run = run_tui


def test_validate_bundled_store() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "valid: 12 departments" in result.stdout


def test_validate_broken_store_lists_problems_and_exits_2(make_store: MakeStore) -> None:
    broken = department_yaml().replace("order: 1", "order: first")
    root = make_store(departments={"01-finance.yaml": broken, "02-x.yaml": ""})
    result = run("validate", "--content", str(root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{root}/departments/01-finance.yaml:3:8: order must be a whole number, found str 'first'"
    )
    assert (
        lines[1] == f"{root}/departments/02-x.yaml:1:1: the file is empty; fill it in or delete it"
    )
    assert lines[-1] == "2 problems found; the store was not loaded."


def test_browser_on_broken_store_exits_2_without_traceback(make_store: MakeStore) -> None:
    root = make_store(departments={"01-finance.yaml": "id: [unclosed\n"})
    result = run("--content", str(root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "01-finance.yaml:2:1: YAML syntax error" in result.stderr


def test_unknown_department_names_what_exists() -> None:
    result = run("nowhere")
    assert result.returncode == 2
    assert "unknown department 'nowhere'; choose a key or id (1=finance" in result.stderr
