"""Themes an import suggested that no person has confirmed yet: where each one is.

The loaded store says which solutions have `suggested` themes; their department files
(named NN-<id>.yaml, which the loader enforces) are read again as nodes to say on which line
each list is, so that `validate` can list them as file:line:column for an editor to jump to.
Never imports textual.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tui.model import Department, Store
from tui.problems import Problem
from tui.schema import DEPARTMENT_FILE
from tui.yaml_nodes import read_yaml


def _file_of(root: Path, department: Department) -> Path | None:
    """The department's file: departments/NN-<id>.yaml."""
    for path in sorted((root / "departments").glob(f"*-{department.id}.y*ml")):
        match = DEPARTMENT_FILE.match(path.name)
        if match and match.group(2) == department.id:
            return path
    return None


def _suggested_nodes(node: yaml.Node | None) -> list[yaml.Node | None]:
    """Each solution's `suggested` node (None where it has none), in order."""
    found: list[yaml.Node | None] = []
    if not isinstance(node, yaml.MappingNode):
        return found
    solutions = next((v for k, v in node.value if k.value == "solutions"), None)
    for item in solutions.value if isinstance(solutions, yaml.SequenceNode) else []:
        pairs = item.value if isinstance(item, yaml.MappingNode) else []
        found.append(next((v for k, v in pairs if k.value == "suggested"), None))
    return found


def unconfirmed(root: Path, store: Store) -> list[Problem]:
    """One entry per solution with suggested themes: its place and what to do."""
    entries = []
    for department in store.departments:
        if not any(solution.suggested for solution in department.solutions):
            continue
        path = _file_of(root, department)
        nodes = _suggested_nodes(read_yaml(path, [])) if path is not None else []
        for n, solution in enumerate(department.solutions):
            if not solution.suggested:
                continue
            node = nodes[n] if n < len(nodes) else None
            line, column = (
                (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
            )
            entries.append(
                Problem(
                    path or root / "departments",
                    line,
                    column,
                    f"solution {n + 1}: suggested {', '.join(solution.suggested)}; move those "
                    "that fit to themes and delete the rest",
                )
            )
    return entries
