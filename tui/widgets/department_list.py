"""The list of departments: key, name and (matching) solution count per row.

A Line API widget that scrolls by row: its scroll offset is the index of the top row, so a
new filter, a search keystroke or a jump lays out only the rows on screen, whatever the
store's size (Textual's OptionList measures every row whenever its rows change: 0.8 s a
toggle at 10,000 departments; figures in docs/performance.md). The scrollbar counts rows.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Span, Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Padding, Visual
from textual.widget import Widget
from textual.widgets import OptionList

from tui.model import Department, Lang
from tui.rtl.chars import content_piece
from tui.selection import Row
from tui.widgets.rtl_text import BidiBlock, BidiContext


def _lead(key: str | None, width: int) -> str:
    """A row's key padded to the longest listed (blank without one), so that names line up."""
    key = key or ""
    return key + " " * (width - cell_len(key))


class _Look(NamedTuple):
    """What every row is drawn with: a change of any redraws them all."""

    lang: Lang
    context: BidiContext
    filtered: bool
    key_width: int


class _Line(NamedTuple):
    """One screen line of the list: which row, and which of its lines."""

    row: int
    line: int


class DepartmentList(ScrollView, can_focus=True):
    """The departments, one `BidiBlock` row each, laid out when first on screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "department-list--row",
        "department-list--highlighted",
    }
    BINDINGS: ClassVar[list[BindingType]] = list(OptionList.BINDINGS)  # the same keys

    DEFAULT_CSS = """
    DepartmentList {
        scrollbar-gutter: stable;  /* the rows are measured at one width */
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        & > .department-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .department-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Row] = []
        self._index: dict[str, int] | None = None
        self._look = _Look("ar", BidiContext(), False, 0)
        self._blocks: LRUCache[tuple[str, str], tuple[Department, BidiBlock]] = LRUCache(1024)
        self._strips: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(256)
        self._page: tuple[object, list[_Line]] = (None, [])
        self.highlighted: int | None = None
        self._told: str | None = None
        """The department the last `Highlighted` named."""

    # -- what is listed --------------------------------------------------------------------

    def show(
        self,
        rows: list[Row],
        lang: Lang,
        context: BidiContext,
        filtered: bool,
        keep: str | None = None,
    ) -> None:
        """Replace the rows, keeping the highlighted department where it is still listed
        (else the first row is highlighted) and the top row where it can. With `keep`, that
        department is highlighted where it is listed and nothing is where it is not: the
        highlight does not move to another department."""
        current = keep or self.highlighted_id
        self.highlighted = None  # an index into the rows being replaced
        width = max((cell_len(row.department.key or "") for row in rows), default=0)
        look = _Look(lang, context, filtered, width)
        if look != self._look:
            self._look = look
            self._blocks.clear()
        self._rows, self._index = rows, None
        self._strips.clear()
        self._page = (None, [])
        self._size_to_rows()
        index = self.index_of(current)
        self._move_to(0 if index is None and not keep and rows else index)  # and redraws

    @property
    def row_count(self) -> int:
        """How many departments are listed."""
        return len(self._rows)

    @property
    def ids(self) -> list[str]:
        """The listed departments' ids, top to bottom."""
        return [row.department.id for row in self._rows]

    def index_of(self, department_id: str | None) -> int | None:
        """Where a department is listed, None when it is not."""
        if department_id is None:
            return None
        if self._index is None:  # built when first asked: a keystroke may never ask
            self._index = {row.department.id: n for n, row in enumerate(self._rows)}
        return self._index.get(department_id)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted department, if any."""
        if self.highlighted is None:
            return None
        return self._rows[self.highlighted].department.id

    def select_id(self, department_id: str) -> bool:
        """Highlight a department by id; False when it is not listed."""
        index = self.index_of(department_id)
        if index is None:
            return False
        self._move_to(index)
        return True

    def _move_to(self, index: int | None) -> None:
        """Highlight row `index` (None: no row), scrolled into view; say so when the
        highlighted department changes."""
        self.highlighted = index
        if index is not None:
            self._scroll_into_view(index)
        self.refresh()
        now = self.highlighted_id
        if now is not None and now != self._told:
            self.post_message(self.Highlighted(now))
        self._told = now

    # -- rows and their heights ------------------------------------------------------------

    def _padding(self) -> Spacing:
        """Around each row's text (a blank cell where the terminal orders rows)."""
        return self.get_component_styles("department-list--row").padding

    def _block(self, index: int) -> BidiBlock:
        """Row `index` as text, laid out when drawn (kept per department and count)."""
        row = self._rows[index]
        look = self._look
        count = f"({row.shown}/{row.total})" if look.filtered else f"({row.shown})"
        cache_key = (row.department.id, count)
        kept = self._blocks.get(cache_key)
        if kept is not None and kept[0] is row.department:  # not a reloaded store's
            return kept[1]
        lead = _lead(row.department.key, look.key_width)
        block = self._prompt(lead, row.department.name.get(look.lang), count, look.context)
        self._blocks[cache_key] = (row.department, block)
        return block

    def _height(self, index: int) -> int:
        width = self.scrollable_content_region.width - self._padding().width
        return max(1, self._block(index).line_count(width))

    def _fitting_up_to(self, last: int) -> int:
        """How many rows ending with row `last` fit on the screen together (at least one)."""
        room = self.scrollable_content_region.height
        count, used = 0, 0
        for index in range(last, -1, -1):
            used += self._height(index)
            if used > room and count:
                break
            count += 1
        return count

    def _size_to_rows(self) -> None:
        """One scroll step per row; the last page ends with the last row. Set without a
        layout of the screen: only this widget's scrollbar changes."""
        region = self.scrollable_content_region
        if not region:
            return  # not laid out yet: on_resize comes
        rows = len(self._rows)
        height = rows - self._fitting_up_to(rows - 1) + region.height if rows else 0
        size = Size(region.width, height)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        self.scroll_to(y=min(self.scroll_y, self.max_scroll_y), animate=False, immediate=True)

    def _scroll_into_view(self, index: int) -> None:
        top = round(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
            return
        room = self.scrollable_content_region.height
        if index - top < room and sum(map(self._height, range(top, index + 1))) <= room:
            return  # on screen already
        top = index - self._fitting_up_to(index) + 1
        self.scroll_to(y=top, animate=False, immediate=True)

    def _lines(self) -> list[_Line]:
        """The screen's lines from the top row down (kept until the rows, the scroll or the
        size change)."""
        region = self.scrollable_content_region
        top = round(self.scroll_y)
        key = (top, region.size)
        if self._page[0] == key:
            return self._page[1]
        lines: list[_Line] = []
        index = top
        while len(lines) < region.height and index < len(self._rows):
            lines.extend(_Line(index, n) for n in range(self._height(index)))
            index += 1
        self._page = (key, lines)
        return lines

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._size_to_rows()
        if self.highlighted is not None:
            self._scroll_into_view(self.highlighted)

    # -- drawing ---------------------------------------------------------------------------

    def _row_strips(self, index: int) -> list[Strip]:
        """Row `index`'s lines drawn in its colours, the full width of the list."""
        names = ["department-list--row"]
        if index == self.highlighted:
            names.append("department-list--highlighted")
        style = self.get_visual_style(*names)
        width = self.scrollable_content_region.width
        cache_key = (index, style, width)
        strips = self._strips.get(cache_key)
        if strips is None:
            visual: Visual = self._block(index)
            padding = self._padding()
            if padding:
                visual = Padding(visual, padding)
            meta = {"row": index}
            strips = [
                strip.extend_cell_length(width, style.rich_style).apply_meta(meta)
                for strip in Visual.to_strips(self, visual, width, None, style)
            ]
            self._strips[cache_key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        if y >= len(lines):
            style = self.get_visual_style("department-list--row")
            return Strip.blank(self.scrollable_content_region.width, style.rich_style)
        row, line = lines[y]
        return self._row_strips(row)[line]

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

    # -- keys and mouse --------------------------------------------------------------------

    def _step(self, step: int) -> None:
        """Move the highlight `step` rows, wrapping at either end (as OptionList does)."""
        rows = len(self._rows)
        if not rows:
            return
        now = self.highlighted
        if now is None:
            self._move_to(0 if step > 0 else rows - 1)
        else:
            self._move_to((now + step) % rows)

    def action_cursor_down(self) -> None:
        """The next department (from the last, the first)."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """The department before (from the first, the last)."""
        self._step(-1)

    def action_first(self) -> None:
        if self._rows:
            self._move_to(0)

    def action_last(self) -> None:
        if self._rows:
            self._move_to(len(self._rows) - 1)

    def _page_rows(self) -> int:
        """How many rows the screen shows whole now (at least one): a page goes on from
        a row cut off at the bottom, not past it."""
        lines, height = self._lines(), self.scrollable_content_region.height
        whole = {line.row for line in lines[:height]} - {line.row for line in lines[height:]}
        return max(1, len(whole))

    def action_page_down(self) -> None:
        if self._rows:
            step = self._page_rows()
            self.scroll_to(y=round(self.scroll_y) + step, animate=False, immediate=True)
            self._move_to(min(len(self._rows) - 1, (self.highlighted or 0) + step))

    def action_page_up(self) -> None:
        if self._rows:
            step = self._page_rows()
            self.scroll_to(y=max(0, round(self.scroll_y) - step), animate=False, immediate=True)
            self._move_to(max(0, (self.highlighted or 0) - step))

    def action_select(self) -> None:
        """Open the highlighted department."""
        if (chosen := self.highlighted_id) is not None:
            self.post_message(self.Chosen(chosen))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if isinstance(row, int) and row < len(self._rows):
            self._move_to(row)
            self.action_select()
