"""The list of departments: key, name and (matching) solution count per row."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Span, Text
from textual import on
from textual.cache import LRUCache
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.model import Lang
from tui.rtl.chars import content_piece
from tui.selection import Row
from tui.widgets.rtl_text import BidiBlock, BidiContext


def option_index(options: OptionList, option_id: str | None) -> int | None:
    """The index of the option with `option_id`, None when it is not listed."""
    if option_id is None:
        return None
    try:
        return options.get_option_index(option_id)
    except OptionDoesNotExist:
        return None


_HEIGHTS: LRUCache[tuple[object, ...], int] = LRUCache(16384)
"""Row heights by what decides them: rows that wrap alike share one measurement."""


class DepartmentRow(Visual):
    """A department's row: laid out when first drawn, its height shared with every row of
    the same key, name and count length (a filter toggled changes the counts of all rows,
    and the list asks each its height; figures: docs/performance.md)."""

    __slots__ = ("_block", "context", "count", "key", "name")

    def __init__(self, key: str, name: str, count: str, context: BidiContext) -> None:
        self.key, self.name, self.count, self.context = key, name, count, context
        self._block: BidiBlock | None = None

    @property
    def block(self) -> BidiBlock:
        """`key  name  (count)`, laid out on demand."""
        if self._block is None:
            self._block = DepartmentList._prompt(self.key, self.name, self.count, self.context)
        return self._block

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        """The row's lines (see `BidiBlock`)."""
        return self.block.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The row on one line."""
        return self.block.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines at `width`, measured once for all rows that wrap alike."""
        key = (self.key, self.name, len(self.count), self.context, width)
        height = _HEIGHTS.get(key)
        if height is None:
            height = self.block.get_height(rules, width)
            _HEIGHTS[key] = height
        return height


def _lead(key: str | None, width: int) -> str:
    """A row's key padded to the longest listed (blank without one), so that names line up."""
    key = key or ""
    return key + " " * (width - cell_len(key))


class DepartmentList(OptionList):
    """The departments, one `BidiBlock` row each (Textual's OptionList draws only the rows
    on screen, and a row's height is counted without laying it out)."""

    class Highlighted(Message):
        """The highlight moved to a department."""

        def __init__(self, department_id: str) -> None:
            self.department_id = department_id
            super().__init__()

    class Chosen(Message):
        """Enter or a click on a department: open it (the narrow layout shows the detail)."""

        def __init__(self, department_id: str) -> None:
            self.department_id = department_id
            super().__init__()

    def show(
        self,
        rows: list[Row],
        lang: Lang,
        context: BidiContext,
        filtered: bool,
        keep: str | None = None,
    ) -> None:
        """Replace the rows, keeping the highlighted department where it is still listed
        (else the first row is highlighted). With `keep`, that department is highlighted
        where it is listed and nothing is where it is not: the highlight does not move to
        another department."""
        current = keep or self.highlighted_id
        scroll_y = self.scroll_y
        width = max((cell_len(row.department.key or "") for row in rows), default=0)
        self.set_options(
            Option(
                DepartmentRow(
                    _lead(row.department.key, width),
                    row.department.name.get(lang),
                    f"({row.shown}/{row.total})" if filtered else f"({row.shown})",
                    context,
                ),
                row.department.id,
            )
            for row in rows
        )
        self.scroll_to(y=scroll_y, animate=False, immediate=True)  # only as far as needed
        index = option_index(self, current)
        self.highlighted = 0 if index is None and not keep else index

    @staticmethod
    def _prompt(key: str, name: str, count: str, context: BidiContext) -> BidiBlock:
        """`key  name  (count)`: the key bold, the count dim; a wrapped name continues under
        itself, not under the key (a hanging indent). No lead where no department has a key."""
        plain = f"{content_piece(name)}  {count}"
        spans = [Span(len(plain) - len(count), len(plain), "dim")]
        lead = Text(f"{key}  ", spans=[Span(0, len(key), "bold")]) if key else None
        return BidiBlock(
            Text(plain, spans=spans), context, base=context.base, copy=False, hang=lead
        )

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted department, if any."""
        option = self.highlighted_option
        return None if option is None else option.id

    def select_id(self, department_id: str) -> bool:
        """Highlight a department by id; False when it is not listed."""
        index = option_index(self, department_id)
        if index is None:
            return False
        self.highlighted = index
        return True

    @on(OptionList.OptionHighlighted)
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Highlighted(event.option.id))

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
