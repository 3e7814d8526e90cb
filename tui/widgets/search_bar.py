"""The search panel: an input that shows Arabic the right way round, and results as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui import keyboard
from tui.i18n import ui
from tui.model import Department, Lang, Store
from tui.rtl.chars import content_piece
from tui.rtl.styled import highlighted
from tui.widgets.rtl_input import RtlInput
from tui.widgets.rtl_text import BidiBlock, BidiContext, one_line

if TYPE_CHECKING:
    from tui.search import Hit, Results

MAX_QUERY_CHARS = 500
"""Characters the search field takes (a paste of a whole page is cut there)."""

MAX_SHOWN_HITS = 100
"""Results listed at once (each is measured for the scrollbar; nobody reads 5,000)."""


class BidiInput(RtlInput, Input):
    """The search field: an Input drawn by the RTL engine.

    Whoever acts on the query watches its `value` (`self.watch(field, "value", ...)`): a
    watcher runs in the keystroke's own turn, while the Changed message arrives a turn
    later, after a frame showing the new text without its results.
    """


class SearchBar(Vertical):
    """The search input over a list of results grouped by department."""

    DEFAULT_CSS = """
    SearchBar {
        /* under the status row (the screen mounts it after that). One height while open,
           and the list one width (its scrollbar stays): a keystroke redraws the results,
           not the screen below them moved up or down, nor every result measured again
           at another width */
        split: top;
        height: 20;
        max-height: 50%;
        border: round $accent;
        padding: 0 1;
        & > #search-input { border: none; height: 1; padding: 0; }
        & > #search-results {
            height: 1fr;
            overflow-y: scroll;
            border: none;
            border-top: hkey $panel-lighten-2;
        }
        &.-rtl > #search-results { border-title-align: right; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.SEARCH]

    class Chosen(Message):
        """A result (or, on Enter in the input, the first one) was chosen."""

        def __init__(self, department_id: str, solution: int | None) -> None:
            self.department_id = department_id
            self.solution = solution
            super().__init__()

    def compose(self) -> ComposeResult:
        field = BidiInput(id="search-input", max_length=MAX_QUERY_CHARS)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        yield field
        yield OptionList(id="search-results")

    @property
    def input(self) -> BidiInput:
        """The query field."""
        return self.query_one(BidiInput)

    def prepare(self, lang: Lang, context: BidiContext) -> None:
        """Set the placeholder and direction for the UI language."""
        self.set_class(context.rtl, "-rtl")
        field = self.input
        field.context = context
        field.placeholder = ui("search.placeholder", lang)
        field.refresh()

    def show_results(
        self, store: Store, results: Results, query: str, lang: Lang, context: BidiContext
    ) -> None:
        """List the first results grouped by department, each with its highlighted words."""
        options: list[Option] = []
        shown = 0
        for dept_id, dept_hits in results.shown_groups(MAX_SHOWN_HITS):
            department = store.department(dept_id)
            if department is None:
                continue
            title = Text(department.keyed("", "  "), style="bold")
            title.append(content_piece(department.name.get(lang)), style="bold underline")
            options.append(Option(BidiBlock(title, context, base=context.base), disabled=True))
            for hit in dept_hits:
                shown += 1
                solution = "" if hit.solution is None else str(hit.solution)
                snippet = self._snippet(department, hit, lang)
                options.append(
                    Option(
                        BidiBlock(snippet, context, base=context.base, copy=False),
                        f"{dept_id}\t{hit.field}\t{solution}",
                    )
                )
        if shown < len(results):
            more = ui("search.more", lang, n=len(results) - shown)
            options.append(Option(BidiBlock(Text(more, style="dim"), context), disabled=True))
        self._show(options, self._summary(results, query, lang), context)

    def show_pending(self, waiting_for: str, context: BidiContext) -> None:
        """No results yet: say what they wait for (the index, the store)."""
        self._show([], waiting_for, context)

    def _show(self, options: list[Option], summary: str | None, context: BidiContext) -> None:
        """Put these options in the results list, under this summary."""
        results = self.query_one("#search-results", OptionList)
        results.set_options(options)
        results.border_title = None if summary is None else one_line(summary, context)

    def _summary(self, results: Results, query: str, lang: Lang) -> str | None:
        """What the results list's title says: counts, or why nothing was found."""
        if not query.strip():
            return None
        if not results:
            return self._nothing_found(query, lang)
        found = results.count()
        return ui("search.results", lang, n=found.matches, s=found.solutions, d=found.departments)

    @staticmethod
    def _nothing_found(query: str, lang: Lang) -> str:
        """No results: because the query holds only stop words, or because nothing fits."""
        from tui.search.query import parse_query, stop_words_only

        parsed = parse_query(query)
        if not parsed and parsed.stopped:
            return stop_words_only(parsed.stopped, lang)
        return ui("search.none", lang, q=query)

    @staticmethod
    def _snippet(department: Department, hit: Hit, lang: Lang) -> Text:
        if hit.solution is None:
            label = ui(f"search.field.{hit.field}", lang)
        else:
            label = ui("search.field.solution", lang, n=hit.solution + 1)
        text = department.text_of(hit.field, hit.solution).get(hit.lang)
        line = Text(f"{label}: ", style="dim")
        line.append_text(highlighted(text, hit.spans))
        return line

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one("#search-results", OptionList)
        for option in results.options:
            if option.id:
                self._choose(option.id)
                return

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._choose(event.option.id)

    def _choose(self, option_id: str) -> None:
        dept_id, _field, solution = option_id.split("\t")
        self.post_message(self.Chosen(dept_id, int(solution) if solution else None))

    def action_focus_results(self) -> None:
        """Down from the input moves into the results."""
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.action_first()
