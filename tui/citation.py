"""Citations of a solution or a department, in the UI language, as plain text or Markdown;
and the file a copy goes to where the terminal offers no clipboard.

A citation quotes the text, then says who proposed it and where it was published:

    “Renew investment promotion”
    — Van Dinh Thao (Director of the Department of Finance), Department of Finance,
    solution 1. “Solutions for the key tasks 2025–2030, Tuyen Quang”, Báo Tuyên Quang,
    2025-09, https://...

The words around the fields (and their order, which differs in Arabic) are UI strings
(`cite.*` in `tui.i18n`). Headless: the browser's copy key and `show --cite` share it.

Public API:

* `cite(store, department_id, solution, lang, style="plain") -> str`: `solution` is an
  index from 0 (None cites the department, quoting its headline); `style` is "plain" or
  "markdown". LookupError names a department or solution the store does not have. The
  text has no trailing newline and no control characters (they are made visible).
* `citation_record(store, department_id, solution, lang) -> dict`: the same fields as
  data, with the plain citation (for JSON).
* `write_fallback(text) -> Path`: keeps `text` in `$XDG_STATE_HOME/policy-browser/
  clipboard.txt` (`~/.local/state/...`), replaced whole each time, readable by the user
  only; OSError when it cannot be written (or the user has no home).

Why the state folder: the file must still be there when the reader turns to it, which a
cache folder (emptied by cleaners at any time) does not promise and a shared /tmp (another
user can plant a link there) does not do safely; the XDG specification's state folder is
for "state that should persist between restarts", such as recently used things.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from tui.exports.markdown import escape_markdown, link_target
from tui.i18n import ui
from tui.model import Department, Lang, Store
from tui.rtl.chars import content_piece, printable
from tui.user_files import user_dir, write_atomically

CiteStyle = Literal["plain", "markdown"]
CITE_STYLES: tuple[CiteStyle, ...] = ("plain", "markdown")

FALLBACK_FILE = "clipboard.txt"
"""What would have gone to the clipboard, where the terminal would not take it."""


class CitationFields(NamedTuple):
    """What a citation says, in one language, as the store holds it."""

    text: str
    speaker: str
    role: str
    department: str
    number: int | None
    title: str
    outlet: str
    published: str
    url: str


def _department(store: Store, department_id: str) -> Department:
    """The department with this id (or key); LookupError when the store has none."""
    department = store.department(department_id)
    if department is None:
        raise LookupError(f"the store has no department {department_id!r}")
    return department


def citation_fields(
    store: Store, department_id: str, solution: int | None, lang: Lang
) -> CitationFields:
    """The fields of a citation of solution `solution` (from 0) of a department, or of the
    department itself (None); LookupError for what the store does not have."""
    department = _department(store, department_id)
    if solution is not None and not 0 <= solution < len(department.solutions):
        count = len(department.solutions)
        raise LookupError(
            f"{department.id} has {count} solution{'s' if count != 1 else ''}; "
            f"there is no solution {solution + 1}"
        )
    quoted = department.headline if solution is None else department.solutions[solution].text
    source = store.source
    return CitationFields(
        text=quoted.get(lang),
        speaker=department.speaker.name.get(lang),
        role=department.speaker.role.get(lang),
        department=department.name.get(lang),
        number=None if solution is None else solution + 1,
        title=store.title.get(lang),
        outlet=source.outlet,
        published=source.published,
        url=source.url,
    )


def _plain(text: str) -> str:
    """A field as plain text: controls made visible, its own bidi controls contained."""
    return content_piece(printable(text))


def _attribution(fields: CitationFields, lang: Lang, style: CiteStyle) -> str:
    """The line after the quote: who, which department and solution, where published."""
    esc = escape_markdown if style == "markdown" else _plain
    who = esc(fields.speaker)
    if fields.role:
        who += f" ({esc(fields.role)})"
    outlet = esc(fields.outlet)
    url = fields.url
    if style == "markdown":
        outlet = f"*{outlet}*" if outlet else ""
        url = f"<{link_target(url)}>" if url else ""
    else:
        url = _plain(url)
    source = ui("sep.list", lang).join(p for p in (outlet, esc(fields.published), url) if p)
    named = {"who": who, "department": esc(fields.department), "title": esc(fields.title)}
    if fields.number is None:
        return "— " + ui("cite.department", lang, source=source, **named)
    return "— " + ui("cite.solution", lang, n=fields.number, source=source, **named)


def _quote(text: str, lang: Lang, style: CiteStyle) -> str:
    """The quoted text: a Markdown block quote, or the text in the language's quotes."""
    if style == "markdown":
        lines = escape_markdown(text).split("\n")
        return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    return ui("cite.quote", lang, text=_plain(text))


def cite(
    store: Store,
    department_id: str,
    solution: int | None,
    lang: Lang,
    style: CiteStyle = "plain",
) -> str:
    """A citation of solution `solution` (from 0) of a department, or of the department
    (None), in `lang`: the quoted text, a blank line, the attribution."""
    fields = citation_fields(store, department_id, solution, lang)
    attribution = _attribution(fields, lang, style)
    if not fields.text:
        return attribution
    return f"{_quote(fields.text, lang, style)}\n\n{attribution}"


def citation_record(
    store: Store, department_id: str, solution: int | None, lang: Lang
) -> dict[str, object]:
    """A citation as data (`show --cite --format json`, the pins' JSON export)."""
    fields = citation_fields(store, department_id, solution, lang)
    department = _department(store, department_id)
    return {
        "lang": lang,
        "department": {"id": department.id, "name": fields.department},
        "speaker": {"name": fields.speaker, "role": fields.role},
        "solution": fields.number,
        "text": fields.text,
        "title": fields.title,
        "outlet": fields.outlet,
        "published": fields.published,
        "url": fields.url,
        "citation": cite(store, department_id, solution, lang, "plain"),
    }


def fallback_path() -> Path | None:
    """Where `write_fallback` writes, or None where the user has no state folder."""
    folder = user_dir("state")
    return folder / FALLBACK_FILE if folder else None


def write_fallback(text: str) -> Path:
    """Keep `text` where the reader can take it when the clipboard cannot be reached (the
    terminal does not take OSC 52): the file written, replaced whole, mode 0600."""
    path = fallback_path()
    if path is None:
        raise OSError("there is no home folder to keep the text in")
    write_atomically(path, (printable(text) + "\n").encode("utf-8"))
    return path
