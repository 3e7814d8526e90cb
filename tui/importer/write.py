"""Write an import's files: YAML as people edit it, and the JSON Schema beside it.

Each file starts with `# yaml-language-server: $schema=...`, a path relative to the file
(schema/store.schema.json from store.yaml, ../schema/department.schema.json from a
department). The import writes those schema files into the store folder itself: a relative
path keeps working when the folder is moved, copied to another machine or kept in git, where
the path of the installed package would not (another machine, another virtualenv, an
upgrade). They are views of the one schema shipped with the package
(`tui.paths.data_dir("schema")`), each with its root set to one kind of file.

Nothing is overwritten without `force`; files are created exclusively, and with `force`
replaced whole (`tui.user_files.write_atomically`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tui.importer.build import Flow, Plan
from tui.paths import data_dir
from tui.problems import shown

SCHEMA_FILE = "store.schema.json"
KINDS = ("store", "themes", "department")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def schema() -> dict[str, Any]:
    """The JSON Schema of every kind of store file, as shipped."""
    path = data_dir("schema") / SCHEMA_FILE
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def schema_for(kind: str) -> dict[str, Any]:
    """The schema of one kind of file (store, themes, department): the whole schema with
    its root pointing at that kind's definition."""
    whole = schema()
    return {
        "$schema": whole["$schema"],
        "title": f"{whole['title']}: {kind}",
        "$comment": whole["$comment"],
        "$ref": f"#/definitions/{kind}",
        "definitions": whole["definitions"],
    }


class _Dumper(yaml.SafeDumper):
    """Strings double-quoted (Arabic as it is), names and ids plain, theme lists on a line,
    list items indented under their key (as the bundled store is written)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never indentless: `solutions:` is followed by `  - text:`."""
        super().increase_indent(flow, False)


def _string(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    plain = bool(data) and data[0].isalpha() and set(data) <= _PLAIN
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=None if plain else '"')


def _flow(dumper: yaml.SafeDumper, data: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _string)
_Dumper.add_representer(Flow, _flow)


def dump(data: dict[str, Any], header: list[str]) -> str:
    """YAML text of `data` under `header`'s comment lines; each string on one line."""
    body = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 30, indent=2
    )
    return "".join(f"# {line}\n".replace("# \n", "#\n") for line in header) + body


def _modeline(kind: str, up: str = "") -> str:
    return f"yaml-language-server: $schema={up}schema/{kind}.schema.json"


def files(plan: Plan, article_name: str) -> Iterator[tuple[str, str]]:
    """(path in the store folder, text) of every file the import writes."""
    article_name = shown(article_name)  # a newline in a file name must not end a comment
    made = f"Imported from {article_name} by `policy-browser import`."
    todo = "English is left empty (shown as not translated) until someone translates it."
    yield "store.yaml", dump(plan.store, [_modeline("store"), made, todo])
    yield "themes.yaml", dump(plan.themes, [_modeline("themes"), made])
    for department in plan.departments:
        section = department.section
        header = [
            _modeline("department", "../"),
            f"Section {department.data['order']} of {article_name} (lines "
            f"{section.first_line}-{section.last_line}), the Arabic verbatim.",
            todo,
            "suggested: themes whose words the text holds. Move those that fit to themes",
            "and delete the rest (validate lists what is left to confirm).",
        ]
        yield f"departments/{department.file_name}", dump(department.data, header)
    for kind in KINDS:
        text = json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
        yield f"schema/{kind}.schema.json", text


def existing(into: Path, paths: list[str]) -> list[Path]:
    """What is in the way of writing `paths` into `into`: files with those names, and other
    department files (an import into a store would mix two articles)."""
    found = [into / path for path in paths if os.path.lexists(into / path)]
    departments = into / "departments"
    if departments.is_dir():
        ours = {into / path for path in paths}
        found += sorted(
            path
            for path in departments.iterdir()
            if path.suffix in (".yaml", ".yml") and path not in ours
        )
    return found


def write(into: Path, texts: list[tuple[str, str]], *, force: bool) -> None:
    """Write each file (OSError when one cannot be: FileExistsError without `force`)."""
    from tui.user_files import write_atomically

    for path, text in texts:
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if force:
            write_atomically(target, data)
        else:
            with target.open("xb") as file:
                file.write(data)
