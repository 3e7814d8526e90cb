"""The reader's pins with their citations (`export --pins`): Markdown in one language, JSON
with both. A pin whose department or solution is gone stays in the export, said to be
missing, with its note.
"""

from __future__ import annotations

from typing import Any

from tui.citation import citation_record, cite
from tui.exports.markdown import escape_markdown
from tui.i18n import ui
from tui.model import Lang, Store
from tui.pins import Pin, PinCheck, check


def _status_line(pin: Pin, found: PinCheck, lang: Lang) -> str:
    """What became of the pinned text, in words ("" when it is where it was)."""
    if found.status == "ok":
        return ""
    now = None if found.solution is None else found.solution + 1
    return ui(
        f"pins.status.{found.status}",
        lang,
        was=pin.solution + 1,
        n=now,
        department=pin.department,
    )


def _pin_markdown(store: Store, number: int, pin: Pin, lang: Lang) -> list[str]:
    """One pin: a heading, what became of it, its citation, its note."""
    found = check(store, pin)
    department = store.department(pin.department)
    name = department.name.get(lang) if department else pin.department
    shown = pin.solution if found.solution is None else found.solution
    heading = ui("pins.heading", lang, department=name, n=shown + 1)
    lines = [f"## {number}. {escape_markdown(heading)}", ""]
    status = _status_line(pin, found, lang)
    if status:
        lines += [f"*{escape_markdown(status)}*", ""]
    if department is not None and found.solution is not None:
        lines += [cite(store, department.id, found.solution, lang, "markdown"), ""]
    if pin.note:
        lines += [f"**{ui('pins.note', lang)}:** {escape_markdown(pin.note)}", ""]
    return lines


def pins_markdown(store: Store, pins: tuple[Pin, ...], lang: Lang) -> str:
    """`export --pins --format markdown`: every pin, in the order pinned."""
    lines = [f"# {ui('pins.title', lang)}", ""]
    if not pins:
        lines += [ui("pins.empty", lang), ""]
    for number, pin in enumerate(pins, 1):
        lines += _pin_markdown(store, number, pin, lang)
    return "\n".join(lines).rstrip("\n") + "\n"


def pin_record(store: Store, pin: Pin) -> dict[str, Any]:
    """One pin as data: what the file holds, what became of it, and its citation in each of
    the store's languages (null when its text is gone)."""
    found = check(store, pin)
    department = store.department(pin.department)
    citations = None
    if department is not None and found.solution is not None:
        citations = {
            lang: citation_record(store, department.id, found.solution, lang)
            for lang in store.languages
        }
    return {
        "id": pin.id,
        "department": pin.department,
        "solution": pin.solution + 1,
        "text_hash": pin.text_hash,
        "note": pin.note,
        "pinned": pin.pinned.isoformat() if pin.pinned else None,
        "status": found.status,
        "now": None if found.solution is None else found.solution + 1,
        "citation": citations,
    }


def pins_record(store: Store, pins: tuple[Pin, ...]) -> dict[str, Any]:
    """`export --pins --format json`: every pin, with how many are missing."""
    records = [pin_record(store, pin) for pin in pins]
    return {
        "pin_count": len(records),
        "missing_count": sum(r["status"].startswith("missing") for r in records),
        "pins": records,
    }
