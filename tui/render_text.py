"""Terminal text for `list`, `show` and `search`: paragraphs built once, written two ways.

* visual (a terminal, or `--visual`): each paragraph laid out by the RTL engine at the
  console width (shaped, reordered, wrapped), Arabic right-aligned, styled with Rich;
* logical (a pipe, or `--logical`): the real characters in reading order, no escape codes,
  so grep and editors see the words as stored.

Content is only ever put into `Text` objects, never parsed as Rich markup, control
characters are made visible before anything reaches the stream, and a field that uses bidi
controls is set in its own isolate, so an unclosed RLO cannot reverse what follows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.style import Style
from rich.text import Text

from tui.i18n import ui
from tui.model import Department, Lang, Store
from tui.rtl import Direction, layout_text
from tui.rtl.chars import content_piece, printable, printable_text
from tui.rtl.styled import highlighted, link_style
from tui.rtl.wrap import wrap_ranges
from tui.search import Hit, SearchIndex, SearchLang, group_by_department, hit_count

HEADING = Style(bold=True)
KEY = Style(bold=True, color="green")
ID = Style(dim=True)
NOTE = Style(dim=True)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of output: styled logical text, its direction and its indent in cells."""

    text: Text
    base: Direction = "ltr"
    indent: int = 0


def blank() -> Paragraph:
    """An empty line between blocks."""
    return Paragraph(Text())


Part = str | tuple[str, Style] | Text
"""A piece of a paragraph: plain, styled whole, or a search hit already made by `highlighted`."""


def _clean(part: Part) -> Part:
    """A piece with controls made visible (Rich would drop some), its bidi controls contained
    (`highlighted` made a `Text` piece so already)."""
    if isinstance(part, str):
        return content_piece(printable(part))
    if isinstance(part, tuple):
        return content_piece(printable(part[0])), part[1]
    return part


def para(lang: Lang, *parts: Part, indent: int = 0) -> Paragraph:
    """A paragraph in `lang` (its direction) assembled from plain and styled pieces."""
    text = Text.assemble(*(_clean(part) for part in parts))
    return Paragraph(text, "rtl" if lang == "ar" else "ltr", indent)


def write_paragraphs(
    paragraphs: Iterable[Paragraph],
    stream: TextIO,
    *,
    visual: bool,
    width: int | None = None,
) -> None:
    """Write paragraphs for display (`visual`) or as plain logical lines."""
    if visual:
        _write_visual(paragraphs, stream, width)
    else:
        _write_logical(paragraphs, stream, width)


def _write_logical(paragraphs: Iterable[Paragraph], stream: TextIO, width: int | None) -> None:
    """Plain text in reading order; wrapped (still logical) only when a width was asked for."""
    for paragraph in paragraphs:
        margin = " " * paragraph.indent
        for line in printable_text(paragraph.text).plain.split("\n"):
            if width is None or not line:
                stream.write(f"{margin}{line}\n" if line else "\n")
                continue
            for start, end in wrap_ranges(line, max(1, width - paragraph.indent)):
                stream.write(f"{margin}{line[start:end]}\n")


def _write_visual(paragraphs: Iterable[Paragraph], stream: TextIO, width: int | None) -> None:
    """Shaped visual lines at the console width, right-aligned when the paragraph is RTL."""
    console = Console(
        file=stream,
        force_terminal=True,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
    )
    for paragraph in paragraphs:
        room = max(1, console.width - paragraph.indent)
        for line in layout_text(printable_text(paragraph.text), room, paragraph.base):
            if paragraph.base == "rtl":
                pad = max(0, room - line.cell_len)
                row = Text.assemble(" " * pad, line)
            else:
                row = Text.assemble(" " * paragraph.indent, line)
            console.print(row, soft_wrap=True)


# --- what each command shows ------------------------------------------------------------


def _count(lang: Lang, shown: int, total: int, filtered: bool) -> str:
    """`الحلول: 6`, or `الحلول: 2 من 6` under a filter."""
    value = ui("list.count", lang, shown=shown, total=total) if filtered else str(total)
    return f"{ui('detail.solutions', lang)}: {value}"


def _theme_labels(store: Store, theme_ids: Iterable[str], lang: Lang) -> str:
    """Theme labels joined the language's way, each label's bidi controls contained."""
    labels = (store.theme(t) for t in theme_ids)
    return ui("sep.list", lang).join(
        content_piece(t.label.get(lang)) for t in labels if t is not None
    )


def _department_title(
    department: Department, lang: Lang, name_style: Style | None, sep: str = " · "
) -> list[Part]:
    """Key, name and id, as `list`, `show` and `search` print a department."""
    name = department.name.get(lang)
    key: list[Part] = [] if department.key is None else [(department.key, KEY), "  "]
    return [
        *key,
        name if name_style is None else (name, name_style),
        sep,
        (department.id, ID),
    ]


def list_paragraphs(store: Store, lang: Lang, themes: frozenset[str]) -> list[Paragraph]:
    """`list`: a heading (with the filter) and one row per department that matches."""
    heading: list[Part] = [(ui("list.title", lang), HEADING)]
    if themes:
        ordered = [t.id for t in store.themes if t.id in themes]
        active = ui("filter.active", lang, themes=_theme_labels(store, ordered, lang))
        heading += [" — ", active]
    rows = [para(lang, *heading)]
    for department in store.departments:
        shown = len(department.matching(themes))
        if not shown:
            continue
        count = _count(lang, shown, len(department.solutions), bool(themes))
        rows.append(para(lang, *_department_title(department, lang, None), " · ", count))
    return rows


def department_paragraphs(store: Store, department: Department, lang: Lang) -> list[Paragraph]:
    """`show`: the department in full, then the source."""
    speaker = department.speaker
    sep = ui("sep.list", lang)
    out = [
        para(lang, *_department_title(department, lang, HEADING, "  ")),
        para(lang, (department.headline.get(lang), HEADING)),
        para(
            lang,
            (f"{ui('detail.speaker', lang)}: ", NOTE),
            speaker.name.get(lang),
            sep,
            speaker.role.get(lang),
        ),
        blank(),
    ]
    if department.translation_note:
        note = f"{ui('detail.translation_note', lang)} {department.translation_note.get(lang)}"
        out += [para(lang, (note, NOTE)), blank()]
    if department.intro:
        out += [para(lang, department.intro.get(lang)), blank()]
    out.append(para(lang, (ui("detail.solutions", lang), HEADING)))
    for number, solution in enumerate(department.solutions, 1):
        untranslated = (
            () if solution.text.has(lang) else ((ui("detail.untranslated", lang) + " ", NOTE),)
        )
        out.append(para(lang, (f"{number}. ", KEY), *untranslated, solution.text.get(lang)))
        labels = _theme_labels(store, solution.themes, lang)
        out.append(para(lang, (f"{ui('key.themes', lang)}: {labels}", NOTE), indent=3))
        if solution.translation_note:
            note = f"{ui('detail.translation_note', lang)} {solution.translation_note.get(lang)}"
            out.append(para(lang, (note, NOTE), indent=3))
    source = store.source
    out += [
        blank(),
        para(
            lang,
            (f"{ui('detail.source', lang)}: ", NOTE),
            source.outlet,
            sep,
            source.published,
            sep,
            (source.url, ID + link_style(source.url)),
        ),
        para(lang, (source.note.get(lang), NOTE)),
    ]
    return out


def _hit_label(hit: Hit) -> str:
    """Where a hit is: `الحل 4`, `العنوان`, ... in the hit's language."""
    if hit.solution is not None:
        return ui("search.field.solution", hit.lang, n=hit.solution + 1)
    return ui(f"search.field.{hit.field}", hit.lang)


def search_paragraphs(
    store: Store, index: SearchIndex, hits: list[Hit], lang: SearchLang
) -> list[Paragraph]:
    """`search`: a count line, then each department's hits with the matches highlighted."""
    ui_lang: Lang = store.default_language if lang == "both" else lang
    groups = group_by_department(hits)
    found = hit_count(hits)
    summary = ui("search.results", ui_lang, n=found.matches, s=found.solutions, d=found.departments)
    out = [para(ui_lang, (summary, HEADING))]
    for department_id, group in groups.items():
        department = store.department(department_id)
        assert department is not None
        out += [
            blank(),
            para(ui_lang, *_department_title(department, ui_lang, HEADING)),
        ]
        for hit in group:
            body = highlighted(printable(index.text(hit)), hit.spans)
            out.append(para(hit.lang, (f"{_hit_label(hit)}: ", NOTE), body, indent=2))
    return out
