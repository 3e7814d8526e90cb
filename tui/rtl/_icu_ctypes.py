"""The C entry points of ICU the engine needs (ubidi_*, u_shapeArabic, ubrk_*), called
through ctypes. It imports nothing from `tui.rtl._icu`, which loads it.

Its own module so that ctypes, which takes time to import, is loaded with ICU, on first
use, not on every start: English text never needs it.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from pathlib import Path

UBRK_CHARACTER = 0
"""A break iterator over grapheme clusters."""


class CtypesICU:
    """ubidi_*, u_shapeArabic and the character break iterator from libicuuc, called directly."""

    def __init__(self, path: Path, version: str, data: list[Path], shape_options: int) -> None:
        # The data libraries first, by their full paths, so that the dynamic loader finds
        # them by name when libicuuc asks.
        for library in data:
            ctypes.CDLL(str(library), mode=ctypes.RTLD_GLOBAL)
        self.shape_options = shape_options
        # PyDLL keeps the GIL for the call: these calls take microseconds, and releasing the
        # GIL meant waiting up to a switch interval to get it back whenever another thread
        # (the search index build) was busy, which made each call many times slower.
        self._bind(ctypes.PyDLL(str(path)), version)
        self.version = version
        self._bidi = self.open()
        self._breaks: int | None = None
        self._out = ctypes.create_string_buffer(512)
        self._lock = threading.Lock()

    def _bind(self, lib: ctypes.PyDLL, version: str) -> None:
        """Give each ICU function this engine calls its argument and result types."""

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
        self.break_open = fn(
            "ubrk_open",
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_int32,
            err,
        )
        self.break_set_text = fn(
            "ubrk_setText", None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, err
        )
        self.break_next = fn("ubrk_next", ctypes.c_int32, ctypes.c_void_p)

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
                units, count, out, count, self.shape_options, ctypes.byref(status)
            )
            if status.value > 0:
                raise RuntimeError(f"ICU u_shapeArabic failed ({status.value})")
            raw = ctypes.string_at(out, 2 * int(length))  # type: ignore[call-overload]
        return raw.decode("utf-16-le", "surrogatepass")

    def grapheme_ends(self, text: str) -> list[int]:
        units = text.encode("utf-16-le", "surrogatepass")
        status = ctypes.c_int(0)
        with self._lock:  # one iterator, reused: ubrk_setText starts it again
            if self._breaks is None:
                self._breaks = self.break_open(UBRK_CHARACTER, b"", None, 0, ctypes.byref(status))  # type: ignore[assignment]
                if status.value > 0:
                    raise RuntimeError(f"ICU ubrk_open failed ({status.value})")
            self.break_set_text(self._breaks, units, len(units) // 2, ctypes.byref(status))
            if status.value > 0:
                raise RuntimeError(f"ICU ubrk_setText failed ({status.value})")
            ends = []
            while (end := int(self.break_next(self._breaks))) != -1:  # type: ignore[call-overload]
                ends.append(end)
        return ends
