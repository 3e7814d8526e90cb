"""The theme x department matrix: a heatmap of how many solutions touch each theme."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from tui.i18n import ui
from tui.model import Lang, Store
from tui.paths import DIALOG_CSS
from tui.rtl.chars import content_piece
from tui.widgets.key_bar import KeyBar
from tui.widgets.rtl_text import BidiContext, BidiText, one_line

# Cool to warm: zero stays quiet, the busiest cells stand out.
HEAT = ["grey23", "dark_green", "green4", "chartreuse3", "yellow3", "orange3", "red3"]


def heat_style(count: int, peak: int) -> Style:
    """The cell colour for `count` on a scale up to `peak`."""
    if count == 0:
        return Style(color="grey42")
    step = 1 + round((len(HEAT) - 2) * (count - 1) / max(1, peak - 1))
    return Style(bgcolor=HEAT[step], color="white", bold=True)


class MatrixScreen(Screen[tuple[str, str] | None]):
    """Rows are departments, columns themes; Enter opens a department filtered by a theme."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("escape,m", "dismiss_none", ui("key.back", "en"), id="back"),
    ]

    def __init__(self, store: Store, lang: Lang, context: BidiContext) -> None:
        super().__init__(classes="-rtl" if context.rtl else "-ltr")
        self.store = store
        self.lang = lang
        self.context = context
        themes = list(store.themes)
        self.columns = list(reversed(themes)) if context.rtl else themes

    def compose(self) -> ComposeResult:
        ctx = self.context
        yield BidiText(ui("matrix.title", self.lang), ctx, base=ctx.base, id="title-bar")
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=False)
        yield BidiText(ui("matrix.help", self.lang), ctx, base=ctx.base, id="matrix-help")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        ctx, lang = self.context, self.lang
        peak = max(
            (c for d in self.store.departments for c in d.theme_counts().values()), default=1
        )
        headers = [one_line(content_piece(t.label.get(lang)), ctx) for t in self.columns]
        name_header = one_line(ui("matrix.department", lang), ctx)
        name_header.justify = "right" if ctx.rtl else "left"
        total_header = one_line(ui("matrix.total", lang), ctx)
        if ctx.rtl:
            table.add_columns(total_header, *headers, name_header)
        else:
            table.add_columns(name_header, *headers, total_header)
        for department in self.store.departments:
            counts = department.theme_counts()
            cells = [
                Text(str(n).center(3), style=heat_style(n, peak))
                for n in (counts.get(t.id, 0) for t in self.columns)
            ]
            name = one_line(f"{department.key} {content_piece(department.name.get(lang))}", ctx)
            name.justify = "right" if ctx.rtl else "left"
            total = Text(str(len(department.solutions)), style="bold")
            row = [total, *cells, name] if ctx.rtl else [name, *cells, total]
            table.add_row(*row, key=department.id)
        table.focus()
        # start where a reader starts: the first theme column, rightmost in Arabic
        table.move_cursor(column=len(self.columns) if ctx.rtl else 1, animate=False)
        if ctx.rtl:
            self.call_after_refresh(self._scroll_to_start)
        self.query_one(KeyBar).show(self.BINDINGS, lang, ctx)  # type: ignore[arg-type]

    def _scroll_to_start(self) -> None:
        table = self.query_one(DataTable)
        table.scroll_to(x=table.max_scroll_x, animate=False, immediate=True)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Open the department of the row, filtered by the theme of the column."""
        row_key = event.cell_key.row_key.value
        column = event.coordinate.column - (0 if self.context.rtl else 1)
        if row_key is None or not 0 <= column < len(self.columns):
            return
        department = self.store.department(row_key)
        theme_id = self.columns[column].id
        if department is None or not department.theme_counts().get(theme_id):
            self.app.bell()  # an empty cell has nothing to open
            return
        self.dismiss((row_key, theme_id))

    def action_dismiss_none(self) -> None:
        """Back to the browser, nothing changed."""
        self.dismiss(None)
