"""A large store read by worker processes (`tui.store_workers`) gives what one process
reading every file gives: the same store, the same problems at the same places, in order."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import department_yaml
from tui import store_workers
from tui.model import Store
from tui.paths import default_content_dir
from tui.schema import DepartmentDraft
from tui.store import StoreError, load_store

MakeStore = Callable[..., Path]


def _in_runs(monkeypatch: pytest.MonkeyPatch, runs: int) -> None:
    """Read every store, however small, in `runs` runs (one here, the others in workers)."""
    monkeypatch.setattr(store_workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(store_workers, "cores", lambda: runs)


def _loaded(root: Path) -> Store | list[str]:
    """The store in `root`, or its problems as printed."""
    try:
        return load_store(root)
    except StoreError as error:
        return [str(problem) for problem in error.problems]


def _broken_store(make_store: MakeStore) -> Path:
    """Ten department files, each run holding problems of its own, and problems that only
    show across runs (an id used twice, a key that starts another)."""
    good = department_yaml
    return make_store(
        departments={
            "01-finance.yaml": good(),
            "02-trade.yaml": good("trade", "2", 2).replace("order: 2", "order: first"),
            "03-home.yaml": good("home", "3", 3).replace("[tourism, planning]", "[sport]"),
            "04-x.yaml": "  \n",
            "05-tourism.yaml": good("tourism", "5", 5).replace("تطوير", "تطوير\\e]52;c;aGk=\\a"),
            "06-health.yaml": good("health", "12", 6).replace(
                'headline: {ar: "', 'headline: {ar: "" "'
            ),
            "07-misnamed.yml~": good(),
            "07_no_number.yaml": good("no-number", "7", 7),
            "08-finance.yaml": good("finance", "8", 8),
            "09-roads.yaml": good("roads", "9", 9).encode().replace("إدارة".encode(), b"\xe5"),
            "10-water.yaml": good("water", "13", 10),
        }
    )


@pytest.mark.parametrize("runs", [2, 3])
def test_a_broken_store_reports_the_same_problems_in_the_same_order(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch, runs: int
) -> None:
    root = _broken_store(make_store)
    alone = _loaded(root)
    assert isinstance(alone, list) and len(alone) >= 8
    assert any("02-trade.yaml:3:8: order must be a whole number" in line for line in alone)
    _in_runs(monkeypatch, runs)
    assert _loaded(root) == alone


def test_the_bundled_store_reads_the_same_in_three_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = load_store()
    _in_runs(monkeypatch, 3)
    read_here: list[str] = []
    read_run = store_workers._read_run

    def recorded(run: list[Path], *args: Any) -> list[DepartmentDraft]:
        read_here.extend(path.name for path in run)
        return read_run(run, *args)

    monkeypatch.setattr(store_workers, "_read_run", recorded)
    assert load_store(default_content_dir()) == alone
    assert read_here == [path.name for path in alone_paths()[:4]]  # the workers read the rest


def alone_paths() -> list[Path]:
    """The bundled store's department files, in order."""
    return sorted((default_content_dir() / "departments").glob("*.yaml"))


def test_a_worker_that_cannot_start_leaves_its_run_to_this_process(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _broken_store(make_store)
    alone = _loaded(root)
    _in_runs(monkeypatch, 2)
    monkeypatch.setattr(sys, "executable", str(root / "no-python-here"))
    assert _loaded(root) == alone


def test_a_worker_that_fails_leaves_its_run_to_this_process(
    make_store: MakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = load_store()
    _in_runs(monkeypatch, 2)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    assert load_store(default_content_dir()) == alone


def test_runs_keep_file_order_and_differ_by_one_file_at_most() -> None:
    paths = [Path(f"{n:02}-x.yaml") for n in range(11)]
    runs = store_workers.split(paths, 3)
    assert [len(run) for run in runs] == [4, 4, 3]
    assert [path for run in runs for path in run] == paths


def test_a_child_gets_our_folder_on_its_path_only_where_it_would_not_find_us(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run from a checkout (-P drops the current folder): our folder first on PYTHONPATH.
    Installed (our folder is site-packages, on the path anyway): nothing added, so that
    site-packages never comes before the standard library in a child."""
    import sys

    from tui import child

    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setattr(sys, "path", [child.PACKAGE_HOME, "/usr/lib/python3"])
    assert child.environment()["PYTHONPATH"] == child.PACKAGE_HOME
    monkeypatch.setattr(sys, "path", ["", "/usr/lib/python3", child.PACKAGE_HOME])
    assert "PYTHONPATH" not in child.environment()
