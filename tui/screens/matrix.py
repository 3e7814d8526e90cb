"""The theme x department matrix: a heatmap of how many solutions touch each theme.

Two tables side by side: the department names, which stay while the counts scroll
sideways (on the right in Arabic, where a reader starts; Textual's own fixed columns are
only ever on the left), and the counts, one column a theme and a total. Theme headers wrap
between words onto up to `HEADER_LINES` lines, so a column is as wide as its longest word,
not its whole label, and more of them fit.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable

from tui import keyboard
from tui.i18n import ui
from tui.model import Lang, Store
from tui.paths import DIALOG_CSS
from tui.rtl import display_lines
from tui.rtl.chars import content_piece
from tui.widgets.key_bar import KeyBar
from tui.widgets.rtl_text import BidiContext, BidiText, as_text, one_line

# Cool to warm: zero stays quiet, the busiest cells stand out.
HEAT = ["grey23", "dark_green", "green4", "chartreuse3", "yellow3", "orange3", "red3"]

HEADER_LINES = 3
"""Lines a theme's header may wrap onto."""
HEADER_WIDTH = 12
"""Cells a header line may take (a longer word keeps its own width: never cut)."""


def heat_style(count: int, peak: int) -> Style:
    """The cell colour for `count` on a scale up to `peak`."""
    if count == 0:
        return Style(color="grey42")
    step = 1 + round((len(HEAT) - 2) * (count - 1) / max(1, peak - 1))
    return Style(bgcolor=HEAT[step], color="white", bold=True)


def header(label: str, context: BidiContext) -> Text:
    """A column header wrapped between words, each line laid out for the terminal."""
    longest = max((len(word) for word in label.split()), default=1)
    width = max(HEADER_WIDTH, longest)
    lines = display_lines(as_text(label), width, context.base, context.mode)
    shown = lines[:HEADER_LINES]
    if len(lines) > HEADER_LINES:  # a label of many long words: say it goes on
        shown[-1] = shown[-1][: width - 1] + Text("…")
    return Text("\n", justify="center").join(shown)


class MatrixScreen(Screen[tuple[str, str] | None]):
    """Rows are departments, columns themes; Enter opens a department filtered by a theme."""

    CSS_PATH = DIALOG_CSS

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.MATRIX]

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
        names: DataTable[Text] = DataTable(
            id="matrix-names", cursor_type="row", zebra_stripes=False
        )
        names.can_focus = False
        counts: DataTable[Text] = DataTable(id="matrix", cursor_type="cell", zebra_stripes=False)
        with Horizontal(id="matrix-body"):
            yield from (counts, names) if ctx.rtl else (names, counts)
        yield BidiText(ui("matrix.help", self.lang), ctx, base=ctx.base, id="matrix-help")
        yield KeyBar()

    def on_mount(self) -> None:
        names = self.query_one("#matrix-names", DataTable)
        counts = self.query_one("#matrix", DataTable)
        ctx, lang = self.context, self.lang
        peak = max(
            (c for d in self.store.departments for c in d.theme_counts().values()), default=1
        )
        headers = [header(content_piece(t.label.get(lang)), ctx) for t in self.columns]
        lines = max((h.plain.count("\n") + 1 for h in headers), default=1)
        names.header_height = counts.header_height = lines
        name_header = one_line(ui("matrix.department", lang), ctx)
        name_header.justify = "right" if ctx.rtl else "left"
        names.add_column(name_header)
        total_header = one_line(ui("matrix.total", lang), ctx)
        counts.add_columns(*([total_header, *headers] if ctx.rtl else [*headers, total_header]))
        for department in self.store.departments:
            name = one_line(department.keyed(content_piece(department.name.get(lang))), ctx)
            name.justify = "right" if ctx.rtl else "left"
            names.add_row(name, key=department.id)
            tally = department.theme_counts()
            cells = [
                Text(f" {n} ", style=heat_style(n, peak), justify="center")
                for n in (tally.get(t.id, 0) for t in self.columns)
            ]
            total = Text(str(department.solution_count), style="bold", justify="center")
            counts.add_row(*([total, *cells] if ctx.rtl else [*cells, total]), key=department.id)
        counts.focus()
        # start where a reader starts: the first theme column, rightmost in Arabic
        counts.move_cursor(column=len(self.columns) if ctx.rtl else 0, animate=False)
        self.watch(counts, "scroll_y", self._follow_rows)
        if ctx.rtl:
            self.call_after_refresh(self._scroll_to_start)
        shown = keyboard.rebound(keyboard.MATRIX, keyboard.app_keys(self.app).keys)
        self.query_one(KeyBar).show(shown, lang, ctx)

    def _follow_rows(self, scroll_y: float) -> None:
        """The names scroll up and down with the counts."""
        self.query_one("#matrix-names", DataTable).scroll_to(y=scroll_y, animate=False)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """The names mark the row the cursor is on."""
        if event.data_table.id == "matrix":
            names = self.query_one("#matrix-names", DataTable)
            names.move_cursor(row=event.coordinate.row, animate=False)

    def _scroll_to_start(self) -> None:
        table = self.query_one("#matrix", DataTable)
        table.scroll_to(x=table.max_scroll_x, animate=False, immediate=True)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Open the department of the row, filtered by the theme of the column."""
        row_key = event.cell_key.row_key.value
        column = event.coordinate.column - (1 if self.context.rtl else 0)
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
