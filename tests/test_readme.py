"""The README's promise: CI runs exactly the test command a new user is told to run."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_ci_runs_the_readme_test_command() -> None:
    test_command = next(c for c in readme_commands() if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_app_command_installs_and_runs() -> None:
    app_command = readme_commands()[0]
    assert "python3 -m venv .venv" in app_command
    assert app_command.endswith("-m tui")
