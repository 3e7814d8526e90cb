"""Command line: the browser by default, and non-interactive commands for scripts.

Textual is imported only when the browser (or a screenshot) is asked for, so `validate`,
`list`, `show` and friends start fast and work where no terminal is attached.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TextIO, TypeVar

from tui import __version__
from tui.exports import EXPORT_FORMATS
from tui.model import Lang, Store
from tui.problems import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, report

if TYPE_CHECKING:
    import argparse

    from tui.problems import StoreError
    from tui.rtl.terminal import TerminalPlan
    from tui.store import StoreReading

COMMANDS = ("validate", "list", "show", "search", "export", "screenshot", "doctor", "import")

DESCRIPTIONS = {
    "validate": "Check a content store; print every problem as file:line:column.",
    "list": "List the departments (key, id, name, solution counts), optionally by theme.",
    "show": "Show one department in full: headline, speaker, intro, solutions, source.",
    "search": "Search the solutions (Arabic-aware); matches grouped by department.",
    "export": "Write the whole store as Markdown, JSON or a standalone HTML page.",
    "screenshot": "Render the browser headlessly to an SVG file.",
    "import": (
        "Make a store from an article's text (headline, speaker line ending in |, "
        "paragraphs, ..., source line): a department per section, themes suggested, every "
        "word kept; what could not be placed is named with its line. The themes come from "
        "the --content store (default: the bundled one)."
    ),
    "doctor": (
        "Say what the terminal answered about itself and how right-to-left text is drawn "
        "in it; on a terminal, open the calibration screen to pick the mode that reads "
        "right (kept for this terminal)."
    ),
}

EXAMPLES = {
    "list": ("list --theme tourism", "list --format json"),
    "show": ("show finance --lang en", "show 4 --format markdown"),
    "search": ("search الاستثمار", "search tourism --lang en --format json"),
    "export": (
        "export --format html -o solutions.html",
        "export --format json | jq '.departments[].id'",
    ),
    "screenshot": ("screenshot health --theme health -o health.svg",),
    "doctor": ("doctor", "doctor --report --format json"),
    "import": ("import article.txt --into my-store", "import - --into my-store --force < a.txt"),
}

OUTPUT_HELP = (
    "Text is laid out for display (shaped, right to left, wrapped) on a terminal\n"
    "and is plain logical text when piped; --visual/--logical override that.\n"
    "To read it in a pager: policy-browser show 9 --visual | less -R\n"
    "(piped, the pager gets logical text, which a terminal shows reversed)."
)


def _print_problems(error: StoreError, stream: TextIO) -> None:
    count = len(error.problems)
    for problem in error.problems:
        print(problem, file=stream)
    print(
        f"{count} problem{'s' if count != 1 else ''} found; the store was not loaded.",
        file=stream,
    )


_T = TypeVar("_T")


def _load(
    content: Path | None, *, use_cache: bool = True, defer_save: bool = False
) -> Store | None:
    """The store, or None after printing every problem to stderr.

    A store that validated before and has not changed comes from the cache
    (`tui.content`), without importing YAML at all; `validate` always reads the files.
    With `defer_save` (the browser) a store read from YAML is cached later, by
    `tui.content.save_deferred`.
    """
    from tui.content import load
    from tui.paths import default_content_dir

    root = content if content is not None else default_content_dir()
    return _said(lambda: load(root, cache=use_cache, defer_save=defer_save))


def _said(read: Callable[[], _T]) -> _T | None:
    """What `read` gives, or None after printing every problem of the store to stderr."""
    from tui.problems import StoreError

    try:
        return read()
    except StoreError as error:
        _print_problems(error, sys.stderr)
        return None


def _browsed_store(
    content: Path | None, department: str | None
) -> tuple[Store, StoreReading | None] | None:
    """The store the browser opens on, and its reading when that is a large store's first
    part (`tui.content.load_in_parts`); the whole at once when the first part has problems
    (all are said) or lacks the department asked for. None after printing problems."""
    from tui.content import load_in_parts
    from tui.paths import default_content_dir

    read = _said(lambda: load_in_parts(content or default_content_dir()))
    if read is None or isinstance(read, Store):
        return None if read is None else (read, None)
    first = read.first
    if first is not None and (department is None or first.find(department) is not None):
        return first, read
    whole = _said(read.finish)
    return None if whole is None else (whole, None)


class BrowserOptions(NamedTuple):
    """What the browser is started with: the browser's command line, parsed."""

    department: str | None = None
    theme: tuple[str, ...] = ()
    lang: Lang | None = None
    bidi: str | None = None
    content: Path | None = None
    fresh: bool = False


def browser_options(args: Sequence[str]) -> BrowserOptions:
    """Parse the browser's command line. With no arguments (`python -m tui`, the usual
    start) argparse is not needed, so it is not imported and no parser is built on the way
    to the first frame (figures: docs/performance.md). A test checks that the two ways
    agree."""
    if not args:
        return BrowserOptions()
    parsed = vars(_browser_parser().parse_args(args))
    return BrowserOptions(**{**parsed, "theme": tuple(parsed["theme"])})


def _parser(**options: Any) -> argparse.ArgumentParser:
    """An ArgumentParser whose errors quote arguments through `report` (an argument can hold
    escape sequences and bidi controls: argparse would print them raw)."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            report(f"{self.prog}: error: {message}")
            self.exit(EXIT_BAD_INPUT)

    return Parser(**options)


def _browser_parser() -> argparse.ArgumentParser:
    parser = _parser(
        prog="policy-browser",
        description=(
            "Browse the Tuyen Quang 2025-2030 solutions (Arabic, with English) in the "
            "terminal. Commands for scripts: "
            + ", ".join(COMMANDS)
            + " (see `policy-browser COMMAND --help`)."
        ),
    )
    parser.add_argument(
        "department",
        nargs="?",
        help="open on this department (its id, jump key, number or name)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_themes(parser, "start filtered by this theme (repeatable)")
    _add_lang(parser)
    _add_bidi(parser)
    _add_content(parser)
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start clean: not where reading stopped last time (that is kept until the "
        "browser saves where this reading stops)",
    )
    return parser


def _add_bidi(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal", "off"),
        default=None,
        help=(
            "how right-to-left text is drawn: auto asks the terminal (default; also "
            "TUI_BIDI; a choice kept by the calibration screen comes before detection); "
            "app = the app reorders and shapes; terminal = logical text for terminals that "
            "reorder by themselves (Terminal.app); off = no processing"
        ),
    )


def _add_themes(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--theme", action="append", default=[], metavar="ID", help=help_text)


def _add_lang(
    parser: argparse.ArgumentParser,
    choices: Sequence[str] = ("ar", "en"),
    default: str | None = None,
    help_text: str = "language (default: the store's)",
) -> None:
    parser.add_argument("--lang", choices=choices, default=default, help=help_text)


def _add_content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="a content store folder (default: the bundled article)",
    )


def _add_output(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument(
        "--format", choices=formats, default="text", help="output format (default: text)"
    )
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument(
        "--visual",
        dest="visual",
        action="store_const",
        const=True,
        default=None,
        help="lay text out for display even when piped (shaped, reordered, styled)",
    )
    modes.add_argument(
        "--logical",
        dest="visual",
        action="store_const",
        const=False,
        help="plain logical text even on a terminal (no escape codes)",
    )
    parser.add_argument(
        "--width",
        type=_width,
        metavar="N",
        help="line width in cells (default: the terminal's; piped text is not wrapped)",
    )


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    import argparse

    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return number


def _svg_path(value: str) -> Path:
    """An argparse type: a file name ending in .svg (the screenshot is SVG, nothing else)."""
    import argparse

    path = Path(value)
    if path.suffix.lower() != ".svg":
        raise argparse.ArgumentTypeError(
            f"the screenshot is SVG: name the file FILE.svg, not {value!r} (for a PNG, open "
            "the SVG in a browser, e.g. chromium --headless --screenshot=out.png FILE.svg)"
        )
    return path


MAX_WIDTH = 1_000

KNOWN_SHOWN = 20
"""Departments an unknown-department message names (a large store has thousands)."""
"""Cells a line of text output may have (a huge --width made the output take memory and
time in proportion; figures: docs/performance.md)."""


def _width(value: str) -> int:
    """An argparse type: a line width from 1 to `MAX_WIDTH` cells."""
    import argparse

    width = _positive(value)
    if width > MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"a width of at most {MAX_WIDTH:,} cells, got {value!r}")
    return width


def _size(value: str) -> tuple[int, int]:
    """An argparse type: COLSxROWS such as 120x36."""
    import argparse

    cols, _, rows = value.lower().partition("x")
    digits = cols.isdigit() and rows.isdigit()
    if not (digits and 20 <= int(cols) <= 1000 and 8 <= int(rows) <= 1000):
        raise argparse.ArgumentTypeError(
            f"expected COLSxROWS like 120x36 (20-1000 by 8-1000), got {value!r}"
        )
    return int(cols), int(rows)


def _command_parser(command: str) -> argparse.ArgumentParser:
    import argparse

    parser = _parser(
        prog=f"policy-browser {command}",
        description=DESCRIPTIONS[command],
        epilog="examples:\n" + "".join(f"  policy-browser {e}\n" for e in EXAMPLES[command])
        if command in EXAMPLES
        else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    COMMAND_ARGUMENTS[command](parser)
    if command in ("list", "show", "search"):
        parser.epilog = f"{parser.epilog}\n{OUTPUT_HELP}"
    _add_content(parser)
    _add_reader_options(command, parser)
    return parser


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    """`list`: a theme filter, the language, the output."""
    _add_themes(parser, "only departments with solutions on this theme (repeatable)")
    _add_lang(parser)
    _add_output(parser, ("text", "json"))


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    """`show DEPARTMENT`."""
    parser.add_argument("department", help="the department's id, jump key, number or full name")
    _add_lang(parser)
    _add_output(parser, ("text", "json", "markdown"))


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    """`search QUERY...`."""
    parser.add_argument("query", nargs="+", help='words (all must match) and "quoted phrases"')
    _add_lang(parser, ("ar", "en", "both"), "both", "the language to search (default: both)")
    _add_output(parser, ("text", "json"))


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    """`export`: a format, a file, a language."""
    parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="markdown, json or html (default: from the -o file name)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    _add_lang(
        parser,
        help_text="Markdown's language; the HTML page opens in it (JSON has both; "
        "default: the store's)",
    )


def _screenshot_arguments(parser: argparse.ArgumentParser) -> None:
    """`screenshot`: where to open, the size, the SVG to write."""
    parser.add_argument("department", nargs="?", help="open on this department")
    _add_themes(parser, "filter by this theme (repeatable)")
    _add_lang(parser)
    parser.add_argument(
        "--size", type=_size, default=(120, 36), metavar="COLSxROWS", help="default 120x36"
    )
    parser.add_argument(
        "-o", "--output", type=_svg_path, metavar="FILE.svg", required=True, help="SVG to write"
    )


def _doctor_arguments(parser: argparse.ArgumentParser) -> None:
    """`doctor`: the report only, its format, the bidi choice, the language."""
    parser.add_argument(
        "--report",
        action="store_true",
        help="only print the report (also when stdin or stdout is not a terminal)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _add_bidi(parser)
    _add_lang(parser)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    """`import`'s options (its module is loaded only for it)."""
    from tui.importer.command import add_arguments

    add_arguments(parser)


def _add_reader_options(command: str, parser: argparse.ArgumentParser) -> None:
    """The reader's tools: `show --cite [--solution N]`, `export --pins`."""
    from tui import reader_commands

    if command == "show":
        reader_commands.add_cite_options(parser)
    elif command == "export":
        reader_commands.add_pins_option(parser)


COMMAND_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "list": _list_arguments,
    "show": _show_arguments,
    "search": _search_arguments,
    "export": _export_arguments,
    "screenshot": _screenshot_arguments,
    "doctor": _doctor_arguments,
    "import": _import_arguments,
    "validate": lambda parser: None,
}
"""Each command's own arguments (the content folder and the reader's options are added to all)."""


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 and a summary when the store is valid; 2 and every problem when it is not."""
    store = _load(args.content, use_cache=False)
    if store is None:
        return EXIT_BAD_INPUT
    from tui.store import summary

    where = args.content or "the bundled store"
    report(f"{where}: valid: {summary(store)}", sys.stdout)
    _report_unconfirmed(args.content, store)
    return EXIT_OK


def _report_unconfirmed(content: Path | None, store: Store) -> None:
    """List the themes an import suggested that no one has confirmed yet (not an error)."""
    if not any(s.suggested for d in store.departments for s in d.solutions):
        return
    from tui.paths import default_content_dir
    from tui.suggestions import unconfirmed

    lines = [str(entry) for entry in unconfirmed(content or default_content_dir(), store)]
    count = len(lines)
    lines.append(f"{count} solution{'s' if count != 1 else ''} with suggested themes to confirm")
    try:
        report("\n".join(lines), sys.stdout)
    except BrokenPipeError:
        _stdout_gone()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the browser or a command; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in COMMANDS:
        command = args_list[0]
        args = _command_parser(command).parse_args(args_list[1:])
        if command == "validate":
            return run_validate(args)
        if command == "doctor":
            return run_doctor(args)
        if command == "import":
            from tui.importer.command import run

            return run(args)
        return _run_command(command, args)
    options = browser_options(args_list)
    from tui.startup import pause_collection, set_frame_rate, set_switch_interval

    pause_collection()  # until the first frame (tui.startup says why)
    set_frame_rate()
    set_switch_interval()
    return run_browser(options)


def _run_command(command: str, args: argparse.Namespace) -> int:
    """Load the store, check what the command line names, run the command."""
    store = _load(args.content)
    if store is None:
        return EXIT_BAD_INPUT
    lang = None if args.lang == "both" else args.lang
    department = getattr(args, "department", None)
    problem = _check_refs(store, department, getattr(args, "theme", ()), lang)
    if problem:
        report(f"policy-browser {command}: {problem}")
        return EXIT_BAD_INPUT
    from tui import commands

    runners = {
        "list": commands.run_list,
        "show": commands.run_show,
        "search": commands.run_search,
        "export": commands.run_export,
        "screenshot": commands.run_screenshot,
    }
    try:
        return runners[command](store, args)
    except BrokenPipeError:
        _stdout_gone()
        return EXIT_FAILURE
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", "?")
        print(
            f"policy-browser {command}: the output encoding ({encoding}) cannot carry this "
            "text; use a UTF-8 locale (e.g. LC_ALL=C.UTF-8) or write to a file with -o",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _stdout_gone() -> None:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining
    again when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _check_refs(
    store: Store, department: str | None, themes: Sequence[str], lang: str | None
) -> str | None:
    """Why a department, theme or language named on the command line does not exist."""
    if department is not None and store.find(department) is None:
        named = [d.keyed(d.id, "=") for d in store.departments[:KNOWN_SHOWN]]
        more = len(store.departments) - KNOWN_SHOWN
        known = ", ".join(named + ([f"{more:,} more"] if more > 0 else []))
        return (
            f"unknown department {department!r}; choose a key or id ({known}), "
            f"a number from 1 to {len(store.departments)}, or words of one department's name"
        )
    for theme in themes:
        if store.theme(theme) is None:
            known = ", ".join(t.id for t in store.themes)
            return f"unknown theme {theme!r}; choose one of: {known}"
    if lang is not None and lang not in store.languages:
        return f"the store has no {lang!r} text; languages: {', '.join(store.languages)}"
    return None


def run_browser(options: BrowserOptions, *, calibrate: bool = False) -> int:
    """Open the full-screen browser; the terminal is restored on every way out."""
    return _browse(options, calibrate=calibrate)[0]


def _browse(options: BrowserOptions, *, calibrate: bool = False) -> tuple[int, TerminalPlan | None]:
    """Ask the terminal who it is (while the store loads), run the browser, give the
    terminal back as found; the exit status and the plan the browser ran with (None when
    it did not run)."""
    from tui.bidi_choice import TerminalLearning
    from tui.keyboard import keymap_path
    from tui.rtl.terminal import TerminalSession

    session = TerminalSession(sys.__stdout__ or sys.stdout)
    session.arm()  # a signal from here on gives the terminal back as it was found
    try:
        try:
            stdin = sys.__stdin__.fileno() if sys.__stdin__ is not None else None
            learning = TerminalLearning(os.environ, options.bidi, stdin)
        except ValueError as error:  # a bad TUI_BIDI value
            report(f"policy-browser: {error}")
            return EXIT_BAD_INPUT, None
        try:
            # cached after the first frame; a large store is read on while it shows
            opened = _browsed_store(options.content, options.department)
            from tui.app import PolicyBrowser  # Textual's import: the terminal answers meanwhile
        finally:
            plan, problems = learning.plan()  # every answer read before anything else
        if opened is None:
            return EXIT_BAD_INPUT, None
        store, reading = opened
        problem = _check_refs(store, options.department, options.theme, options.lang)
        if problem:
            if reading is not None:
                reading.stop()
            report(f"policy-browser: {problem}")
            return EXIT_BAD_INPUT, None
        lang: Lang | None = "en" if plan.force_english else options.lang
        app = PolicyBrowser(
            store,
            content_dir=options.content,
            lang=lang,
            department=options.department,
            themes=options.theme,
            bidi_mode=plan.mode,
            notice=f"notice.{plan.notice_key}" if plan.notice_key else None,
            notice_about=plan.notice_about,
            problems=problems,
            arabic_available=not plan.force_english,
            terminal=session,
            typeahead=plan.answers.typeahead,
            calibrate=calibrate,
            keymap=keymap_path(),
            fresh=options.fresh or calibrate,  # doctor opens on calibration, not a place
            reading=reading,
        )
        session.enter(plan)
        app.run()
        session.screen_taken = False
    finally:
        session.leave()
    if calibrate and app.calibrated is not None:
        plan = plan._replace(mode=app.calibrated, decided_by="choice")
    return app.return_code or EXIT_OK, plan


def run_doctor(args: argparse.Namespace) -> int:
    """`doctor`: the calibration screen on a terminal, then the report (only the report
    with --report, or where stdin or stdout is not a terminal)."""
    import json

    from tui.bidi_choice import choice_path, learn_terminal
    from tui.doctor import report_fields, report_text

    interactive = not args.report and sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        options = BrowserOptions(lang=args.lang, bidi=args.bidi, content=args.content)
        code, ran_with = _browse(options, calibrate=True)
        if ran_with is None:
            return code
        plan, problems = ran_with, list[str]()
    else:
        try:
            stdin = sys.stdin.fileno() if sys.stdin.isatty() else None
            plan, problems = learn_terminal(os.environ, args.bidi, stdin)
        except ValueError as error:
            report(f"policy-browser doctor: {error}")
            return EXIT_BAD_INPUT
        code = EXIT_OK
    kept_in = choice_path()
    if args.format == "json":
        print(json.dumps(report_fields(plan, problems, kept_in), ensure_ascii=False, indent=2))
    else:
        report(report_text(plan, problems, kept_in), sys.stdout)
    return code
