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


def test_the_readme_key_table_has_every_key_help_lists() -> None:
    """Help and the README name the same keys (issue 16: the table must match help)."""
    from textual.binding import Binding

    from tui.screens.help import HELP_SECTIONS
    from tui.widgets.key_bar import key_label

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| key | what it does |") :].split("\n\n")[0]
    keys = set(re.findall(r"`([^`]+)`", table))
    bindings = [
        binding
        for _heading, section in HELP_SECTIONS
        for binding in section
        if isinstance(binding, Binding) and binding.id
    ]
    missing = {key_label(b) for b in bindings if key_label(b) not in keys}
    assert not missing, f"keys help lists that the README's table does not: {missing}"


def test_the_readme_names_every_binding_id_a_keymap_can_use() -> None:
    from tui.keyboard import EVERY_BINDING

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = text[text.index("Ids: `") + 6 :].split("`")[0].split()
    assert sorted(listed) == sorted({b.id for b in EVERY_BINDING if b.id})
