"""The search panel: an input that shows Arabic the right way round, and results as you type."""

from __future__ import annotations

from collections.abc import Callable
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
from tui.widgets.detail import highlighted
from tui.widgets.rtl_input import RtlInput
from tui.widgets.rtl_text import BidiBlock, BidiContext, one_line

if TYPE_CHECKING:
    from tui.search import Hit

MAX_QUERY_CHARS = 500
"""Characters the search field takes (a paste of a whole page is cut there)."""

MAX_SHOWN_HITS = 100
"""Results listed at once (each is measured for the scrollbar; nobody reads 5,000)."""


class BidiInput(RtlInput, Input):
    """The search field: an RTL-drawn Input that reports each change at once."""

    on_value: Callable[[str], None] | None = None
    """Called as the value changes, in the same turn as the keystroke."""

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if self.on_value is not None:
            # Not through the Changed message: that arrives a turn later, after a frame
            # showing the new text without its results, and its results take a second one.
            self.on_value(value)


class SearchBar(Vertical):
    """The search input over a list of results grouped by department."""

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.SEARCH]

    class Chosen(Message):
        """A result (or, on Enter in the input, the first one) was chosen."""

        def __init__(self, department_id: str, solution: int | None) -> None:
            self.department_id = department_id
            self.solution = solution
            super().__init__()

    def __init__(self, on_query: Callable[[str], None], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._on_query = on_query

    def compose(self) -> ComposeResult:
        field = BidiInput(id="search-input", max_length=MAX_QUERY_CHARS)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.on_value = self._on_query  # the query follows the field as it is typed
        yield field
        yield OptionList(id="search-results")

    @property
    def input(self) -> BidiInput:
        """The query field."""
        return self.query_one(BidiInput)

    def prepare(self, lang: Lang, context: BidiContext) -> None:
        """Set the placeholder and direction for the UI language."""
        field = self.input
        field.context = context
        field.placeholder = ui("search.placeholder", lang)
        field.refresh()

    def show_results(
        self, store: Store, hits: list[Hit], query: str, lang: Lang, context: BidiContext
    ) -> None:
        """List `hits` grouped by department, each with its highlighted words."""
        results = self.query_one("#search-results", OptionList)
        from tui.search import group_by_department, hit_count

        options: list[Option] = []
        groups = group_by_department(hits)
        shown = 0
        for dept_id, dept_hits in groups.items():
            department = store.department(dept_id)
            if department is None or shown >= MAX_SHOWN_HITS:
                continue
            title = Text(f"{department.key}  ", style="bold")
            title.append(content_piece(department.name.get(lang)), style="bold underline")
            options.append(Option(BidiBlock(title, context, base=context.base), disabled=True))
            for hit in dept_hits[: MAX_SHOWN_HITS - shown]:
                shown += 1
                solution = "" if hit.solution is None else str(hit.solution)
                snippet = self._snippet(department, hit, lang)
                options.append(
                    Option(
                        BidiBlock(snippet, context, base=context.base, copy=False),
                        f"{dept_id}\t{hit.field}\t{solution}",
                    )
                )
        if shown < len(hits):
            more = ui("search.more", lang, n=len(hits) - shown)
            options.append(Option(BidiBlock(Text(more, style="dim"), context), disabled=True))
        results.set_options(options)
        if query.strip():
            found = hit_count(hits)
            summary = (
                ui("search.results", lang, n=found.matches, s=found.solutions, d=found.departments)
                if hits
                else ui("search.none", lang, q=query)
            )
            results.border_title = one_line(summary, context)
        else:
            results.border_title = None

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
