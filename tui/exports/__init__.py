"""Exports of the store for other tools: JSON data, Markdown and a standalone HTML page.

Headless like the store and search: nothing here imports textual or writes to a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from tui.model import Lang, Store

if TYPE_CHECKING:
    from tui.exports.data import to_json
    from tui.rtl.chars import printable

ExportFormat = Literal["markdown", "json", "html"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("markdown", "json", "html")

__all__ = ["EXPORT_FORMATS", "ExportFormat", "export_store", "printable", "to_json"]


def __getattr__(name: str) -> Any:
    """`to_json` and `printable` load on first use: the browser's start needs neither."""
    if name == "to_json":
        from tui.exports.data import to_json

        return to_json
    if name == "printable":
        from tui.rtl.chars import printable

        return printable
    raise AttributeError(name)


def export_store(store: Store, fmt: ExportFormat, lang: Lang | None = None) -> str:
    """The whole store as one document; `lang` picks Markdown's language and HTML's first."""
    from tui.exports.data import store_record, to_json
    from tui.exports.html import store_html
    from tui.exports.markdown import store_markdown

    if fmt == "json":
        return to_json(store_record(store))
    if fmt == "html":
        return store_html(store, lang)
    return store_markdown(store, lang or store.default_language)
