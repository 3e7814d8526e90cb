"""A virtual list of laid-out rows: only the rows on screen are ever drawn.

Textual's OptionList measures every option each time its options change (it renders each
one to learn its height), so narrowing a list of 1,000 departments cost 300 ms. `BidiList`
is a Line API widget instead. A row's height comes from its text's cell width when it fits
on one line (nearly always, and cheap), and from the RTL engine's line count (wrapping
without reordering) when it does not. A row is drawn, with the styles OptionList would give
it, only when `render_line` asks for one of its lines; the drawn lines are kept per item,
style and width, so an item that survives a change is not drawn again.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from tui.widgets.rtl_text import BidiBlock

STRIP_CACHE_SIZE = 1024
"""Drawn items kept (a screenful is ~40; the rest serve items that come back)."""


@dataclass(frozen=True, slots=True, eq=False)
class Item:
    """One row of a `BidiList` (compared by identity: reuse an Item to reuse its drawing)."""

    prompt: BidiBlock
    id: str | None = None
    disabled: bool = False

    def height(self, width: int) -> int:
        """Lines the prompt takes at `width` cells."""
        return self.prompt.line_count(width)


class BidiList(ScrollView, can_focus=True):
    """A keyboard- and mouse-driven list of `Item`s, drawn one visible line at a time."""

    DEFAULT_CSS = """
    BidiList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .bidi-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .bidi-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .bidi-list--disabled { color: $text-disabled; }
        & > .bidi-list--hover { background: $block-hover-background; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bidi-list--item",
        "bidi-list--highlighted",
        "bidi-list--disabled",
        "bidi-list--hover",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    class _ItemMessage(Message):
        def __init__(self, bidi_list: BidiList, item: Item, index: int) -> None:
            self.bidi_list = bidi_list
            self.item = item
            self.index = index
            super().__init__()

        @property
        def control(self) -> BidiList:
            """The list (for `@on(..., selector)`)."""
            return self.bidi_list

    class Highlighted(_ItemMessage):
        """The highlight moved to an item."""

    class Selected(_ItemMessage):
        """Enter or a click on an enabled item."""

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, disabled: bool = False
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self._items: list[Item] = []
        self._index_of: dict[str, int] = {}
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._starts: list[int] = []  # first line of each item at `_layout_width`
        self._total = 0
        self._layout_width = -1
        self._strips: dict[tuple[Item, VisualStyle, int], list[Strip]] = {}

    # -- contents ------------------------------------------------------------------------------

    @property
    def items(self) -> list[Item]:
        """The items listed (do not mutate; use `set_items`)."""
        return self._items

    @property
    def item_count(self) -> int:
        """How many items are listed."""
        return len(self._items)

    @property
    def ids(self) -> list[str | None]:
        """The listed items' ids, in order."""
        return [item.id for item in self._items]

    def set_items(self, items: list[Item], highlight: int | None = None) -> None:
        """List `items` and highlight one (posting no Highlighted message)."""
        self._items = items
        self._index_of = {item.id: i for i, item in enumerate(items) if item.id is not None}
        self._hover = None
        self._layout_width = -1
        self._highlighted = self._enabled(highlight)
        if len(self._strips) > STRIP_CACHE_SIZE:
            self._strips.clear()
        self._update_layout()
        # Only a list sized by its content changes the layout; the scrollbar follows
        # `virtual_size` either way.
        height = self.styles.height
        self.refresh(layout=height is None or height.is_auto)
        self.scroll_to_highlight()

    def index_of(self, item_id: str) -> int | None:
        """The index of the item with id `item_id`, if it is listed."""
        return self._index_of.get(item_id)

    # -- highlight -----------------------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        """The highlighted item's index."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        self.move_highlight(index)

    @property
    def highlighted_item(self) -> Item | None:
        """The highlighted item, if any."""
        return None if self._highlighted is None else self._items[self._highlighted]

    def move_highlight(self, index: int | None, *, notify: bool = True) -> None:
        """Highlight the item at `index` (clamped; disabled items are skipped)."""
        new = self._enabled(index)
        old, self._highlighted = self._highlighted, new
        if new == old:
            return
        self._refresh_item(old)
        self._refresh_item(new)
        self.scroll_to_highlight()
        if notify and new is not None:
            self.post_message(BidiList.Highlighted(self, self._items[new], new))

    def _enabled(self, index: int | None, step: int = 1) -> int | None:
        """`index` clamped to the list, moved by `step` past disabled items."""
        if index is None or not self._items:
            return None
        index = max(0, min(index, len(self._items) - 1))
        for direction in (step, -step):
            probe = index
            while 0 <= probe < len(self._items):
                if not self._items[probe].disabled:
                    return probe
                probe += direction
        return None

    def scroll_to_highlight(self) -> None:
        """Scroll so that the highlighted item is in view."""
        index = self._highlighted
        if index is None or not self._update_layout():
            return
        top = self._starts[index]
        height = self._items[index].height(self._layout_width)
        self.scroll_to_region(
            Region(0, top, self._layout_width, height), animate=False, force=True, immediate=True
        )

    # -- actions -------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Highlight the next enabled item."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """Highlight the previous enabled item."""
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._highlighted is None:
            self.move_highlight(0 if step > 0 else len(self._items) - 1)
            return
        probe = self._highlighted + step
        while 0 <= probe < len(self._items):
            if not self._items[probe].disabled:
                self.move_highlight(probe)
                return
            probe += step

    def action_first(self) -> None:
        """Highlight the first enabled item."""
        self.move_highlight(0)

    def action_last(self) -> None:
        """Highlight the last enabled item."""
        if self._items:
            self.move_highlight(self._enabled(len(self._items) - 1, -1))

    def _page(self, step: int) -> None:
        if self._highlighted is None or not self._update_layout():
            self.action_first() if step > 0 else self.action_last()
            return
        page = max(1, self.scrollable_content_region.height)
        line = self._starts[self._highlighted] + step * page
        line = max(0, min(line, self._total - 1))
        self.move_highlight(self._enabled(self._item_at(line), step))

    def action_page_down(self) -> None:
        """Move the highlight down a screenful."""
        self._page(1)

    def action_page_up(self) -> None:
        """Move the highlight up a screenful."""
        self._page(-1)

    def action_select(self) -> None:
        """Choose the highlighted item."""
        index = self._highlighted
        if index is not None and not self._items[index].disabled:
            self.post_message(BidiList.Selected(self, self._items[index], index))

    # -- mouse ---------------------------------------------------------------------------------

    def _item_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not self._update_layout():
            return None
        line = offset.y + self.scroll_offset.y
        return self._item_at(line) if 0 <= line < self._total else None

    async def _on_click(self, event: events.Click) -> None:
        index = self._item_under(event)
        if index is not None and not self._items[index].disabled:
            self.move_highlight(index)
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._item_under(event)
        if index != self._hover:
            old, self._hover = self._hover, index
            self._refresh_item(old)
            self._refresh_item(index)

    def _on_leave(self, event: events.Leave) -> None:
        old, self._hover = self._hover, None
        self._refresh_item(old)

    # -- layout and drawing --------------------------------------------------------------------

    def _text_width(self) -> int:
        return self.scrollable_content_region.width

    def _update_layout(self) -> bool:
        """Recount the items' lines if the width changed; False before the first layout."""
        width = self._text_width()
        if width <= 0:
            return False
        if width != self._layout_width:
            starts = []
            total = 0
            for item in self._items:
                starts.append(total)
                total += item.height(width)
            self._starts, self._total, self._layout_width = starts, total, width
            if self.virtual_size != Size(width, total):
                self.virtual_size = Size(width, total)
        return True

    def _item_at(self, line: int) -> int:
        return bisect_right(self._starts, line) - 1

    def _refresh_item(self, index: int | None) -> None:
        if index is None or index >= len(self._items) or not self._update_layout():
            return
        top = self._starts[index] - self.scroll_offset.y
        height = self._items[index].height(self._layout_width)
        self.refresh(Region(0, top, self.size.width, height))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """All the items' lines (for `height: auto`)."""
        return sum(item.height(width) for item in self._items)

    def notify_style_update(self) -> None:
        """A theme or focus change restyles every line."""
        super().notify_style_update()
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._update_layout()
        self.scroll_to_highlight()

    def _on_show(self, event: events.Show) -> None:
        self.scroll_to_highlight()

    def _style_of(self, index: int) -> VisualStyle:
        item = self._items[index]
        if item.disabled:
            return self.get_visual_style("bidi-list--item", "bidi-list--disabled")
        if index == self._highlighted:
            return self.get_visual_style("bidi-list--item", "bidi-list--highlighted")
        if index == self._hover:
            return self.get_visual_style("bidi-list--item", "bidi-list--hover")
        return self.get_visual_style("bidi-list--item")

    def _drawn(self, item: Item, style: VisualStyle, width: int) -> list[Strip]:
        """The item's lines at `width` in `style`, as Textual would draw the prompt (its
        styles over the widget's), built straight from the laid-out rows."""
        key = (item, style, width)
        strips = self._strips.get(key)
        if strips is None:
            base = style.rich_style
            add = base.__add__
            strips = self._strips[key] = [
                Strip([Segment(text, add(own), control) for text, own, control in row], width)
                for row in item.prompt.rows(self.app.console, width)
            ]
        return strips

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: a line of the item there, or blank below the last."""
        width = self._text_width()
        line = y + self.scroll_offset.y
        if self._update_layout() and 0 <= line < self._total:
            index = self._item_at(line)
            strips = self._drawn(self._items[index], self._style_of(index), width)
            offset = line - self._starts[index]
            if offset < len(strips):
                return strips[offset]
        return Strip.blank(width, self.get_visual_style("bidi-list--item").rich_style)
