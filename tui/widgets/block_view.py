"""A scrolling column of laid-out text blocks, drawn one visible line at a time: the detail pane.

Textual lays out a widget per paragraph, and a paragraph whose height changes lays the
screen out again, a frame later, and again for its parent. A department of 20 solutions
took three frames to settle after a jump. `BlockView` is one Line API widget instead: each
block's height comes from the RTL engine's line count (`BidiBlock.line_count`), a block is
drawn only when `render_line` asks for one of its lines, and the drawn lines are kept per
block, style and width. Only the scrollbar learns a new height: nothing else is laid out.
Subclasses say how each block is styled (`block_style`).
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from tui.widgets.rtl_text import BidiBlock, BidiContext

STRIP_CACHE_SIZE = 1024
"""Drawn blocks kept (a screenful is ~40; the rest serve blocks that come back)."""


COLUMN_GAP = 3
"""Blank cells between the two columns of a `SideBySide`."""
MIN_COLUMN = 30
"""Narrower columns than this and a `SideBySide` puts one text under the other."""


class SideBySide:
    """Two texts in columns, the `start` one on the start side (a parallel translation); in
    a narrow pane, `start` above `end`. Each column keeps its own direction."""

    def __init__(self, start: BidiBlock, end: BidiBlock, context: BidiContext) -> None:
        self.start, self.end, self.context = start, end, context

    def _widths(self, width: int) -> tuple[int, int] | None:
        """The start and end columns' widths, or None when they would be too narrow."""
        first = (width - COLUMN_GAP) // 2
        if first < MIN_COLUMN:
            return None
        return first, width - COLUMN_GAP - first

    def line_count(self, width: int) -> int:
        """Lines at `width`: the longer column's, or both texts' one under the other."""
        widths = self._widths(width)
        if widths is None:
            return self.start.line_count(width) + self.end.line_count(width)
        return max(self.start.line_count(widths[0]), self.end.line_count(widths[1]))

    def strips(self, width: int, style: VisualStyle) -> list[Strip]:
        """The two columns' lines side by side (start side first), or one under the other."""
        widths = self._widths(width)
        if widths is None:
            return [*self.start.strips(width, style), *self.end.strips(width, style)]
        first, second = self.start.strips(widths[0], style), self.end.strips(widths[1], style)
        rows = max(len(first), len(second))
        base = style.rich_style
        first += [Strip.blank(widths[0], base)] * (rows - len(first))
        second += [Strip.blank(widths[1], base)] * (rows - len(second))
        gap = Strip.blank(COLUMN_GAP, base)
        right_first = self.context.rtl and self.context.mode != "off"
        pairs = zip(second, first, strict=True) if right_first else zip(first, second, strict=True)
        return [Strip.join([left, gap, right]) for left, right in pairs]


def text_cells(prompt: BidiBlock | SideBySide, width: int) -> int:
    """The cells a block's text is laid out in, on a line of `width`.

    For a terminal that reorders rows itself each line ends with the PDI that closes its
    isolate, a zero-width character; at the very edge of a scrolling widget Textual crops
    it away, and the row then runs into the next pane (seen in Konsole). So there the text
    stops one cell short and a blank cell follows the PDI (lists do the same with their
    options' padding: styles/app.tcss).
    """
    return width - 1 if prompt.context.mode == "terminal" and width > 1 else width


class Block:
    """One block of a `BlockView` (compared by identity: reuse a Block to reuse its drawing).

    `kind` says what the block is (a view maps it to component classes); `gap` is the blank
    lines above it.
    """

    __slots__ = ("gap", "id", "kind", "prompt")

    def __init__(
        self,
        prompt: BidiBlock | SideBySide,
        id: str | None = None,
        *,
        kind: str = "",
        gap: int = 0,
    ) -> None:
        self.prompt = prompt
        self.id = id
        self.kind = kind
        self.gap = gap

    def height(self, width: int) -> int:
        """Lines the prompt takes at `width` cells."""
        return self.prompt.line_count(text_cells(self.prompt, width))


class BlockView(ScrollView):
    """Blocks of text in a column; subclasses pick each block's style."""

    DEFAULT_CSS = """
    BlockView {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: list[Block] = []
        self._starts: list[int] = []  # first line of each block, measured at `_layout_width`
        self._heights: list[int] = []  # and its height
        self._layout_width = -1
        self._strips: LRUCache[tuple[Block, VisualStyle, int], list[Strip]] = LRUCache(
            STRIP_CACHE_SIZE
        )

    @property
    def blocks(self) -> list[Block]:
        """The blocks shown (do not mutate; use `set_blocks`)."""
        return self._blocks

    def set_blocks(self, blocks: list[Block]) -> None:
        """Show `blocks`, relaying the column out (only the scrollbar learns of it)."""
        self._blocks = blocks
        self._layout_width = -1
        self._update_layout()
        # Only a view sized by its content changes the screen's layout.
        height = self.styles.height
        self.refresh(layout=height is None or height.is_auto)

    # -- geometry ------------------------------------------------------------------------------

    def _update_layout(self) -> bool:
        """Measure every block again if the width changed; False before the first layout."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return False
        if width == self._layout_width:
            return True
        if self._layout_width > 0:
            # A scrollbar came or went without the widget changing size: Textual would keep
            # the lines it drew at the old width.
            self.refresh()
        self._layout_width = width
        self._starts, self._heights, end = [], [], 0
        for block in self._blocks:
            self._starts.append(end + block.gap)
            self._heights.append(block.height(width))
            end = self._starts[-1] + self._heights[-1]
        size = Size(width, end)
        if self.virtual_size != size:
            # As Textual does when a widget's size changes without a layout: only the
            # scrollbars follow (one appearing or going still relays the screen out).
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        return True

    def block_lines(self, index: int) -> tuple[int, int] | None:
        """First line and height of block `index` in the column; None before layout."""
        if not self._update_layout() or not 0 <= index < len(self._blocks):
            return None
        return self._starts[index], self._heights[index]

    def block_at(self, line: int) -> int | None:
        """The block drawn on `line` of the column (None in a gap or past the end)."""
        if not self._update_layout() or line < 0:
            return None
        index = bisect_right(self._starts, line) - 1
        if index < 0 or line - self._starts[index] >= self._heights[index]:
            return None
        return index

    def scroll_to_block(self, index: int, *, top: bool = False) -> None:
        """Scroll block `index` into view (to the top with `top`)."""
        where = self.block_lines(index)
        if where is None:
            return
        start, height = where
        self.scroll_to_region(
            Region(0, start, self._layout_width, height),
            animate=False,
            force=True,
            immediate=True,
            top=top,
        )

    def refresh_block(self, index: int | None) -> None:
        """Redraw block `index` where it is on screen."""
        if index is None or index >= len(self._blocks):
            return
        where = self.block_lines(index)
        if where is not None:
            start, height = where
            self.refresh(Region(0, start - self.scroll_offset.y, self.size.width, height))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """All the blocks' lines (for `height: auto`)."""
        return sum(block.gap + block.height(width) for block in self._blocks)

    def notify_style_update(self) -> None:
        """A theme or focus change restyles every line."""
        super().notify_style_update()
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._update_layout()

    # -- drawing -------------------------------------------------------------------------------

    def block_style(self, index: int) -> VisualStyle:
        """How block `index` is drawn (its kind's component class, over the widget's)."""
        return self.get_visual_style(*self._blocks[index].kind.split())

    def _drawn(self, block: Block, style: VisualStyle, width: int) -> list[Strip]:
        """The block's lines at `width` in `style`, as Textual would draw the prompt (its
        styles over the widget's), built straight from the laid-out rows."""
        key = (block, style, width)
        strips = self._strips.get(key)
        if strips is None:
            cells = text_cells(block.prompt, width)
            strips = block.prompt.strips(cells, style)
            if cells < width:
                edge = Segment(" " * (width - cells), style.rich_style)
                strips = [Strip([*strip, edge], width) for strip in strips]
            self._strips[key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: a line of the block there, or blank."""
        width = self.scrollable_content_region.width
        line = y + self.scroll_offset.y
        index = self.block_at(line)
        if index is not None:
            strips = self._drawn(self._blocks[index], self.block_style(index), width)
            offset = line - self._starts[index]
            if offset < len(strips):
                return strips[offset]
        return Strip.blank(width, self.get_visual_style().rich_style)
