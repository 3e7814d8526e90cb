"""A scrolling column of laid-out text blocks, drawn one visible line at a time.

Textual lays out a widget per paragraph, and a paragraph whose height changes lays the
screen out again, a frame later, and again for its parent. A department of 20 solutions
took three frames to settle after a jump. `BlockView` is one Line API widget instead: a
block's height comes from its text's cell width when it fits on one line, and from the RTL
engine's line count (wrapping without reordering) when it does not; a block is drawn only
when `render_line` asks for one of its lines, and the drawn lines are kept per block, style
and width, so a block that survives a change is not drawn again. Only the scrollbar learns
the new height: nothing else is laid out.

Subclasses say how each block is styled (`block_style`): the list of departments, the theme
panel, the search results and the detail pane are all `BlockView`s.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable

from rich.segment import Segment
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from tui.widgets.rtl_text import BidiBlock

STRIP_CACHE_SIZE = 1024
"""Drawn blocks kept (a screenful is ~40; the rest serve blocks that come back)."""


def text_cells(prompt: BidiBlock, width: int) -> int:
    """The cells a block's text is laid out in, on a line of `width`.

    For a terminal that reorders rows itself each line ends with the PDI that closes its
    isolate, a zero-width character; at the very edge of a scrolling widget Textual crops
    it away, and the row then runs into the next pane (seen in Konsole). So there the text
    stops one cell short and a blank cell follows the PDI.
    """
    return width - 1 if prompt.context.mode == "terminal" and width > 1 else width


_HEIGHTS: dict[tuple[Hashable, int], int] = {}
HEIGHT_CACHE_SIZE = 16384


class Block:
    """One block of a `BlockView` (compared by identity: reuse a Block to reuse its drawing).

    `prompt` is the text, or a function that makes it when it is first needed (a list of
    1,000 rows builds only the rows its first frame shows). `kind` says what the block is:
    by default the component classes it is drawn with (space-separated), though a view may
    map it (the detail pane does); `gap` is the blank lines above it.
    `height_key`, if given, says that blocks with equal keys wrap alike at every width (a
    department row whose count changed but kept its length): such a block is measured once,
    and not built at all until it is drawn.
    """

    __slots__ = ("_make", "_prompt", "disabled", "gap", "height_key", "id", "kind")

    def __init__(
        self,
        prompt: BidiBlock | Callable[[], BidiBlock],
        id: str | None = None,
        *,
        disabled: bool = False,
        kind: str = "",
        gap: int = 0,
        height_key: Hashable | None = None,
    ) -> None:
        self._prompt = prompt if isinstance(prompt, BidiBlock) else None
        self._make = None if isinstance(prompt, BidiBlock) else prompt
        self.id = id
        self.disabled = disabled
        self.kind = kind
        self.gap = gap
        self.height_key = height_key

    @property
    def prompt(self) -> BidiBlock:
        """The block's text, laid out on demand."""
        if self._prompt is None:
            assert self._make is not None
            self._prompt, self._make = self._make(), None
        return self._prompt

    def height(self, width: int, *, drawn: bool = False) -> int:
        """Lines the prompt takes at `width` cells. `drawn`: the block is about to be drawn,
        so it is laid out now and its lines counted (counting apart would shape and wrap
        the text twice); otherwise they are counted without laying it out."""
        if self.height_key is None:
            return self._count(width, drawn)
        key = (self.height_key, width)
        height = _HEIGHTS.get(key)
        if height is None:
            if len(_HEIGHTS) >= HEIGHT_CACHE_SIZE:
                _HEIGHTS.clear()
            height = _HEIGHTS[key] = self._count(width, drawn)
        return height

    def _count(self, width: int, drawn: bool) -> int:
        prompt = self.prompt
        cells = text_cells(prompt, width)
        return len(prompt.lines(cells)) if drawn else prompt.line_count(cells)


class BlockView(ScrollView):
    """Blocks of text in a column; subclasses pick each block's style."""

    DEFAULT_CSS = """
    BlockView {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, disabled: bool = False
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self._blocks: list[Block] = []
        self._index_of: dict[str, int] = {}
        self._starts: list[int] = []  # first line of each block measured at `_layout_width`
        self._heights: list[int] = []  # and its height
        self._measured_end = 0  # the line after the last block measured
        self._layout_width = -1
        self._painted = False  # whether a frame has drawn this view yet
        self._strips: dict[tuple[Block, VisualStyle, int], list[Strip]] = {}

    @property
    def blocks(self) -> list[Block]:
        """The blocks shown (do not mutate; use `set_blocks`)."""
        return self._blocks

    def index_of(self, block_id: str) -> int | None:
        """The index of the block with id `block_id`, if it is shown."""
        return self._index_of.get(block_id)

    def set_blocks(self, blocks: list[Block]) -> None:
        """Show `blocks`, relaying the column out (only the scrollbar learns of it)."""
        self._blocks = blocks
        self._index_of = {b.id: i for i, b in enumerate(blocks) if b.id is not None}
        self._layout_width = -1
        if len(self._strips) > STRIP_CACHE_SIZE:
            self._strips.clear()
        self._update_layout()
        # Only a view sized by its content changes the screen's layout.
        height = self.styles.height
        self.refresh(layout=height is None or height.is_auto)

    # -- geometry ------------------------------------------------------------------------------

    def _update_layout(self) -> bool:
        """Start measuring again if the width changed; False before the first layout.

        Before the view's first frame only the blocks down to its bottom are measured; the
        rest are measured once the frame is out (so a long list does not delay it), the
        scrollbar meanwhile counting a line for each. After that everything is measured at
        once, so a change settles in one frame.
        """
        width = self.scrollable_content_region.width
        if width <= 0:
            return False
        if width != self._layout_width:
            if self._layout_width > 0:
                # A scrollbar came or went without the widget changing size: Textual would
                # keep the lines it drew at the old width (the theme panel's highlighted row
                # was drawn two cells off, its check box cut away).
                self.refresh()
            self._layout_width = width
            self._starts, self._heights, self._measured_end = [], [], 0
            if self._painted:  # later changes: measure now, so one frame shows all of it
                self._measure(index=len(self._blocks))
            else:
                self._measure(line=self.scroll_offset.y + self.size.height)
                if len(self._starts) < len(self._blocks):
                    self.call_after_refresh(self._measure_all)
        return True

    def _measure_all(self) -> None:
        if self._update_layout():
            self._measure(index=len(self._blocks))

    def _measure(self, *, index: int = -1, line: int = -1) -> None:
        """Measure blocks until block `index` is measured and line `line` is reached (blocks
        measured to reach a line on screen are laid out: they are drawn next)."""
        blocks, starts, heights = self._blocks, self._starts, self._heights
        measured, end, width = len(starts), self._measured_end, self._layout_width
        if measured == len(blocks) or (measured > index and end > line):
            return
        while measured < len(blocks) and (measured <= index or end <= line):
            block = blocks[measured]
            starts.append(end + block.gap)
            heights.append(block.height(width, drawn=line >= 0))
            end = starts[-1] + heights[-1]
            measured += 1
        self._measured_end = end
        total = end + sum(block.gap + 1 for block in blocks[measured:])
        size = Size(width, total)
        if self.virtual_size != size:
            # As Textual does when a widget's size changes without a layout: only the
            # scrollbars follow (one appearing or going still relays the screen out).
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def block_lines(self, index: int) -> tuple[int, int] | None:
        """First line and height of block `index` in the column; None before layout."""
        if not self._update_layout() or not 0 <= index < len(self._blocks):
            return None
        self._measure(index=index)
        return self._starts[index], self._heights[index]

    def block_at(self, line: int) -> int | None:
        """The block drawn on `line` of the column (None in a gap or past the end)."""
        if not self._update_layout() or line < 0:
            return None
        self._measure(line=line)
        index = bisect_right(self._starts, line) - 1
        if index < 0 or line - self._starts[index] >= self._heights[index]:
            return None
        return index

    def block_under(self, event: events.MouseEvent) -> int | None:
        """The block under the mouse."""
        offset = event.get_content_offset(self)
        return None if offset is None else self.block_at(offset.y + self.scroll_offset.y)

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
            base = style.rich_style
            add = base.__add__
            cells = text_cells(block.prompt, width)
            edge = [Segment(" " * (width - cells), base)] if cells < width else []
            strips = self._strips[key] = [
                Strip(
                    [Segment(text, add(own), control) for text, own, control in row] + edge,
                    width,
                )
                for row in block.prompt.rows(self.app.console, cells)
            ]
        return strips

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: a line of the block there, or blank."""
        width = self.scrollable_content_region.width
        line = y + self.scroll_offset.y
        index = self.block_at(line)
        self._painted = True  # after `block_at`: the first frame measures only what it shows
        if index is not None:
            strips = self._drawn(self._blocks[index], self.block_style(index), width)
            offset = line - self._starts[index]
            if offset < len(strips):
                return strips[offset]
        return Strip.blank(width, self.get_visual_style().rich_style)
