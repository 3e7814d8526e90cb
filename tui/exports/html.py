"""A standalone HTML page of the whole store: both languages, theme filters, print styles.

Everything is inline (CSS from `page.css`, script from `page.js`) so the file works from a
USB stick or an e-mail. Every content string goes through `html.escape`; the script only
ever writes with `textContent`. Without JavaScript the page shows everything, filters
hidden.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files

from tui.exports.data import theme_solution_counts
from tui.i18n import ui
from tui.model import Department, Lang, Localized, Store
from tui.rtl.chars import content_piece, printable

DIRECTION = {"ar": "rtl", "en": "ltr"}


def _asset(name: str) -> str:
    """A file shipped beside this module (the page's CSS or script)."""
    return files("tui.exports").joinpath(name).read_text(encoding="utf-8")


def _text(value: str) -> str:
    """Content as HTML text: controls made visible, bidi controls contained, markup escaped."""
    return escape(content_piece(printable(value)), quote=True)


def _key(key: str | None) -> str:
    """A department's key before its name, where it has one."""
    return "" if key is None else f'<span class="key">{_text(key)}</span>'


class _Page:
    """Writes one page for a store, each string in every language the store has."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.langs = store.languages

    def loc(self, text: Localized, *, content: bool = True) -> str:
        """A localized string as one span per language; CSS shows the current one.

        Content gets `dir="auto"` (a fallback may be in the other language); UI strings
        take their language's direction, so a lone separator like "، " sits right.
        """
        parts = []
        for lang in self.langs:
            actual = lang if text.has(lang) else ("en" if lang == "ar" else "ar")
            direction = "auto" if content else DIRECTION[lang]
            parts.append(
                f'<span class="l-{lang}" lang="{actual}" dir="{direction}">'
                f"{_text(text.get(lang))}</span>"
            )
        return "".join(parts)

    def ui(self, key: str, **fields: object) -> str:
        """A UI string from tui.i18n in every language."""
        strings = {lang: ui(key, lang, **fields) for lang in self.langs}
        return self.loc(Localized(**strings), content=False)

    def strings(self) -> str:
        """The UI strings the script needs, as JSON safe inside a <script> element."""
        data = {
            lang: {
                "dir": DIRECTION[lang],
                "title": printable(self.store.title.get(lang)),
                "count": ui("list.count", lang),
                "departments": ui("list.title", lang),
                "solutions": ui("detail.solutions", lang),
                "empty": ui("list.empty", lang),
                "filter": ui("filter.active", lang),
                "sep": ui("sep.list", lang),
            }
            for lang in self.langs
        }
        text = json.dumps(data, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def filters(self) -> str:
        """The theme checkboxes with their solution counts, the clear button and the status."""
        counts = theme_solution_counts(self.store)
        labels = "\n".join(
            f'<label class="theme" data-theme="{_text(t.id)}"><input type="checkbox" '
            f'name="theme" value="{_text(t.id)}"> {self.loc(t.label)} '
            f'<span class="count">{counts.get(t.id, 0)}</span></label>'
            for t in self.store.themes
        )
        return (
            f'<nav id="filters" class="filters" hidden>\n<h2>{self.ui("filter.title")}</h2>\n'
            f'<div class="theme-list">\n{labels}\n</div>\n'
            f'<button type="button" id="clear-filter" class="clear-filter">'
            f"{self.ui('key.clear')}</button>\n"
            f'<p id="status" class="status" role="status" aria-live="polite">'
            + "".join(f'<span class="l-{lang}"></span>' for lang in self.langs)
            + "</p>\n</nav>"
        )

    def toc(self) -> str:
        """Links to every department."""
        items = "\n".join(
            f'<li data-id="{_text(d.id)}" value="{d.order}"><a href="#dept-{_text(d.id)}">'
            f"{self.loc(d.name)}</a></li>"
            for d in self.store.departments
        )
        return f'<ol class="toc">\n{items}\n</ol>'

    def department(self, department: Department) -> str:
        """One department as an article; data-themes lets the script filter it."""
        all_themes = sorted({t for s in department.solutions for t in s.themes})
        speaker = department.speaker
        sep = self.ui("sep.list")
        intro = f'<p class="intro">{self.loc(department.intro)}</p>\n' if department.intro else ""
        solutions = "\n".join(
            f'<li class="solution" value="{number}" data-themes="{_text(" ".join(s.themes))}">'
            f"<p>{self.loc(s.text)}</p>"
            f'<ul class="tags">'
            + "".join(
                f'<li data-theme="{_text(t.id)}">{self.loc(t.label)}</li>'
                for t in (self.store.theme(i) for i in s.themes)
                if t is not None
            )
            + "</ul></li>"
            for number, s in enumerate(department.solutions, 1)
        )
        dept_id = _text(department.id)
        return (
            f'<article class="department" id="dept-{dept_id}" data-id="{dept_id}" '
            f'data-themes="{_text(" ".join(all_themes))}">\n<header>\n'
            f"<h2>{_key(department.key)}{self.loc(department.name)} "
            f'<span class="shown" hidden>'
            + "".join(f'<span class="l-{lang}"></span>' for lang in self.langs)
            + "</span></h2>\n"
            f'<p class="headline">{self.loc(department.headline)}</p>\n'
            f'<p class="speaker">{self.ui("detail.speaker")}: {self.loc(speaker.name)}{sep}'
            f"{self.loc(speaker.role)}</p>\n</header>\n{intro}"
            f"<h3>{self.ui('detail.solutions')}</h3>\n"
            f'<ol class="solutions">\n{solutions}\n</ol>\n</article>'
        )

    def source(self) -> str:
        """The outlet linked to the article, the date and the translation note."""
        source = self.store.source
        return (
            f'<p class="source">{self.ui("detail.source")}: '
            f'<a href="{_text(source.url)}">{_text(source.outlet)}</a>, '
            f"{_text(source.published)}</p>\n"
            f'<p class="note">{self.loc(source.note)}</p>'
        )

    def render(self, lang: Lang) -> str:
        """The whole document, opening in `lang`."""
        store = self.store
        switch = Localized(**{code: ui("key.lang", code) for code in self.langs})
        articles = "\n".join(self.department(d) for d in store.departments)
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{lang}" dir="{DIRECTION[lang]}" data-lang="{lang}" '
            f'data-default-lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_text(store.title.get(lang))}</title>\n"
            f"<style>\n{_asset('page.css')}</style>\n</head>\n<body>\n"
            '<header class="page-head">\n'
            f'<button type="button" id="lang-switch" class="lang-switch" hidden>'
            f"{self.loc(switch, content=False)}</button>\n"
            f"<h1>{self.loc(store.title)}</h1>\n{self.source()}\n</header>\n"
            f"{self.filters()}\n"
            '<p id="print-filter" class="print-filter" hidden>'
            + "".join(f'<span class="l-{lang}"></span>' for lang in self.langs)
            + f'</p>\n{self.toc()}\n<main id="departments">\n{articles}\n'
            f'<p id="no-match" class="empty" hidden>{self.ui("list.empty")}</p>\n</main>\n'
            f"<footer>{self.ui('app.title')} · policy-browser</footer>\n"
            f'<script type="application/json" id="ui-strings">{self.strings()}</script>\n'
            f"<script>\n{_asset('page.js')}</script>\n</body>\n</html>\n"
        )


def store_html(store: Store, lang: Lang | None = None) -> str:
    """`export --format html`: the standalone page, opening in `lang` (the store's default)."""
    return _Page(store).render(lang or store.default_language)
