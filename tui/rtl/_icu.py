"""The only module that calls ICU: paragraph levels (ubidi) and the Arabic shaper.

ICU comes from the pyicu-wheels package. Its Python extension (`import icu`) costs about
11 MiB and 10-20 ms at start-up, while the two C entry points the engine needs sit in the
libicuuc that the same wheel ships. So the engine calls those through ctypes, and falls back
to the `icu` module when the library cannot be found (another layout of the wheel, another
platform). Both paths run the same ICU code; a test checks they agree.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Callable
from pathlib import Path

SHAPE_OPTIONS = 8  # U_SHAPE_LETTERS_SHAPE | U_SHAPE_LAMALEF_RESIZE (0) | TEXT_DIRECTION_LOGICAL (0)
DEFAULT_LTR = 0xFE  # UBIDI_DEFAULT_LTR: the paragraph level from the first strong character


def _find_libicuuc() -> tuple[Path, str] | None:
    """pyicu-wheels' own libicuuc and its version suffix (symbols are named ubidi_open_77)."""
    import importlib.util

    spec = importlib.util.find_spec("icu")
    if spec is None or not spec.submodule_search_locations:
        return None
    site = Path(next(iter(spec.submodule_search_locations))).parent
    for path in sorted(site.glob("pyicu_wheels.libs/libicuuc*.so*")):
        match = re.search(r"\.so\.(\d+)", path.name)
        if match:
            return path, match.group(1)
    return None


class _CtypesICU:
    """ubidi_* and u_shapeArabic from libicuuc, called directly."""

    def __init__(self, path: Path, version: str) -> None:
        # libicuuc needs the data library beside it but carries no search path for it:
        # load that first, by its full path, so the dynamic loader finds it by name.
        for data in path.parent.glob("libicudata*.so*"):
            ctypes.CDLL(str(data), mode=ctypes.RTLD_GLOBAL)
        # PyDLL keeps the GIL for the call: these calls take microseconds, and releasing the
        # GIL meant waiting up to a switch interval to get it back whenever another thread
        # (the search index build) was busy: 0.5 ms per call instead of 2 µs.
        lib = ctypes.PyDLL(str(path))

        def fn(name: str, restype: object, *argtypes: object) -> Callable[..., object]:
            func = getattr(lib, f"{name}_{version}")
            func.restype = restype
            func.argtypes = argtypes
            return func  # type: ignore[no-any-return]

        err = ctypes.POINTER(ctypes.c_int)
        self.open = fn("ubidi_open", ctypes.c_void_p)
        self.set_para = fn(
            "ubidi_setPara",
            None,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int32,
            ctypes.c_uint8,
            ctypes.c_void_p,
            err,
        )
        self.get_levels = fn(
            "ubidi_getLevels", ctypes.POINTER(ctypes.c_uint8), ctypes.c_void_p, err
        )
        self.get_para_level = fn("ubidi_getParaLevel", ctypes.c_uint8, ctypes.c_void_p)
        self.shape_arabic = fn(
            "u_shapeArabic",
            ctypes.c_int32,
            ctypes.c_char_p,
            ctypes.c_int32,
            ctypes.c_char_p,
            ctypes.c_int32,
            ctypes.c_uint32,
            err,
        )
        self.version = version
        self._bidi = self.open()
        self._out = ctypes.create_string_buffer(512)
        self._lock = threading.Lock()

    def levels(self, text: str, para_level: int) -> tuple[bytes, int]:
        units = text.encode("utf-16-le", "surrogatepass")
        count = len(units) // 2
        status = ctypes.c_int(0)
        with self._lock:  # one UBiDi object, reused: ubidi_setPara resets it
            bidi = self._bidi
            self.set_para(bidi, units, count, para_level, None, ctypes.byref(status))
            if status.value > 0:
                raise RuntimeError(f"ICU ubidi_setPara failed ({status.value})")
            levels = b""
            if count:  # ICU refuses to hand out the levels of an empty paragraph
                pointer = self.get_levels(bidi, ctypes.byref(status))
                if status.value > 0:
                    raise RuntimeError(f"ICU ubidi_getLevels failed ({status.value})")
                levels = ctypes.string_at(pointer, count)  # type: ignore[arg-type]
            return levels, int(self.get_para_level(bidi))  # type: ignore[call-overload]

    def shape(self, text: str) -> str:
        units = text.encode("utf-16-le", "surrogatepass")
        count = len(units) // 2
        if not count:
            return text
        status = ctypes.c_int(0)
        with self._lock:
            if len(self._out) < len(units):
                self._out = ctypes.create_string_buffer(max(len(units), 2 * len(self._out)))
            out = self._out
            length = self.shape_arabic(
                units, count, out, count, SHAPE_OPTIONS, ctypes.byref(status)
            )
            if status.value > 0:
                raise RuntimeError(f"ICU u_shapeArabic failed ({status.value})")
            raw = ctypes.string_at(out, 2 * int(length))  # type: ignore[call-overload]
        return raw.decode("utf-16-le", "surrogatepass")


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


def _load() -> _CtypesICU | _PyICU:
    found = _find_libicuuc()
    if found is not None:
        try:
            return _CtypesICU(*found)
        except (OSError, AttributeError):
            pass
    return _PyICU()


_loaded: _CtypesICU | _PyICU | None = None
_loading = threading.Lock()


def backend() -> _CtypesICU | _PyICU:
    """ICU, loaded by the first call (~2 ms, most of it the dynamic loader): English text
    never needs it, and `preload` can have it ready before Arabic does."""
    global _loaded
    if _loaded is None:
        with _loading:
            if _loaded is None:
                _loaded = _load()
    return _loaded


def preload() -> None:
    """Start loading ICU in a thread. The dynamic loader runs without the GIL, so the
    caller's own start-up (importing Textual) goes on meanwhile, on another core."""
    threading.Thread(target=backend, name="icu-preload", daemon=True).start()


def shape(text: str) -> str:
    """Run ICU's Arabic shaper (logical order, lam-alef ligatures shrink the text)."""
    return backend().shape(text)


def levels(text: str, para_level: int) -> tuple[bytes, int]:
    """Resolve a paragraph's embedding levels (one per UTF-16 unit) and its paragraph level."""
    return backend().levels(text, para_level)
