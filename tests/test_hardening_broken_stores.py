"""Broken stores at start: every kind of problem the loader knows, through the browser entry
and `validate`, gives the problem list and exit status 2, never a traceback (issue 7).

The browser is never reached with a broken store, so `main()` runs in-process (fast); a few
cases also go through a real `python -m tui` to cover the entry point itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, STORE_YAML, THEMES_YAML, cli, department_yaml
from tests.test_hardening_content import assert_terminal_safe
from tui.yaml_nodes import MAX_FILE_BYTES

MakeStore = Callable[..., Path]
Build = Callable[[MakeStore, Path], Path]


def _dept(old: str, new: str) -> Build:
    """A store whose department file has `old` replaced by `new`."""
    return lambda make, _tmp: make(
        departments={"01-finance.yaml": department_yaml().replace(old, new)}
    )


def _without_headline(make: MakeStore, _tmp: Path) -> Path:
    lines = department_yaml().splitlines(keepends=True)
    return make(departments={"01-finance.yaml": "".join(x for x in lines if "headline" not in x)})


def _alias_bomb(make: MakeStore, _tmp: Path) -> Path:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return make(themes="\n".join(lines) + "\n")


def _special_file(kind: str) -> Build:
    def build(make: MakeStore, _tmp: Path) -> Path:
        root = make()
        target = root / "departments" / "02-x.yaml"
        if kind == "fifo":
            os.mkfifo(target)  # opening it would wait for a writer forever
        elif kind == "device":
            target.symlink_to("/dev/zero")  # reading it would never end
        else:
            target.mkdir()
        return root

    return build


def _departments_is_a_file(make: MakeStore, _tmp: Path) -> Path:
    root = make(departments={})
    (root / "departments").rmdir()
    (root / "departments").write_text("not a folder\n", encoding="utf-8")
    return root


CASES: list[tuple[str, Build, str]] = [
    ("yaml-syntax", _dept('headline: {ar: "تعزيز', 'headline: {ar: "تعزيز" "'), "YAML syntax"),
    ("wrong-type", _dept("order: 1", "order: first"), "order must be a whole number"),
    ("numeric-key", _dept('key: "1"', "key: 1"), 'key must be text; quote it: key: "1"'),
    ("missing-field", _without_headline, "missing required field 'headline'"),
    ("missing-language", _dept(', en: "Department of Finance"', ""), "missing the en text"),
    (
        "unknown-field",
        lambda make, _t: make(departments={"01-finance.yaml": department_yaml() + "x: 1\n"}),
        "unknown field 'x'",
    ),
    ("unknown-theme", _dept("[tourism, planning]", "[tourism, sport]"), "unknown theme 'sport'"),
    (
        "duplicates",
        lambda make, _t: make(
            departments={"01-finance.yaml": department_yaml(), "02-finance.yaml": department_yaml()}
        ),
        "id 'finance' is already used by 01-finance.yaml:1",
    ),
    (
        "duplicate-theme",
        lambda make, _t: make(
            themes=THEMES_YAML + '  - id: planning\n    label: {ar: "خ", en: "P"}\n'
        ),
        "theme id 'planning' already used on line 2",
    ),
    (
        "reserved-key",
        lambda make, _t: make(departments={"01-finance.yaml": department_yaml(key="q")}),
        "key 'q' is reserved",
    ),
    (
        "empty-solutions",
        lambda make, _t: make(
            departments={
                "01-finance.yaml": department_yaml()[: department_yaml().index("solutions:")]
                + "solutions: []\n"
            }
        ),
        "solutions is empty",
    ),
    (
        "not-utf8",
        lambda make, _t: make(
            departments={
                "01-finance.yaml": department_yaml()
                .encode()
                .replace("إدارة".encode(), "إدارة".encode("cp1256"))
            }
        ),
        "the file is not UTF-8",
    ),
    (
        "empty-file",
        lambda make, _t: make(
            departments={"01-finance.yaml": department_yaml(), "02-x.yaml": "  \n"}
        ),
        "the file is empty",
    ),
    ("alias-bomb", _alias_bomb, "(an alias bomb?)"),
    (
        "oversized",
        lambda make, _t: make(
            departments={"01-finance.yaml": department_yaml() + "#" + "x" * MAX_FILE_BYTES}
        ),
        "over the limit of 1,000,000; split it",
    ),
    (
        "control-escape",
        _dept("تطوير السياحة", "تطوير\\e]52;c;aGk=\\a"),
        "control character U+001B",
    ),
    (
        "control-raw",
        _dept("تطوير السياحة", "تطوير\x1b[2J"),
        "the file contains the character U+001B",
    ),
    ("c1-csi", _dept("تطوير السياحة", "\\x9b31m"), "control character U+009B"),
    ("line-separator", _dept("تطوير السياحة", "a\\Lb"), "line separator U+2028"),
    ("hostile-tag", _dept("order: 1", "order: !e%1B%5D52%3Bc%3BaGk%3D%07 1"), "found !e\\x1b]52"),
    ("invisible-key", _dept('key: "1"', 'key: "\\u202e"'), "must be 1 to 4 visible"),
    ("missing-themes", lambda make, _t: make(themes=None), "themes.yaml:1:1: the file is missing"),
    (
        "missing-store-file",
        lambda make, _t: make(store=None),
        "store.yaml:1:1: the file is missing",
    ),
    ("no-departments", lambda make, _t: make(departments={}), "no department files"),
    (
        "bad-file-name",
        lambda make, _t: make(departments={"finance.yaml": department_yaml()}),
        "must be named NN-<id>.yaml",
    ),
    (
        "hostile-file-name",
        lambda make, _t: make(departments={"01-\x1b]52;c;aGk=\x07.yaml": department_yaml()}),
        "01-\\x1b]52;c;aGk=\\x07.yaml",
    ),
    (
        "bad-language",
        lambda make, _t: make(store=STORE_YAML.replace("[ar, en]", "[ar, fr]")),
        "unknown language 'fr'",
    ),
    (
        "bad-url",
        lambda make, _t: make(store=STORE_YAML.replace("https://example.org", "javascript:x")),
        "source.url must start with",
    ),
    ("departments-is-a-file", _departments_is_a_file, "departments must be a folder"),
    ("fifo", _special_file("fifo"), "not a regular file"),
    ("device", _special_file("device"), "not a regular file"),
    ("folder-as-file", _special_file("folder"), "not a regular file"),
    ("missing-folder", lambda _make, tmp: tmp / "nowhere", "the content folder does not exist"),
    ("empty-folder", lambda _make, tmp: tmp, "the content folder is empty or not a store"),
    ("folder-is-a-file", lambda _make, tmp: Path(os.devnull), "the content folder is not a folder"),
]


@pytest.fixture(params=CASES, ids=[case[0] for case in CASES])
def broken(
    request: pytest.FixtureRequest, make_store: MakeStore, tmp_path: Path
) -> tuple[Path, str]:
    """A broken store and a piece of the message it must give."""
    _name, build, expected = request.param
    return build(make_store, tmp_path), expected


@pytest.mark.parametrize("entry", ["browser", "validate"])
def test_broken_store_gives_its_problems_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    broken: tuple[Path, str],
    entry: str,
) -> None:
    root, expected = broken

    def no_browser(*_args: object) -> int:
        raise AssertionError("the browser must not start on a broken store")

    monkeypatch.setattr("tui.app.PolicyBrowser.run", no_browser)
    args = ["--content", str(root)] if entry == "browser" else ["validate", "--content", str(root)]
    code, out, err = cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert expected in err
    assert "problem" in err.splitlines()[-1] and "the store was not loaded" in err
    assert "Traceback" not in err
    assert_terminal_safe(err)


@pytest.mark.parametrize(
    "case", ["missing-folder", "hostile-tag", "fifo", "hostile-file-name"], ids=str
)
def test_real_entry_point_never_shows_a_traceback(
    make_store: MakeStore, tmp_path: Path, case: str
) -> None:
    _name, build, expected = next(c for c in CASES if c[0] == case)
    root = build(make_store, tmp_path)
    for args in (["--content", str(root)], ["validate", "--content", str(root)]):
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and "Traceback" not in result.stderr
        assert result.stdout == ""
        assert_terminal_safe(result.stderr)
