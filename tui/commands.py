"""The script commands behind `tui.cli`: list, show, search, export and screenshot.

`tui.cli` parses the command line and checks what it names; each `run_*` here gets a loaded
store and valid references, writes to stdout (or `-o FILE`) and returns the exit status:
0 on success, 1 when nothing matched, 2 on bad input. Textual is imported only by
`run_screenshot`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.content import search_index
from tui.exports import ExportFormat, export_store, to_json
from tui.exports.data import list_result, search_result, show_result
from tui.exports.markdown import show_markdown
from tui.i18n import ui
from tui.model import Lang, Store
from tui.paths import default_content_dir
from tui.problems import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_NO_MATCH, EXIT_OK, report
from tui.render_text import (
    Paragraph,
    department_paragraphs,
    list_paragraphs,
    para,
    search_paragraphs,
    write_paragraphs,
)
from tui.rtl import TerminalPlan, enter_terminal
from tui.search import parse_query
from tui.search.query import stop_words_only

SUFFIX_FORMATS: dict[str, ExportFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}


def _terminal_plan(stream: TextIO) -> TerminalPlan | None:
    """How the terminal `stream` writes to treats right-to-left text (it is asked, as the
    browser asks it), or None when TUI_BIDI is not valid. Keys typed meanwhile are handed
    back to the terminal's input for the shell, where the system allows it."""
    from tui.bidi_choice import learn_terminal
    from tui.rtl.handshake import give_back

    try:
        fd = stream.fileno()
        plan = learn_terminal(os.environ, None, fd)[0]
    except ValueError:
        return None
    give_back(fd, plan.answers.typeahead)
    return plan


def wants_visual(choice: bool | None, stream_is_tty: bool, plan: TerminalPlan | None) -> bool:
    """Lay text out for display? `--visual`/`--logical` decide, else a terminal the app orders.

    A terminal that reorders Arabic itself (Konsole, or TUI_BIDI=terminal/off) gets logical
    text: visual text would be reversed a second time.
    """
    if choice is not None:
        return choice
    return stream_is_tty and (plan is None or plan.mode == "app")


def emit_text(paragraphs: Sequence[Paragraph], args: argparse.Namespace) -> None:
    """Write paragraphs to stdout, visual or logical as the options and the terminal say."""
    stream = sys.stdout
    is_tty = stream.isatty()
    plan = _terminal_plan(stream) if is_tty else None
    visual = wants_visual(args.visual, is_tty, plan)
    # On a terminal, stop VTE/WezTerm/mlterm from reordering our visual rows again.
    session = enter_terminal(plan, stream) if visual and plan is not None else None
    try:
        write_paragraphs(paragraphs, stream, visual=visual, width=args.width)
    finally:
        if session is not None:
            session.leave()


def _lang(store: Store, args: argparse.Namespace) -> Lang:
    """The language asked for, or the store's default."""
    lang: Lang = args.lang or store.default_language
    return lang


def run_list(store: Store, args: argparse.Namespace) -> int:
    """`list`: departments with counts; 1 when no department has a solution on the themes."""
    lang = _lang(store, args)
    themes = frozenset(args.theme)
    result = list_result(store, lang, themes)
    status = EXIT_OK if result["departments"] else EXIT_NO_MATCH
    if args.format == "json":
        sys.stdout.write(to_json(result))
        return status
    paragraphs = list_paragraphs(store, lang, themes)
    if status != EXIT_OK:
        paragraphs.append(para(lang, ui("list.empty", lang)))
    emit_text(paragraphs, args)
    return status


def run_show(store: Store, args: argparse.Namespace) -> int:
    """`show`: one department in full, as text, JSON or Markdown."""
    if args.cite or args.solution is not None:
        from tui.reader_commands import run_show_cite

        return run_show_cite(store, args)
    lang = _lang(store, args)
    department = store.find(args.department)
    assert department is not None  # tui.cli checked the reference
    if args.format == "json":
        sys.stdout.write(to_json(show_result(store, department, lang)))
    elif args.format == "markdown":
        sys.stdout.write(show_markdown(store, department, lang))
    else:
        emit_text(department_paragraphs(store, department, lang), args)
    return EXIT_OK


def run_search(store: Store, args: argparse.Namespace) -> int:
    """`search`: hits grouped by department; 1 when nothing matched, 2 for an empty query."""
    query = " ".join(args.query)
    parsed = parse_query(query)
    if not parsed and parsed.stopped:
        report(f"policy-browser search: {stop_words_only(parsed.stopped, 'en')}")
        return EXIT_BAD_INPUT
    if not parsed:
        report(
            f"policy-browser search: {query!r} has no words to search for; "
            "give a word or a quoted phrase"
        )
        return EXIT_BAD_INPUT
    index = search_index(args.content or default_content_dir(), store)
    hits = index.search(query, args.lang)
    if args.format == "json":
        sys.stdout.write(to_json(search_result(store, index, query, args.lang, hits)))
        return EXIT_OK if hits else EXIT_NO_MATCH
    if not hits:
        ui_lang: Lang = store.default_language if args.lang == "both" else args.lang
        report(ui("search.none", ui_lang, q=query))
        return EXIT_NO_MATCH
    emit_text(search_paragraphs(store, index, hits, args.lang), args)
    return EXIT_OK


def export_format(fmt: ExportFormat | None, output: Path | None) -> ExportFormat | None:
    """The export format: `--format`, else from the output file's suffix."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower())
    return None


def _write_file(path: Path, text: str, command: str) -> int:
    """Write an output file; a path that cannot be written is bad input (exit 2)."""
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        reason = error.strerror or str(error)
        report(f"policy-browser {command}: cannot write {path}: {reason}")
        return EXIT_BAD_INPUT
    report(f"policy-browser {command}: wrote {path} ({len(text.encode()):,} bytes)")
    return EXIT_OK


def run_export(store: Store, args: argparse.Namespace) -> int:
    """`export`: the whole store as Markdown, JSON or HTML, to stdout or `-o FILE`."""
    if args.pins:
        from tui.reader_commands import run_export_pins

        return run_export_pins(store, args)
    fmt = export_format(args.format, args.output)
    if fmt is None:
        print(
            "policy-browser export: choose --format markdown, json or html "
            "(or an -o file ending in .md, .json or .html)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    text = export_store(store, fmt, args.lang)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    return _write_file(args.output, text, "export")


def run_screenshot(store: Store, args: argparse.Namespace) -> int:
    """`screenshot`: the browser rendered headlessly at `--size`, saved as SVG."""
    import asyncio

    from tui.app import PolicyBrowser

    app = PolicyBrowser(
        store,
        content_dir=args.content,
        lang=args.lang,
        department=args.department,
        themes=args.theme,
        bidi_mode="app",
        watch=False,
        fresh=True,  # what the command line asks for, not where the reader stopped
    )

    async def capture() -> str:
        async with app.run_test(size=args.size) as pilot:
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            return app.export_screenshot()

    try:
        svg = asyncio.run(capture())
    except Exception as error:  # the app failed; Textual has shown its own report
        report(
            f"policy-browser screenshot: the browser failed while rendering: "
            f"{type(error).__name__}: {error}"
        )
        return EXIT_FAILURE
    return _write_file(args.output, svg, "screenshot")
