"""The ctypes path into ICU and PyICU's extension give the same levels and shapes.

(Empty paragraphs never reach ICU: tui.rtl.bidi.paragraph_levels answers them itself.)
"""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.rtl import _icu

ARABIC_MIX = st.text(
    alphabet=st.sampled_from(
        list("لامرحباً بالعالم (2024) abc [x] ـ ، ؟\u064e\u0651\u202b\u202c\u2067\u2069")
    ),
    min_size=1,
    max_size=40,
)


def test_the_fast_path_is_used_and_pyicu_is_not_loaded() -> None:
    code = (
        "import sys; from tui.rtl import _icu, layout; layout('مرحبا', 20); "
        "print(type(_icu.backend()).__name__, 'icu' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["CtypesICU", "False"]


def test_icu_is_loaded_by_the_first_right_to_left_text_once() -> None:
    """Left-to-right English never loads ICU (nor ctypes); Arabic loads it once."""
    code = (
        "import sys; from tui.rtl import _icu, layout; "
        "layout('Hello (world)', 8, 'ltr'); "
        "print(_icu._loaded is None and 'ctypes' not in sys.modules); "
        "layout('مرحبا', 20); first = _icu._loaded; layout('سلام', 20); "
        "print(first is not None and _icu._loaded is first)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(ARABIC_MIX, st.text(min_size=1, max_size=30)),
    level=st.sampled_from([0, 1, 0xFE]),
)
def test_backends_agree(text: str, level: int) -> None:
    fallback = _icu._PyICU()
    assert _icu.backend().levels(text, level) == fallback.levels(text, level)
    assert _icu.backend().shape(text) == fallback.shape(text)
    assert _icu.backend().grapheme_ends(text) == fallback.grapheme_ends(text)
