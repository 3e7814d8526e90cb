"""A list of laid-out rows with a highlight: the department list and the theme panel.

Textual's OptionList measures every option each time its options change (it renders each
one to learn its height), so narrowing a long list of departments was slow (figures:
docs/performance.md). `BidiList` is a `BlockView`: rows are measured cheaply and drawn only
when on screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.style import Style as VisualStyle

from tui.widgets.block_view import Block, BlockView

Item = Block
"""A row of a `BidiList`."""


class BidiList(BlockView, can_focus=True):
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
        self._highlighted: int | None = None
        self._hover: int | None = None

    # -- contents ------------------------------------------------------------------------------

    @property
    def items(self) -> list[Item]:
        """The items listed (do not mutate; use `set_items`)."""
        return self._blocks

    @property
    def item_count(self) -> int:
        """How many items are listed."""
        return len(self._blocks)

    @property
    def ids(self) -> list[str | None]:
        """The listed items' ids, in order."""
        return [item.id for item in self._blocks]

    def set_items(self, items: list[Item], highlight: int | None = None) -> None:
        """List `items` and highlight one (posting no Highlighted message)."""
        self._hover = None
        self._blocks = items  # `_enabled` looks at the new items
        self._highlighted = self._enabled(highlight)
        self.set_blocks(items)
        self.scroll_to_highlight()

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
        return None if self._highlighted is None else self._blocks[self._highlighted]

    def move_highlight(self, index: int | None, *, notify: bool = True) -> None:
        """Highlight the item at `index` (clamped; disabled items are skipped)."""
        new = self._enabled(index)
        old, self._highlighted = self._highlighted, new
        if new == old:
            return
        self.refresh_block(old)
        self.refresh_block(new)
        self.scroll_to_highlight()
        if notify and new is not None:
            self.post_message(BidiList.Highlighted(self, self._blocks[new], new))

    def _enabled(self, index: int | None, step: int = 1) -> int | None:
        """`index` clamped to the list, moved by `step` past disabled items."""
        if index is None or not self._blocks:
            return None
        index = max(0, min(index, len(self._blocks) - 1))
        for direction in (step, -step):
            probe = index
            while 0 <= probe < len(self._blocks):
                if not self._blocks[probe].disabled:
                    return probe
                probe += direction
        return None

    def scroll_to_highlight(self) -> None:
        """Scroll so that the highlighted item is in view."""
        if self._highlighted is not None:
            self.scroll_to_block(self._highlighted)

    # -- actions -------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Highlight the next enabled item."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """Highlight the previous enabled item."""
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._highlighted is None:
            self.move_highlight(0 if step > 0 else len(self._blocks) - 1)
            return
        probe = self._highlighted + step
        while 0 <= probe < len(self._blocks):
            if not self._blocks[probe].disabled:
                self.move_highlight(probe)
                return
            probe += step

    def action_first(self) -> None:
        """Highlight the first enabled item."""
        self.move_highlight(0)

    def action_last(self) -> None:
        """Highlight the last enabled item."""
        if self._blocks:
            self.move_highlight(self._enabled(len(self._blocks) - 1, -1))

    def _page(self, step: int) -> None:
        where = None if self._highlighted is None else self.block_lines(self._highlighted)
        if where is None:
            self.action_first() if step > 0 else self.action_last()
            return
        page = max(1, self.scrollable_content_region.height)
        line = max(0, where[0] + step * page)
        target = self.block_at(line)
        while target is None and line > 0:  # past the end, or in a gap: the row above
            line -= 1
            target = self.block_at(line)
        self.move_highlight(self._enabled(target, step))

    def action_page_down(self) -> None:
        """Move the highlight down a screenful."""
        self._page(1)

    def action_page_up(self) -> None:
        """Move the highlight up a screenful."""
        self._page(-1)

    def action_select(self) -> None:
        """Choose the highlighted item."""
        index = self._highlighted
        if index is not None and not self._blocks[index].disabled:
            self.post_message(BidiList.Selected(self, self._blocks[index], index))

    # -- mouse ---------------------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        index = self.block_under(event)
        if index is not None and not self._blocks[index].disabled:
            self.move_highlight(index)
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        index = self.block_under(event)
        if index != self._hover:
            old, self._hover = self._hover, index
            self.refresh_block(old)
            self.refresh_block(index)

    def _on_leave(self, event: events.Leave) -> None:
        old, self._hover = self._hover, None
        self.refresh_block(old)

    # -- layout and style --------------------------------------------------------------------

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        self.scroll_to_highlight()

    def _on_show(self, event: events.Show) -> None:
        self.scroll_to_highlight()

    def block_style(self, index: int) -> VisualStyle:
        """Disabled, highlighted, hovered or plain."""
        item = self._blocks[index]
        if item.disabled:
            return self.get_visual_style("bidi-list--item", "bidi-list--disabled")
        if index == self._highlighted:
            return self.get_visual_style("bidi-list--item", "bidi-list--highlighted")
        if index == self._hover:
            return self.get_visual_style("bidi-list--item", "bidi-list--hover")
        return self.get_visual_style("bidi-list--item")
