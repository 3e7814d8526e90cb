"""The JSON Schema of the store files (schema/store.schema.json) in step with the loader.

The schema was written once, by hand, for editors; `tui.store` stays the full check. They
must agree on every file the project has (the bundled store, an imported one) and on every
way of breaking one field at a time that the schema can tell: a field removed or added, a
value emptied, blanked or of the wrong type. Checked with `jsonschema` (Draft 7, the
version the YAML language server reads).
"""

from __future__ import annotations

import copy
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from tests.conftest import CONTENT, ROOT
from tui.cli import main
from tui.importer.write import KINDS, schema, schema_for
from tui.keys import key_problem
from tui.problems import StoreError
from tui.store import load_store

SEED = ROOT / "tests" / "data" / "seed_article.txt"
Path_ = tuple[str | int, ...]
DELETE = object()


def validator(kind: str) -> Draft7Validator:
    return Draft7Validator(schema_for(kind))


def kind_of(path: Path) -> str:
    return path.stem if path.parent.name != "departments" else "department"


def store_files(root: Path) -> list[Path]:
    return [root / "store.yaml", root / "themes.yaml", *sorted(root.glob("departments/*.yaml"))]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imported") / "store"
    assert main(["import", str(SEED), "--into", str(root)]) == 0
    return root


@pytest.mark.parametrize("kind", KINDS)
def test_each_view_is_a_valid_draft_7_schema(kind: str) -> None:
    Draft7Validator.check_schema(schema_for(kind))
    assert schema_for(kind)["definitions"] == schema()["definitions"]


@pytest.mark.parametrize("root", [CONTENT, None], ids=["bundled", "imported"])
def test_every_store_file_passes_the_schema(root: Path | None, imported: Path) -> None:
    for path in store_files(root or imported):
        errors = list(validator(kind_of(path)).iter_errors(yaml.safe_load(path.read_text("utf-8"))))
        assert not errors, f"{path}: {[e.message for e in errors]}"


def test_imported_files_name_the_schema_beside_them(imported: Path) -> None:
    for path in store_files(imported):
        first = path.read_text("utf-8").split("\n", 1)[0]
        found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert found, path
        target = (path.parent / found.group(1)).resolve()
        assert target == (imported / "schema" / f"{kind_of(path)}.schema.json").resolve()
        assert yaml.safe_load(target.read_text("utf-8")) == schema_for(kind_of(path))


def test_the_reserved_keys_are_the_loaders() -> None:
    """The schema's forbidden first characters are exactly the visible characters the loader
    refuses as a key's first."""
    key = schema()["definitions"]["department"]["properties"]["key"]
    visible = (chr(c) for c in range(0x21, 0x30000) if unicodedata.category(chr(c))[0] in "LNPS")
    refused = sorted(char for char in visible if key_problem(char) is not None)
    escaped = "".join("\\" + c if c in "[]\\^-" else c for c in refused)
    assert key["not"]["pattern"] == f"^[{escaped}]"
    assert all(key_problem(f"{char}1") is not None for char in refused)


# ---------------------------------------------------------------------------------------------
# One field broken at a time: both say no, or both say yes


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema()["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def mutations(value: Any, node: dict[str, Any], path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """(where, what to put there) for each way of breaking one field the schema describes."""
    node = _resolve(node)
    if isinstance(value, dict):
        yield from (((*path, key), DELETE) for key in value)
        yield (*path, "extra"), "x"
        for key, sub in value.items():
            yield from mutations(sub, node.get("properties", {}).get(key, {}), (*path, key))
    elif isinstance(value, list):
        yield path, []
        yield path, "x"
        for index, item in enumerate(value[:2]):
            yield from mutations(item, node.get("items", {}), (*path, index))
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, str):
        yield from ((path, bad) for bad in ("", "  ", 12))
    elif isinstance(value, int):
        yield from ((path, bad) for bad in (0, "1"))


def mutated(document: Any, path: Path_, replacement: Any) -> Any:
    result = copy.deepcopy(document)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    if replacement is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return result


def loads(root: Path) -> bool:
    try:
        load_store(root)
    except StoreError:
        return False
    return True


@pytest.mark.parametrize("kind", KINDS)
def test_schema_and_loader_agree_on_each_broken_field(
    kind: str, imported: Path, tmp_path: Path
) -> None:
    root = tmp_path / "store"
    shutil.copytree(imported, root)
    for extra in sorted(root.glob("departments/*.yaml"))[1:]:
        extra.unlink()  # one department is enough, and keeps this fast
    path = next(p for p in store_files(root) if kind_of(p) == kind)
    original = yaml.safe_load(path.read_text("utf-8"))
    check = validator(kind)
    assert check.is_valid(original) and loads(root)
    disagreements = []
    tried = 0
    for where, replacement in mutations(original, {"$ref": f"#/definitions/{kind}"}):
        document = mutated(original, where, replacement)
        path.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
        tried += 1
        if check.is_valid(document) != loads(root):
            disagreements.append((where, "deleted" if replacement is DELETE else replacement))
    assert tried > 20
    assert not disagreements, f"schema and loader disagree on {kind}: {disagreements}"
