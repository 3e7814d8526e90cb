"""The list of departments: key, name and (matching) solution count per row."""

from __future__ import annotations

from functools import partial

from rich.text import Span, Text
from textual import on
from textual.message import Message

from tui.model import Lang
from tui.rtl.chars import content_piece
from tui.selection import Row
from tui.widgets.bidi_list import BidiList, Item
from tui.widgets.rtl_text import BidiBlock, BidiContext


class DepartmentList(BidiList):
    """The departments, one row each (a virtual list: thousands of rows cost nothing)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row_items: dict[tuple[object, ...], Item] = {}

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

    ITEM_CACHE_SIZE = 4096
    """Rows kept with their drawing: a filter toggled back redraws nothing."""

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
        cache = self._row_items
        if len(cache) + len(rows) > self.ITEM_CACHE_SIZE:
            cache.clear()
        items = []
        for row in rows:
            d = row.department
            name = d.name.get(lang)
            count = self._count(row, filtered)
            key = (d.id, d.key, name, count, lang, context)
            item = cache.get(key)
            if item is None:  # its text is made when the row is first drawn
                item = cache[key] = Item(
                    partial(self._prompt, d.key, name, count, context),
                    d.id,
                    # a count of the same length wraps the row the same way
                    height_key=(d.key, name, len(count), context),
                )
            items.append(item)
        index = self.index_of(current) if current is not None else None
        self.set_items(items, highlight=index if index is not None or keep else 0)
        if self.highlighted_id != current and self.highlighted_id is not None:
            self.post_message(self.Highlighted(self.highlighted_id))

    @staticmethod
    def _count(row: Row, filtered: bool) -> str:
        return f"({row.shown}/{row.total})" if filtered else f"({row.shown})"

    @staticmethod
    def _prompt(key: str, name: str, count: str, context: BidiContext) -> BidiBlock:
        """`key  name  (count)`: the key bold, the count dim (built in one go: 1,000 rows);
        a wrapped name continues under itself, not under the key (a hanging indent)."""
        plain = f"{content_piece(name)}  {count}"
        spans = [Span(len(plain) - len(count), len(plain), "dim")]
        lead = Text(f"{key}  ", spans=[Span(0, len(key), "bold")])
        return BidiBlock(
            Text(plain, spans=spans), context, base=context.base, copy=False, hang=lead
        )

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted department, if any."""
        item = self.highlighted_item
        return None if item is None else item.id

    def select_id(self, department_id: str) -> bool:
        """Highlight a department by id; False when it is not listed."""
        index = self.index_of(department_id)
        if index is None:
            return False
        self.highlighted = index
        return True

    @on(BidiList.Highlighted)
    def _item_highlighted(self, event: BidiList.Highlighted) -> None:
        event.stop()
        if event.item.id is not None:
            self.post_message(self.Highlighted(event.item.id))

    @on(BidiList.Selected)
    def _item_selected(self, event: BidiList.Selected) -> None:
        event.stop()
        if event.item.id is not None:
            self.post_message(self.Chosen(event.item.id))
