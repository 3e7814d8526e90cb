"""The detail pane: one department in full, with filter marks and search highlights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import AwaitMount, Widget

from tui.i18n import ui
from tui.model import Department, Lang, Store
from tui.widgets.rtl_text import BidiContext, BidiText, content_piece

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
    result = Text(text, style=style)
    for start, end in spans:
        result.stylize(HIGHLIGHT, start, end)
    # content's own bidi controls end with it: nothing printed after it is reordered
    return content_piece(result)


class SolutionView(BidiText):
    """One numbered solution with its theme labels; dimmed when it does not match."""

    def __init__(self, view: DetailView, index: int) -> None:
        self.index = index
        self.matching = view.matches(index)
        super().__init__(
            self._solution_text(view, index),
            view.context,
            base=view.context.base,
            classes="solution" + ("" if self.matching or not view.filtered else " -unmatched"),
        )

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

    def show(self, view: DetailView | None, placeholder: str, context: BidiContext) -> None:
        """Draw `view` (or the placeholder when nothing is selected), scrolled to the top."""
        self.view = view
        with self.app.batch_update():
            self.remove_children()
            self._mounting = self.mount_all(list(self._widgets(view, placeholder, context)))
            self.scroll_home(animate=False)

    def _widgets(
        self, view: DetailView | None, placeholder: str, context: BidiContext
    ) -> list[Widget]:
        if view is None:
            return [BidiText(placeholder, context, classes="muted")]
        d, lang, ctx = view.department, view.lang, view.context

        def part(field_name: str, text: str, classes: str, style: str = "") -> BidiText:
            spans = view.highlights.get((field_name, None), ())
            return BidiText(highlighted(text, spans, style), ctx, base=ctx.base, classes=classes)

        widgets: list[Widget] = [
            part("headline", d.headline.get(lang), "headline", "bold"),
            part("name", d.name.get(lang), "department-name"),
        ]
        speaker = Text()
        marks = view.highlights
        speaker.append_text(
            highlighted(d.speaker.name.get(lang), marks.get(("speaker", None), ()), "bold")
        )
        speaker.append(ui("sep.list", lang))
        speaker.append_text(highlighted(d.speaker.role.get(lang), marks.get(("role", None), ())))
        widgets.append(BidiText(speaker, ctx, base=ctx.base, classes="speaker"))
        if d.intro:
            widgets.append(part("intro", d.intro.get(lang), "intro"))
        shown = [i for i in range(len(d.solutions)) if view.matches(i) or not view.only_matching]
        hidden = len(d.solutions) - len(shown)
        widgets.append(
            BidiText(ui("detail.solutions", lang), ctx, base=ctx.base, classes="section-title")
        )
        widgets.extend(SolutionView(view, i) for i in shown)
        if hidden:
            widgets.append(
                BidiText(ui("detail.hidden", lang, n=hidden), ctx, base=ctx.base, classes="muted")
            )
        source = view.store.source
        widgets.append(
            BidiText(
                f"{ui('detail.source', lang)}: {source.outlet} ({source.published})\n"
                f"{source.note.get(lang)}\n{source.url}",
                ctx,
                base=ctx.base,
                classes="source",
            )
        )
        return widgets

    def scroll_to_solution(self, index: int) -> None:
        """Bring solution `index` to the top of the pane once the department has mounted."""
        self.call_later(self._scroll_when_mounted, index)

    async def _scroll_when_mounted(self, index: int) -> None:
        if self._mounting is not None:
            await self._mounting
        self.call_after_refresh(self._scroll_now, index)

    def _scroll_now(self, index: int) -> None:
        for child in self.query(SolutionView):
            if child.index == index:
                self.scroll_to_widget(child, top=True, animate=False)
                return
