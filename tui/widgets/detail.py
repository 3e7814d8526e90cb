"""The detail pane: one department in full, with filter marks and search highlights.

One `BlockView`: headline, name, speaker, intro, the solutions and the source are blocks of
one scrolling column, so a jump replaces the blocks and repaints the pane in one frame
(a widget per paragraph took three, each relaying the screen out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual.style import Style as VisualStyle

from tui.i18n import ui
from tui.model import Department, Lang, Localized, Store
from tui.rtl.chars import content_piece
from tui.rtl.styled import highlighted, link_style
from tui.widgets.block_view import Block, BlockView, SideBySide
from tui.widgets.rtl_text import BidiBlock, BidiContext

Spans = Sequence[tuple[int, int]]
TAG = Style(color="grey85", bgcolor="grey30")
"""A theme label: light on dark grey, legible in 16 colours too (its own colours: inside a
dimmed solution the block's grey would otherwise meet the box's in one colour)."""
ACTIVE_TAG = Style(color="black", bgcolor="green")
"""A label of a theme in the filter."""
SUGGESTED = Style(italic=True)
"""A theme an import suggested and no one has confirmed (its label also ends in "?")."""
UNTRANSLATED = Style(italic=True, dim=True)
NOTE_LABEL = Style(bold=True, color="yellow")
"""A translation note's label: yellow, and bold for 16 colours and monochrome."""
NOTE = Style(italic=True)
"""The "not translated" mark before text shown in the other language."""


class DetailView(NamedTuple):
    """Everything the pane needs to draw a department (set by the screen, never read back)."""

    department: Department
    store: Store
    lang: Lang
    context: BidiContext
    themes: frozenset[str] = frozenset()
    only_matching: bool = False
    # (field, solution index or None) -> spans in that string, from search
    highlights: Mapping[tuple[str, int | None], Spans] = MappingProxyType({})
    # solution indexes a search matched (None when no search is active)
    search_matches: frozenset[int] | None = None
    # the match n and N are at: field, solution, span (marked beyond colour)
    current_match: tuple[str, int | None, tuple[int, int]] | None = None
    # the other language beside this one, solution by solution (None: this language only)
    parallel: Lang | None = None
    # search spans in the other language's text, as `highlights`
    parallel_highlights: Mapping[tuple[str, int | None], Spans] = MappingProxyType({})

    def matches(self, index: int) -> bool:
        """Whether solution `index` passes the active theme filter and search."""
        solution = self.department.solutions[index]
        if self.themes and not self.themes.intersection(solution.themes):
            return False
        return self.search_matches is None or index in self.search_matches

    def current_at(self, field: str, solution: int | None) -> tuple[int, int] | None:
        """The current match's span if it is in this text."""
        match = self.current_match
        return match[2] if match is not None and match[:2] == (field, solution) else None

    @property
    def filtered(self) -> bool:
        """Whether a theme filter or a search narrows the solutions."""
        return bool(self.themes) or self.search_matches is not None


def untranslated(text: Localized, lang: Lang) -> Text:
    """A "not translated" mark when `text` is shown in the other language, else nothing."""
    if text.has(lang) or not text:
        return Text()
    return Text(ui("detail.untranslated", lang) + " ", style=UNTRANSLATED)


def translation_note(note: Localized, lang: Lang) -> Text:
    """A flag on a translation, for translators checking a quote (the content says what)."""
    text = Text(ui("detail.translation_note", lang) + " ", style=NOTE_LABEL)
    text.append(content_piece(note.get(lang)), style=NOTE)
    return text


def solution_text(view: DetailView, index: int) -> Text:
    """A numbered solution and its theme labels (each label a click that toggles it)."""
    solution = view.department.solutions[index]
    text = Text()
    text.append(f"{index + 1}. ", style="bold")
    spans = view.highlights.get(("solution", index), ())
    current = view.current_at("solution", index)
    text.append_text(untranslated(solution.text, view.lang))
    text.append_text(highlighted(solution.text.get(view.lang), spans, current=current))
    if solution.translation_note:
        text.append("\n")
        text.append_text(translation_note(solution.translation_note, view.lang))
    text.append("\n")
    for n, theme_id in enumerate(solution.themes):
        theme = view.store.theme(theme_id)
        label = content_piece(theme.label.get(view.lang)) if theme else theme_id
        style = (ACTIVE_TAG if theme_id in view.themes else TAG) + Style(
            underline=True,  # a link: a click toggles the theme
            meta={"@click": f"screen.toggle_theme({theme_id!r})"},
        )
        if theme_id in solution.suggested:
            label = ui("detail.suggested", view.lang, label=label)
            style += SUGGESTED
        if n:
            text.append(" ")
        text.append(f" {label} ", style=style)
    return text


# Blank lines above and below each kind of block (adjacent margins collapse, as in CSS).
MARGINS: dict[str, tuple[int, int]] = {
    "headline": (1, 0),
    "speaker": (0, 1),
    "note": (0, 1),
    "intro": (0, 1),
    "section": (0, 1),
    "solution": (0, 1),
    "source": (1, 1),
}


# The component class each kind of block is drawn with (bold comes with the text).
LOOK: dict[str, str] = {
    "headline": "detail--accent",
    "section": "detail--accent",
    "speaker": "detail--muted",
    "hidden": "detail--muted",
    "source": "detail--muted",
    "empty": "detail--muted",
}


class DetailPane(BlockView, can_focus=True):
    """Scrolls through one department: headline, name, speaker, intro, solutions, source."""

    # Few component classes: Textual styles each one like a widget when the pane mounts.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--accent",
        "detail--muted",
        "detail--unmatched",
        "detail--current",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: DetailView | None = None
        self.current: int | None = None
        """The solution marked as current (n/p), if any."""
        self._solution_blocks: dict[int, int] = {}  # solution index -> block index
        self._unmatched: set[int] = set()  # block indexes of solutions that do not match

    @property
    def shown_solutions(self) -> list[int]:
        """The indexes of the solutions listed, in order."""
        return list(self._solution_blocks)

    @property
    def dimmed_solutions(self) -> list[int]:
        """The indexes of the solutions shown dimmed (they do not match the filter)."""
        return [n for n, block in self._solution_blocks.items() if block in self._unmatched]

    def plain(self, kind: str) -> str | None:
        """The logical text of the first block of `kind` ("headline", "name", ...), if shown."""
        for block in self._blocks:
            if block.kind == kind:
                prompt = block.prompt
                return (prompt.start if isinstance(prompt, SideBySide) else prompt).text.plain
        return None

    def show(self, view: DetailView | None, placeholder: str, context: BidiContext) -> None:
        """Draw `view` (or the placeholder when nothing is selected), scrolled to the top."""
        self.view = view
        self.current = None
        parts: list[tuple[str, Text | str, str | None]] = []  # kind, text, solution id
        if view is None:
            parts.append(("empty", placeholder, None))
        else:
            parts.extend(self._parts(view))
        beside = self._parts(self._other(view)) if view is not None and view.parallel else None
        blocks: list[Block] = []
        self._solution_blocks = {}
        self._unmatched = set()
        below = 0
        for number, (kind, text, block_id) in enumerate(parts):
            above, after = MARGINS.get(kind, (0, 0))
            if block_id is not None:
                solution = int(block_id)
                self._solution_blocks[solution] = len(blocks)
                if view is not None and view.filtered and not view.matches(solution):
                    self._unmatched.add(len(blocks))
            prompt: BidiBlock | SideBySide = BidiBlock(text, context, base=context.base, copy=False)
            if beside is not None and view is not None and view.parallel is not None:
                prompt = SideBySide(
                    self._column(text, view.lang, context),
                    self._column(beside[number][1], view.parallel, context),
                    context,
                )
            gap = max(below, above) if blocks else above
            blocks.append(Block(prompt, id=block_id, kind=kind, gap=gap))
            below = after
        if below:  # the last block's bottom margin
            blocks.append(Block(BidiBlock("", context), gap=below - 1))
        self.set_blocks(blocks)
        self.scroll_home(animate=False, immediate=True)

    @staticmethod
    def _other(view: DetailView) -> DetailView:
        """The same department in the parallel language, with its own search spans."""
        assert view.parallel is not None
        return view._replace(lang=view.parallel, highlights=view.parallel_highlights)

    @staticmethod
    def _column(text: Text | str, lang: Lang, context: BidiContext) -> BidiBlock:
        """One language's column: laid out in that language's direction."""
        own = context._replace(rtl=lang == "ar")
        return BidiBlock(text, own, base=own.base, copy=False)

    @staticmethod
    def _parts(view: DetailView) -> list[tuple[str, Text | str, str | None]]:
        d, lang = view.department, view.lang
        marks = view.highlights

        def field(name: str, text: Localized, style: str = "") -> Text:
            current = view.current_at(name, None)
            shown = highlighted(text.get(lang), marks.get((name, None), ()), style, current)
            return untranslated(text, lang).append_text(shown)

        speaker = field("speaker", d.speaker.name, "bold")
        speaker.append(ui("sep.list", lang))
        speaker.append_text(field("role", d.speaker.role))
        parts: list[tuple[str, Text | str, str | None]] = [
            ("headline", field("headline", d.headline, "bold"), None),
            ("name", field("name", d.name, "bold"), None),
            ("speaker", speaker, None),
        ]
        if d.translation_note:
            parts.append(("note", translation_note(d.translation_note, lang), None))
        if d.intro:
            parts.append(("intro", field("intro", d.intro), None))
        section = Text(ui("detail.solutions", lang))
        section.stylize("bold")  # a span: the layout carries spans, not a base style
        parts.append(("section", section, None))
        shown = [i for i in range(len(d.solutions)) if view.matches(i) or not view.only_matching]
        parts.extend(("solution", solution_text(view, i), str(i)) for i in shown)
        hidden = len(d.solutions) - len(shown)
        if hidden:
            parts.append(("hidden", ui("detail.hidden", lang, n=hidden), None))
        source = view.store.source
        text = Text(
            f"{ui('detail.source', lang)}: {source.outlet} ({source.published})\n"
            f"{source.note.get(lang)}\n"
        )
        text.append(source.url, style=link_style(source.url))
        parts.append(("source", text, None))
        return parts

    def block_style(self, index: int) -> VisualStyle:
        """The block's look: accent, muted or plain; dimmed if unmatched; marked if current."""
        classes = [LOOK[kind]] if (kind := self._blocks[index].kind) in LOOK else []
        if index in self._unmatched:
            classes.append("detail--unmatched")
        block_id = self._blocks[index].id
        if block_id is not None and int(block_id) == self.current:
            classes.append("detail--current")
        return self.get_visual_style(*classes)

    def set_current(self, index: int | None) -> None:
        """Mark solution `index` as the current one (n/p) and bring it to the top."""
        old, self.current = self.current, index
        self.refresh_block(self._solution_blocks.get(old) if old is not None else None)
        if index is not None:
            self.refresh_block(self._solution_blocks.get(index))
            self.scroll_to_solution(index)

    def scroll_to_text(self, field: str, solution: int | None) -> None:
        """Bring the block that shows a field (or a solution) to the top of the pane."""
        if solution is not None:
            self.scroll_to_solution(solution)
            return
        kind = "speaker" if field == "role" else field  # the role is on the speaker's line
        block = next((n for n, b in enumerate(self._blocks) if b.kind == kind), None)
        if block is not None:
            self.scroll_to_block(block, top=True)

    def scroll_to_solution(self, index: int) -> None:
        """Bring solution `index` to the top of the pane (once the pane has a width)."""
        block = self._solution_blocks.get(index)
        if block is None:
            return
        if self.block_lines(block) is None:  # not laid out yet: after the first layout
            self.call_after_refresh(self.scroll_to_solution, index)
            return
        self.scroll_to_block(block, top=True)
