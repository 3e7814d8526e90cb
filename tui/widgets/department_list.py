"""The list of departments: key, name and (matching) solution count per row."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model import Lang
from tui.rtl.chars import content_piece
from tui.selection import Row
from tui.widgets.rtl_text import BidiBlock, BidiContext


class DepartmentList(OptionList):
    """An OptionList of departments (OptionList stays fast with thousands of rows)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row_options: dict[tuple[object, ...], Option] = {}

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

    def show(self, rows: list[Row], lang: Lang, context: BidiContext, filtered: bool) -> None:
        """Replace the rows, keeping the highlighted department where it is still listed."""
        current = self.highlighted_id
        # Reuse the Option of a row that looks the same: its laid-out lines are kept with it,
        # so narrowing a list of thousands does not lay every row out again.
        cache, self._row_options = self._row_options, {}
        options = []
        for row in rows:
            d = row.department
            key = (d.id, d.key, d.name.get(lang), row.count, row.total, filtered, lang, context)
            option = cache.get(key) or Option(
                self._prompt(row, lang, context, filtered), id=row.department.id
            )
            self._row_options[key] = option
            options.append(option)
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(options)
            ids = [row.department.id for row in rows]
            if current in ids:
                self.highlighted = ids.index(current)
            elif ids:
                self.highlighted = 0
        if self.highlighted_id != current and self.highlighted_id is not None:
            self.post_message(self.Highlighted(self.highlighted_id))

    @staticmethod
    def _prompt(row: Row, lang: Lang, context: BidiContext, filtered: bool) -> BidiBlock:
        count = f"{row.count}/{row.total}" if filtered else str(row.count)
        text = Text()
        text.append(f"{row.department.key}", style="bold")
        text.append("  ")
        text.append(content_piece(row.department.name.get(lang)))
        text.append("  ")
        text.append(f"({count})", style="dim")
        return BidiBlock(text, context, base=context.base)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted department, if any."""
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id

    def select_id(self, department_id: str) -> bool:
        """Highlight a department by id; False when it is not listed."""
        try:
            self.highlighted = self.get_option_index(department_id)
        except Exception:  # OptionDoesNotExist; the department is filtered out
            return False
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Tell the screen which department is highlighted."""
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Highlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Tell the screen a department was chosen."""
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
