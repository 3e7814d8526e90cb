"""The only module that calls ICU: paragraph levels (ubidi), the Arabic shaper, and where
user-perceived characters end (UAX #29 grapheme clusters).

ICU comes from the pyicu-wheels package. Its Python extension (`import icu`) costs memory
and start-up time (figures: docs/performance.md), while the two C entry points the engine
needs sit in the libicuuc that the same wheel ships. So the engine calls those through
ctypes, and falls back to the `icu` module when the library cannot be found (another layout
of the wheel, another platform). Both paths run the same ICU code; a test checks they agree.
Nothing is loaded before the first call.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.rtl._icu_ctypes import CtypesICU

SHAPE_OPTIONS = 8  # U_SHAPE_LETTERS_SHAPE | U_SHAPE_LAMALEF_RESIZE (0) | TEXT_DIRECTION_LOGICAL (0)
DEFAULT_LTR = 0xFE  # UBIDI_DEFAULT_LTR: the paragraph level from the first strong character


def shared_libraries(folder: Path, stem: str) -> list[Path]:
    """The files in `folder` named `stem*.so*`, sorted. A directory listing, not a glob: the
    glob's patterns take time to compile, on the way to the first Arabic frame."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(folder / name for name in names if name.startswith(stem) and ".so" in name)


def _find_libicuuc() -> tuple[Path, str] | None:
    """pyicu-wheels' own libicuuc and its version suffix (symbols are named ubidi_open_77).

    The wheel puts its libraries in `pyicu_wheels.libs` beside the `icu` package; the first
    folder on the import path that has them is the one `import icu` would use. (Asking
    importlib for icu's spec found the same folder, more slowly.)
    """
    for entry in sys.path:
        for path in shared_libraries(Path(entry or ".") / "pyicu_wheels.libs", "libicuuc"):
            version = path.name.partition(".so.")[2].partition(".")[0]
            if version.isdigit():
                return path, version
    return None


class _PyICU:
    """The same calls through the PyICU extension (the fallback)."""

    def __init__(self) -> None:
        import icu  # type: ignore[import-untyped]

        self.icu = icu
        self.version = str(icu.ICU_VERSION)

    def levels(self, text: str, para_level: int) -> tuple[bytes, int]:
        bidi = self.icu.Bidi()
        ustr = self.icu.UnicodeString(text)  # ICU keeps a pointer into it: hold it meanwhile
        bidi.setPara(ustr, para_level)
        return bytes(bidi.getLevels()), int(bidi.getParaLevel())

    def shape(self, text: str) -> str:
        return str(self.icu.Shape.shapeArabic(text, SHAPE_OPTIONS))

    def grapheme_ends(self, text: str) -> list[int]:
        breaks = self.icu.BreakIterator.createCharacterInstance(self.icu.Locale.getRoot())
        breaks.setText(self.icu.UnicodeString(text))
        return [int(end) for end in breaks]  # iterating gives each boundary after 0


def _load() -> CtypesICU | _PyICU:
    found = _find_libicuuc()
    if found is not None:
        from tui.rtl._icu_ctypes import CtypesICU

        path, version = found
        try:
            # libicuuc needs the data library beside it but carries no search path for it
            data = shared_libraries(path.parent, "libicudata")
            return CtypesICU(path, version, data, SHAPE_OPTIONS)
        except (OSError, AttributeError):
            pass
    return _PyICU()


_loaded: CtypesICU | _PyICU | None = None
_loading = threading.Lock()


def backend() -> CtypesICU | _PyICU:
    """ICU, loaded by the first call (which takes time, most of it the dynamic loader's):
    English text never needs it. (Loading it in a thread while Textual is imported gained
    nothing measurable: the thread's Python work and GIL hand-overs cost what the loader
    saved.)"""
    global _loaded
    if _loaded is None:
        with _loading:
            if _loaded is None:
                _loaded = _load()
    return _loaded


def shape(text: str) -> str:
    """Run ICU's Arabic shaper (logical order, lam-alef ligatures shrink the text)."""
    return backend().shape(text)


def levels(text: str, para_level: int) -> tuple[bytes, int]:
    """Resolve a paragraph's embedding levels (one per UTF-16 unit) and its paragraph level."""
    return backend().levels(text, para_level)


def grapheme_ends(text: str) -> list[int]:
    """Where each user-perceived character of `text` ends (code point offsets, UAX #29):
    a letter with its marks, an emoji sequence joined by ZWJ; a ZWJ before a space or a
    letter of another script joins nothing."""
    ends = backend().grapheme_ends(text)
    if text.isascii() or max(text) <= "\uffff":
        return ends
    # ICU counts UTF-16 units: map them to code points (astral characters take two)
    units_to_points, unit = {}, 0
    for point, char in enumerate(text):
        units_to_points[unit] = point
        unit += 2 if char > "\uffff" else 1
    units_to_points[unit] = len(text)
    return [units_to_points[end] for end in ends]
