"""The reader's tools on the command line: `show --cite` and `export --pins`.

`tui.cli` adds the options (`add_cite_options`, `add_pins_option`); `tui.commands` hands
`show` and `export` over to `run_show_cite` and `run_export_pins` when they are given. Exit
status as everywhere: 0 done, 2 bad input (a damaged pins file, a solution that is not
there).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.problems import EXIT_BAD_INPUT, EXIT_OK, report

if TYPE_CHECKING:
    from tui.model import Lang, Store

# tui.cli imports this module to build the parsers of every command: what the commands
# themselves need (Rich, the RTL engine) is imported when one runs.


def add_cite_options(parser: argparse.ArgumentParser) -> None:
    """`show --cite [--solution N]`."""
    parser.add_argument(
        "--cite",
        action="store_true",
        help="print a citation (quote, speaker and role, department, solution, outlet, date, "
        "URL) instead of the department: plain text, or --format markdown or json",
    )
    parser.add_argument(
        "--solution",
        type=int,
        metavar="N",
        help="with --cite: cite solution N (as numbered by show) rather than the department",
    )


def add_pins_option(parser: argparse.ArgumentParser) -> None:
    """`export --pins`."""
    parser.add_argument(
        "--pins",
        action="store_true",
        help="export your pins (kept in $XDG_DATA_HOME/policy-browser/pins.toml, "
        "~/.local/share/...) with their citations, as markdown or json",
    )


def _lang(store: Store, args: argparse.Namespace) -> Lang:
    """The language asked for, or the store's default."""
    lang: Lang = args.lang or store.default_language
    return lang


def run_show_cite(store: Store, args: argparse.Namespace) -> int:
    """`show DEPARTMENT --cite [--solution N]`: the citation `tui.citation.cite` makes, as
    text (laid out for a terminal, logical when piped), Markdown or JSON."""
    from tui.citation import citation_record, cite
    from tui.commands import emit_text
    from tui.exports import to_json
    from tui.render_text import blank, para

    department = store.find(args.department)
    assert department is not None  # tui.cli checked the reference
    if not args.cite:
        report("policy-browser show: --solution goes with --cite (show --cite --solution N)")
        return EXIT_BAD_INPUT
    solution = None if args.solution is None else args.solution - 1
    count = len(department.solutions)
    if solution is not None and not 0 <= solution < count:
        report(
            f"policy-browser show: {department.id} has {count} solutions; "
            f"--solution takes a number from 1 to {count}, not {args.solution}"
        )
        return EXIT_BAD_INPUT
    lang = _lang(store, args)
    if args.format == "json":
        sys.stdout.write(to_json(citation_record(store, department.id, solution, lang)))
    elif args.format == "markdown":
        sys.stdout.write(cite(store, department.id, solution, lang, "markdown") + "\n")
    else:
        text = cite(store, department.id, solution, lang, "plain")
        emit_text([para(lang, line) if line else blank() for line in text.split("\n")], args)
    return EXIT_OK


def run_export_pins(store: Store, args: argparse.Namespace) -> int:
    """`export --pins`: the pins with their citations, Markdown or JSON, to stdout or `-o`.
    Problems with the pins file are reported and what could be read is exported (exit 2);
    a pin whose department is gone is exported as missing and named on stderr."""
    from tui.commands import _write_file, export_format
    from tui.exports import to_json
    from tui.exports.pins import pins_markdown, pins_record
    from tui.pins import check, load_pins

    fmt = export_format(args.format, args.output)
    if fmt not in ("markdown", "json"):
        report(
            "policy-browser export --pins: choose --format markdown or json "
            "(or an -o file ending in .md or .json)"
        )
        return EXIT_BAD_INPUT
    loaded = load_pins()
    for problem in loaded.problems:
        report(f"policy-browser export: {problem}")
    if not loaded.pins and not loaded.problems:
        report(f"policy-browser export: no pins yet (they are kept in {loaded.path})")
    for pin in loaded.pins:
        if check(store, pin).status == "missing-department":
            report(
                f"policy-browser export: pin {pin.id}: the store has no department "
                f"{pin.department!r}; it is exported as missing"
            )
    if fmt == "json":
        text = to_json(pins_record(store, loaded.pins))
    else:
        text = pins_markdown(store, loaded.pins, _lang(store, args))
    code = EXIT_BAD_INPUT if loaded.problems else EXIT_OK
    if args.output is None:
        sys.stdout.write(text)
        return code
    return _write_file(args.output, text, "export") or code
