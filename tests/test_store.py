"""The loader: a valid store becomes the model; every mistake is reported with its place."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CONTENT, THEMES_YAML, department_yaml
from tui.model import Localized
from tui.store import MAX_NODES, StoreError, load_store
from tui.yaml_nodes import MAX_FILE_BYTES

MakeStore = Callable[..., Path]


def problems_of(root: Path) -> list[tuple[str, int, str]]:
    """(file name, line, message) of every problem loading `root` reports."""
    with pytest.raises(StoreError) as caught:
        load_store(root)
    return [(p.path.name, p.line, p.message) for p in caught.value.problems]


def only_problem(root: Path) -> tuple[str, int, str]:
    found = problems_of(root)
    assert len(found) == 1, found
    return found[0]


def test_valid_store_loads_into_the_model(make_store: MakeStore) -> None:
    store = load_store(make_store())
    assert store.default_language == "ar"
    assert [d.id for d in store.departments] == ["finance"]
    finance = store.departments[0]
    assert finance.key == "1"
    assert finance.solutions[1].themes == ("tourism", "planning")
    assert finance.intro == Localized()
    assert store.department("1") is finance
    assert store.department("finance") is finance
    assert finance.theme_counts() == {"planning": 2, "tourism": 1}
    assert finance.matching(frozenset({"tourism"})) == (1,)


def test_localized_falls_back_to_the_other_language() -> None:
    assert Localized(ar="عربي").get("en") == "عربي"
    assert Localized(en="English").get("ar") == "English"
    assert Localized(ar="ع", en="E").get("en") == "E"


def test_yaml_syntax_error_names_line_and_column(make_store: MakeStore) -> None:
    broken = department_yaml().replace('headline: {ar: "تعزيز', 'headline: {ar: "تعزيز" "')
    name, line, message = only_problem(make_store(departments={"01-finance.yaml": broken}))
    assert (name, line) == ("01-finance.yaml", 8)
    assert message.startswith("YAML syntax error:")


def test_wrong_type(make_store: MakeStore) -> None:
    broken = department_yaml().replace("order: 1", "order: first")
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        3,
        "order must be a whole number, found str 'first'",
    )


def test_unquoted_numeric_key_says_to_quote_it(make_store: MakeStore) -> None:
    broken = department_yaml().replace('key: "1"', "key: 1")
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        2,
        'key must be text; quote it: key: "1"',
    )


def test_missing_required_field(make_store: MakeStore) -> None:
    lines = department_yaml().splitlines(keepends=True)
    broken = "".join(line for line in lines if not line.startswith("headline"))
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        1,
        "department: missing required field 'headline'; add it",
    )


def test_missing_language(make_store: MakeStore) -> None:
    broken = department_yaml().replace(', en: "Department of Finance"', "")
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        4,
        "name: missing the en text; every string needs ar, en",
    )


def test_unknown_field(make_store: MakeStore) -> None:
    broken = department_yaml() + "sumary: oops\n"
    name, line, message = only_problem(make_store(departments={"01-finance.yaml": broken}))
    assert (name, line) == ("01-finance.yaml", 14)
    assert message.startswith("department: unknown field 'sumary'; expected one of id, order")


def test_unknown_theme(make_store: MakeStore) -> None:
    broken = department_yaml().replace("[tourism, planning]", "[tourism, sport]")
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        13,
        "solution 2: unknown theme 'sport'; use one of the ids in themes.yaml",
    )


def test_duplicate_ids_keys_and_orders(make_store: MakeStore) -> None:
    root = make_store(
        departments={
            "01-finance.yaml": department_yaml(),
            "02-finance.yaml": department_yaml("finance", "1", 1),
        }
    )
    found = problems_of(root)
    assert found == [
        (
            "02-finance.yaml",
            1,
            "id 'finance' is already used by 01-finance.yaml:1; each department needs its own id",
        ),
        (
            "02-finance.yaml",
            2,
            "key '1' is already used by 01-finance.yaml:2; each department needs its own key",
        ),
        (
            "02-finance.yaml",
            3,
            "order 1 is already used by 01-finance.yaml:3; each department needs its own order",
        ),
    ]


def test_duplicate_theme_id(make_store: MakeStore) -> None:
    themes = THEMES_YAML + '  - id: planning\n    label: {ar: "خطة", en: "Plan"}\n'
    assert only_problem(make_store(themes=themes)) == (
        "themes.yaml",
        6,
        "theme id 'planning' already used on line 2",
    )


def test_reserved_key(make_store: MakeStore) -> None:
    broken = department_yaml(key="q")
    name, line, message = only_problem(make_store(departments={"01-finance.yaml": broken}))
    assert (name, line) == ("01-finance.yaml", 2)
    assert message.startswith("key 'q' is reserved for an app command; choose another")


def test_empty_solution_list(make_store: MakeStore) -> None:
    text = department_yaml()
    broken = text[: text.index("solutions:")] + "solutions: []\n"
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        9,
        "solutions is empty; a department needs at least one",
    )


def test_file_not_utf8(make_store: MakeStore) -> None:
    raw = department_yaml().encode("utf-8").replace("إدارة".encode(), "إدارة".encode("cp1256"))
    name, line, message = only_problem(make_store(departments={"01-finance.yaml": raw}))
    assert (name, line) == ("01-finance.yaml", 4)
    assert message.startswith("the file is not UTF-8 (byte 0x")
    assert message.endswith("save it as UTF-8")


def test_empty_file(make_store: MakeStore) -> None:
    root = make_store(departments={"01-finance.yaml": department_yaml(), "02-x.yaml": "  \n"})
    assert only_problem(root) == ("02-x.yaml", 1, "the file is empty; fill it in or delete it")


def test_alias_bomb_is_refused_quickly(make_store: MakeStore) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    bomb = "\n".join(lines) + "\n"
    name, _line, message = only_problem(make_store(themes=bomb))
    assert name == "themes.yaml"
    assert f"more than {MAX_NODES:,} YAML nodes (an alias bomb?)" in message


def test_a_file_of_more_nodes_than_the_budget_is_refused_without_an_alias(
    make_store: MakeStore,
) -> None:
    many = "[" + "0," * MAX_NODES + "]\n"  # a tree: only its length says it may be too big
    name, _line, message = only_problem(make_store(themes=many))
    assert name == "themes.yaml"
    assert f"more than {MAX_NODES:,} YAML nodes" in message


def test_oversized_file(make_store: MakeStore) -> None:
    huge = department_yaml() + "# " + "x" * MAX_FILE_BYTES + "\n"
    name, _line, message = only_problem(make_store(departments={"01-finance.yaml": huge}))
    assert name == "01-finance.yaml"
    assert f"over the limit of {MAX_FILE_BYTES:,}; split it" in message


def test_control_characters_are_rejected(make_store: MakeStore) -> None:
    broken = department_yaml().replace("تطوير السياحة", "تطوير\\x1b]52;c;aGk=\\x07 السياحة")
    assert only_problem(make_store(departments={"01-finance.yaml": broken})) == (
        "01-finance.yaml",
        12,
        "solution 2 text.ar contains the control character U+001B at position 6; "
        "remove it (controls could drive the terminal)",
    )


def test_missing_and_empty_store_folders(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere")[0][2].startswith("the content folder does not exist")
    assert problems_of(tmp_path)[0][2].startswith("the content folder is empty or not a store")


def test_every_problem_is_collected(make_store: MakeStore) -> None:
    broken_a = department_yaml().replace("order: 1", "order: -3")
    broken_b = department_yaml("tourism", "2", 2).replace("[planning]", "[nope]")
    root = make_store(
        themes=None, departments={"01-finance.yaml": broken_a, "02-tourism.yaml": broken_b}
    )
    found = problems_of(root)
    assert [(n, line) for n, line, _ in found] == [("themes.yaml", 1), ("01-finance.yaml", 3)]


def test_bundled_store_validates() -> None:
    if not (CONTENT / "departments").is_dir() or not any((CONTENT / "departments").iterdir()):
        pytest.fail("the bundled content/ is missing")
    store = load_store(CONTENT)
    assert len(store.departments) == 12
    assert [d.order for d in store.departments] == list(range(1, 13))
    for department in store.departments:
        for solution in department.solutions:
            assert solution.themes
            assert solution.text.has("ar") and solution.text.has("en")


def test_headless_modules_do_not_import_textual() -> None:
    code = (
        "import sys, tui.store, tui.model, tui.i18n, tui.cli, tui.selection, tui.content; "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
