"""`policy-browser import ARTICLE --into DIR`: the command around `tui.importer`.

Exit 0 when every line of the article was placed, 1 when the store was written but something
is left for a person (each named with its line; `validate` names the same fields), 2 when
the article cannot be read or a file is in the way (nothing is written then).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tui.importer.article import MAX_ARTICLE_BYTES, ArticleError, decode, read_article
from tui.importer.build import ImportOptions, Notice, Plan, build
from tui.importer.write import existing, files, write
from tui.problems import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, StoreError, report

COMMAND = "policy-browser import"
SHOWN = 20
"""The store's problems shown at most after an import (validate lists them all)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The import's options."""
    parser.add_argument(
        "article", metavar="ARTICLE", help="the article's text file, or - for stdin"
    )
    parser.add_argument(
        "--into", type=Path, metavar="DIR", required=True, help="the store folder to write"
    )
    parser.add_argument("--force", action="store_true", help="replace files that are already there")
    parser.add_argument("--title", help="the store's title (default: the first headline)")
    parser.add_argument("--outlet", help="the publication (default: the source address's host)")
    parser.add_argument(
        "--published",
        type=_date,
        metavar="DATE",
        help="2025, 2025-09 or 2025-09-30 (default: the date in the source's address)",
    )


def _date(value: str) -> str:
    """An argparse type: a date as the store writes it (2025, 2025-09, 2025-09-30)."""
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
        raise argparse.ArgumentTypeError(f"expected 2025, 2025-09 or 2025-09-30, got {value!r}")
    return value


def _read(article: str) -> tuple[str, bytes]:
    """The article's name for messages and its bytes (OSError when it cannot be read)."""
    if article == "-":
        return "stdin", sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
    path = Path(article)
    if not path.is_file():
        raise OSError(f"{article}: not a file; give the article's text file, or - for stdin")
    with path.open("rb") as file:
        return article, file.read(MAX_ARTICLE_BYTES + 1)


def _say(name: str, notices: list[Notice], stream: object) -> None:
    for notice in notices:
        where = f"{name}:{notice.line}: " if notice.line is not None else f"{name}: "
        report(where + notice.message, stream)  # type: ignore[arg-type]


def _section_lines(name: str, plan: Plan) -> list[str]:
    """What became of each section: the report of coverage per section."""
    lines = []
    for department in plan.departments:
        section, cut = department.section, department.cut
        intro = "an intro and " if cut.intro else ""
        count = len(cut.solutions)
        lines.append(
            f"{name}:{section.first_line}-{section.last_line}: departments/"
            f"{department.file_name}: {intro}{count} solution{'s' if count != 1 else ''}"
        )
    return lines


def _check_written(into: Path) -> list[str]:
    """The written store as the loader reads it: its problems, or what is left to confirm."""
    from tui.store import load_store

    try:
        store = load_store(into)
    except StoreError as error:
        return [str(problem) for problem in error.problems]
    suggested = sum(1 for d in store.departments for s in d.solutions if s.suggested)
    report(
        f"{into}: valid; {suggested} of {store.solution_count} solutions have suggested "
        "themes to confirm (validate lists them)",
        sys.stdout,
    )
    return []


def run(args: argparse.Namespace) -> int:
    """Read the article, write the store, say what could not be placed."""
    from tui.content import load
    from tui.paths import default_content_dir

    try:
        name, data = _read(args.article)
    except OSError as error:
        report(f"{COMMAND}: cannot read {error.strerror or error}")
        return EXIT_BAD_INPUT
    try:
        article = read_article(decode(data))
    except ArticleError as error:
        report(f"{name}:{error.line}: {error.message}")
        return EXIT_BAD_INPUT
    try:
        taxonomy = load(args.content or default_content_dir()).themes
    except StoreError as error:
        report("\n".join(str(problem) for problem in error.problems))
        report(f"{COMMAND}: the themes come from that store; fix it or pick another --content")
        return EXIT_BAD_INPUT
    plan = build(article, taxonomy, ImportOptions(args.title, args.outlet, args.published))
    texts = list(files(plan, Path(name).name))
    in_the_way = existing(args.into, [path for path, _ in texts])
    if in_the_way and not args.force:
        shown = "\n".join(f"  {path}" for path in in_the_way[:10])
        more = f"\n  and {len(in_the_way) - 10} more" if len(in_the_way) > 10 else ""
        report(
            f"{COMMAND}: already there, nothing written:\n{shown}{more}\npass --force to replace"
        )
        return EXIT_BAD_INPUT
    try:
        write(args.into, texts, force=args.force)
    except OSError as error:
        report(f"{COMMAND}: cannot write into {args.into}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    ours = {args.into / path for path, _ in texts}
    for path in in_the_way:
        if path not in ours:
            plan.problems.append(Notice(None, f"{path} is not from this article: remove it"))
    report("\n".join(_section_lines(name, plan)), sys.stdout)
    _say(name, plan.notes, sys.stdout)
    _say(name, plan.problems, sys.stderr)
    unloaded = _check_written(args.into)
    if unloaded:
        hidden = len(unloaded) - SHOWN
        tail = f"\n... and {hidden} more (validate lists them all)" if hidden > 0 else ""
        report("\n".join(unloaded[:SHOWN]) + tail)
        report(f"{COMMAND}: the store does not load yet: fill in what is named, then validate")
    report(f"{COMMAND}: wrote {len(texts)} files into {args.into}", sys.stdout)
    return EXIT_FAILURE if plan.problems or unloaded else EXIT_OK
