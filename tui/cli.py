"""Command line: the browser by default, and non-interactive commands for scripts.

Textual is imported only when the browser (or a screenshot) is asked for, so `validate`,
`list`, `show` and friends start fast and work where no terminal is attached.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.model import Store
from tui.store import StoreError, load_store, summary

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

COMMANDS = ("validate",)


def _print_problems(error: StoreError, stream: TextIO) -> None:
    count = len(error.problems)
    for problem in error.problems:
        print(problem, file=stream)
    print(
        f"{count} problem{'s' if count != 1 else ''} found; the store was not loaded.",
        file=stream,
    )


def _load(content: Path | None) -> Store | None:
    """The store, or None after printing every problem to stderr."""
    try:
        return load_store(content)
    except StoreError as error:
        _print_problems(error, sys.stderr)
        return None


def _browser_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-browser",
        description=(
            "Browse the Tuyen Quang 2025-2030 solutions (Arabic, with English) in the "
            "terminal. Commands for scripts: "
            + ", ".join(COMMANDS)
            + " (see `policy-browser COMMAND --help`)."
        ),
    )
    parser.add_argument(
        "department", nargs="?", help="open on this department (its id or jump key)"
    )
    parser.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="ID",
        help="start filtered by this theme (repeatable)",
    )
    _add_lang(parser)
    parser.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal", "off"),
        default=None,
        help=(
            "how right-to-left text is drawn: auto detects the terminal (default; also "
            "TUI_BIDI); app = the app reorders and shapes; terminal = logical text for "
            "terminals that apply bidi themselves (Konsole); off = no processing"
        ),
    )
    _add_content(parser)
    return parser


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=("ar", "en"), default=None, help="language (default: the store's)"
    )


def _add_content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="a content store folder (default: the bundled article)",
    )


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"policy-browser {command}")
    if command == "validate":
        parser.description = "Check a content store; print every problem as file:line:column."
    _add_content(parser)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 and a summary when the store is valid; 2 and every problem when it is not."""
    store = _load(args.content)
    if store is None:
        return EXIT_BAD_INPUT
    where = args.content or "the bundled store"
    print(f"{where}: valid: {summary(store)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the browser or a command; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in COMMANDS:
        command = args_list[0]
        args = _command_parser(command).parse_args(args_list[1:])
        return run_validate(args)
    args = _browser_parser().parse_args(args_list)
    store = _load(args.content)
    if store is None:
        return EXIT_BAD_INPUT
    problem = _check_refs(store, args.department, args.theme, args.lang)
    if problem:
        print(f"policy-browser: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run_browser(store, args)


def _check_refs(
    store: Store, department: str | None, themes: Sequence[str], lang: str | None
) -> str | None:
    """Why a department, theme or language named on the command line does not exist."""
    if department is not None and store.department(department) is None:
        known = ", ".join(f"{d.key}={d.id}" for d in store.departments)
        return f"unknown department {department!r}; choose a key or id: {known}"
    for theme in themes:
        if store.theme(theme) is None:
            known = ", ".join(t.id for t in store.themes)
            return f"unknown theme {theme!r}; choose one of: {known}"
    if lang is not None and lang not in store.languages:
        return f"the store has no {lang!r} text; languages: {', '.join(store.languages)}"
    return None


def run_browser(store: Store, args: argparse.Namespace) -> int:
    """Open the full-screen browser; the terminal is restored on every way out."""
    import os

    from tui.rtl.terminal import plan_for, terminal_session

    plan = plan_for(os.environ, args.bidi)
    lang = "en" if plan.force_english else args.lang
    from tui.app import PolicyBrowser

    app = PolicyBrowser(
        store,
        content_dir=args.content,
        lang=lang,
        department=args.department,
        themes=args.theme,
        bidi_mode=plan.mode,
        notice=f"notice.{plan.notice_key}" if plan.notice_key else None,
    )
    with terminal_session(plan):
        app.run()
    return app.return_code or EXIT_OK
