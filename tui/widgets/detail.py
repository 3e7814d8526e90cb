"""The detail pane: one department in full, with filter marks and search highlights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import AwaitMount

from tui.i18n import ui
from tui.model import Department, Lang, Store
from tui.rtl.chars import content_piece
from tui.widgets.rtl_text import BidiContext, BidiText

Spans = Sequence[tuple[int, int]]
HIGHLIGHT = Style(bold=True, color="black", bgcolor="yellow")


@dataclass(frozen=True)
class DetailView:
    """Everything the pane needs to draw a department (set by the screen, never read back)."""

    department: Department
    store: Store
    lang: Lang
    context: BidiContext
    themes: frozenset[str] = frozenset()
    only_matching: bool = False
    # (field, solution index or None) -> spans in that string, from search
    highlights: Mapping[tuple[str, int | None], Spans] = field(default_factory=dict)
    # solution indexes a search matched (None when no search is active)
    search_matches: frozenset[int] | None = None

    def matches(self, index: int) -> bool:
        """Whether solution `index` passes the active theme filter and search."""
        solution = self.department.solutions[index]
        if self.themes and not self.themes.intersection(solution.themes):
            return False
        return self.search_matches is None or index in self.search_matches

    @property
    def filtered(self) -> bool:
        """Whether a theme filter or a search narrows the solutions."""
        return bool(self.themes) or self.search_matches is not None


def highlighted(text: str, spans: Spans, style: Style | str = "") -> Text:
    """`text` with `spans` marked as search hits, its bidi controls closed at its end."""
    result = Text(text)
    if style:
        result.stylize(style)  # a span, not the base style: spans follow the characters
    for start, end in spans:
        result.stylize(HIGHLIGHT, start, end)
    # content's own bidi controls end with it: nothing printed after it is reordered
    return content_piece(result)


class SolutionView(BidiText):
    """One numbered solution with its theme labels; dimmed when it does not match."""

    def __init__(self, view: DetailView, index: int) -> None:
        super().__init__(classes="solution")
        self.set_solution(view, index)

    def set_solution(self, view: DetailView, index: int) -> None:
        """Show solution `index` of the view's department (widgets are reused across jumps)."""
        self.index = index
        self.matching = view.matches(index)
        self.set_class(not self.matching and view.filtered, "-unmatched")
        self.remove_class("-current")
        self.display = True
        ctx = view.context
        self.update(self._solution_text(view, index), ctx, base=ctx.base)

    @staticmethod
    def _solution_text(view: DetailView, index: int) -> Text:
        solution = view.department.solutions[index]
        text = Text()
        text.append(f"{index + 1}. ", style="bold")
        spans = view.highlights.get(("solution", index), ())
        text.append_text(highlighted(solution.text.get(view.lang), spans))
        text.append("\n")
        for n, theme_id in enumerate(solution.themes):
            theme = view.store.theme(theme_id)
            label = content_piece(theme.label.get(view.lang)) if theme else theme_id
            active = theme_id in view.themes
            style = Style(
                color="black" if active else None,
                bgcolor="green" if active else "grey30",
                meta={"@click": f"screen.toggle_theme({theme_id!r})"},
            )
            if n:
                text.append(" ")
            text.append(f" {label} ", style=style)
        return text


class DetailPane(VerticalScroll):
    """Scrolls through one department: headline, name, speaker, intro, solutions, source."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: DetailView | None = None
        self._mounting: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        yield BidiText(id="detail-empty", classes="muted")
        yield BidiText(id="detail-headline", classes="headline")
        yield BidiText(id="detail-name", classes="department-name")
        yield BidiText(id="detail-speaker", classes="speaker")
        yield BidiText(id="detail-intro", classes="intro")
        yield BidiText(id="detail-solutions", classes="section-title")
        yield BidiText(id="detail-hidden", classes="muted")
        yield BidiText(id="detail-source", classes="source")

    def show(self, view: DetailView | None, placeholder: str, context: BidiContext) -> None:
        """Draw `view` (or the placeholder when nothing is selected), scrolled to the top.

        The widgets stay mounted and are updated in place; only the difference in the
        number of solutions is mounted or removed (mounting is what a jump used to cost).
        """
        self.view = view
        with self.app.batch_update():
            empty = self.query_one("#detail-empty", BidiText)
            empty.display = view is None
            if view is None:
                empty.update(placeholder, context, base=context.base)
                for child in self.children:
                    child.display = child is empty
            else:
                self._fill(view)
            self.scroll_home(animate=False)

    def _fill(self, view: DetailView) -> None:
        d, lang, ctx = view.department, view.lang, view.context
        marks = view.highlights

        def put(widget_id: str, text: str | Text, shown: bool = True) -> None:
            widget = self.query_one(f"#{widget_id}", BidiText)
            widget.display = shown
            if shown:
                widget.update(text, ctx, base=ctx.base)

        def field(name: str, text: str, style: str = "") -> Text:
            return highlighted(text, marks.get((name, None), ()), style)

        put("detail-headline", field("headline", d.headline.get(lang), "bold"))
        put("detail-name", field("name", d.name.get(lang)))
        speaker = field("speaker", d.speaker.name.get(lang), "bold")
        speaker.append(ui("sep.list", lang))
        speaker.append_text(field("role", d.speaker.role.get(lang)))
        put("detail-speaker", speaker)
        put("detail-intro", field("intro", d.intro.get(lang)), bool(d.intro))
        put("detail-solutions", ui("detail.solutions", lang))
        shown = [i for i in range(len(d.solutions)) if view.matches(i) or not view.only_matching]
        hidden = len(d.solutions) - len(shown)
        put("detail-hidden", ui("detail.hidden", lang, n=hidden), bool(hidden))
        source = view.store.source
        put(
            "detail-source",
            f"{ui('detail.source', lang)}: {source.outlet} ({source.published})\n"
            f"{source.note.get(lang)}\n{source.url}",
        )
        views = list(self.query(SolutionView))
        for solution_view, index in zip(views, shown, strict=False):
            solution_view.set_solution(view, index)
        for extra in views[len(shown) :]:
            extra.remove()
        new = [SolutionView(view, index) for index in shown[len(views) :]]
        self._mounting = (
            self.mount_all(new, before=self.query_one("#detail-hidden")) if new else None
        )

    def scroll_to_solution(self, index: int) -> None:
        """Bring solution `index` to the top of the pane once the department has mounted."""
        self.call_later(self._scroll_when_mounted, index)

    async def _scroll_when_mounted(self, index: int) -> None:
        mounting, self._mounting = self._mounting, None
        if mounting is not None:
            await mounting
        self.call_after_refresh(self._scroll_now, index)

    def _scroll_now(self, index: int) -> None:
        for child in self.query(SolutionView):
            if child.index == index:
                self.scroll_to_widget(child, top=True, animate=False)
                return
