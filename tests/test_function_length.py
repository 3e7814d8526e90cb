"""A house rule kept by a test (issue 18): no function in tui/ is longer than 60 lines.

A function is counted from its `def` line to its last line, docstring and comments
included; nested functions and methods count on their own (and inside the one that holds
them). Past 60 lines a function is doing several things: give each its own name.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"
MAX_LINES = 60


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """Each function and method in `source`: its name, its `def` line and its length in lines."""
    return [
        (node.name, node.lineno, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_function_lengths_are_counted_from_def_to_end() -> None:
    source = textwrap.dedent(
        """\
        @decorator
        def f():
            "Why."

            return 1


        class C:
            def g(self): pass
        """
    )
    assert sorted(function_lengths(source)) == [("f", 2, 4), ("g", 9, 1)]


def test_no_function_in_tui_is_over_60_lines() -> None:
    files = sorted(TUI.rglob("*.py"))
    assert TUI / "store.py" in files
    too_long = [
        f"{path.relative_to(TUI.parent)}:{line}: {name} is {length} lines; split it"
        for path in files
        for name, line, length in function_lengths(path.read_text(encoding="utf-8"))
        if length > MAX_LINES
    ]
    assert too_long == []
