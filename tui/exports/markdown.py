"""Markdown: one department (`show --format markdown`) or the whole store, in one language.

Content is escaped so that its characters stay text (no accidental emphasis, links or
HTML), and control characters are made visible.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from tui.i18n import ui
from tui.model import Department, Lang, Store
from tui.rtl.chars import content_piece, printable

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Content as literal Markdown text: inline syntax and block markers backslashed.

    A line that uses bidi controls is set in its own isolate, so an unclosed RLO cannot
    reverse the Markdown around the field.
    """
    text = _INLINE.sub(r"\\\1", content_piece(printable(text)))
    text = _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)
    return text.replace("\n", "  \n")


def _escape_marker(marker: str) -> str:
    """A block marker at a line start, made literal (`1.` → `1\\.`, `#` → `\\#`)."""
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def department_markdown(store: Store, department: Department, lang: Lang) -> str:
    """One department: heading, headline, speaker, intro, numbered solutions, themes."""
    esc = escape_markdown
    speaker = department.speaker
    sep = ui("sep.list", lang)
    lines = [
        f'<a id="{department.id}"></a>',
        "",
        f"## {esc(department.keyed(department.name.get(lang), ' · '))}",
        "",
        f"**{esc(department.headline.get(lang))}**",
        "",
        f"*{ui('detail.speaker', lang)}: {esc(speaker.name.get(lang))}{sep}"
        f"{esc(speaker.role.get(lang))}*",
        "",
    ]
    if department.intro:
        lines += [esc(department.intro.get(lang)), ""]
    lines += [f"### {ui('detail.solutions', lang)}", ""]
    for number, solution in enumerate(department.solutions, 1):
        labels = sep.join(
            esc(theme.label.get(lang))
            for theme in (store.theme(t) for t in solution.themes)
            if theme is not None
        )
        text = esc(solution.text.get(lang)).replace("  \n", "  \n   ")
        lines += [f"{number}. {text}  ", f"   *{ui('key.themes', lang)}: {labels}*", ""]
    return "\n".join(lines)


def link_target(url: str) -> str:
    """A URL as a Markdown link target: percent-encoded where Markdown would stop reading it."""
    return quote(url, safe=":/?#@!$&'()*+,;=%~")


def source_markdown(store: Store, lang: Lang) -> str:
    """The source line and the translation note."""
    source = store.source
    link = f"[{escape_markdown(source.outlet)}](<{link_target(source.url)}>)"
    return (
        f"{ui('detail.source', lang)}: {link}, {escape_markdown(source.published)}  \n"
        f"{escape_markdown(source.note.get(lang))}\n"
    )


def show_markdown(store: Store, department: Department, lang: Lang) -> str:
    """`show --format markdown`: the department and the source."""
    return department_markdown(store, department, lang) + "\n---\n\n" + source_markdown(store, lang)


def store_markdown(store: Store, lang: Lang) -> str:
    """`export --format markdown`: title, contents, every department, source."""
    lines = [f"# {escape_markdown(store.title.get(lang))}", "", source_markdown(store, lang)]
    lines += [f"## {ui('list.title', lang)}", ""]
    for department in store.departments:
        name = escape_markdown(department.name.get(lang))
        lines.append(f"- [{name}](#{department.id})")
    lines.append("")
    for department in store.departments:
        lines += [department_markdown(store, department, lang), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
