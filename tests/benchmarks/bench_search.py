"""Benchmark: query time over a synthetic store of 1,000 departments x 20 solutions.

Run with `.venv/bin/python tests/benchmarks/bench_search.py`; it prints the build time and
the median and 95th-percentile query times. Not part of the test run (no timed asserts).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.model import Department, Localized, Solution, Source, Speaker, Store
from tui.search import SearchIndex

# Stems of policy vocabulary; affixes below multiply them into realistic surface forms.
_STEM_WORDS = (
    "استثمار تطوير تخطيط سياح زراع صناع تعليم صح نقل طاق مياه بيئ اقتصاد مالي ضرائب "
    "مشروع برنامج خط قرار قانون حكوم مجلس مدين قري منطق شرك مؤسس مصنع سوق تجار تصدير "
    "استيراد خدم موظف عامل شباب نساء طفل مدرس جامع مستشفى طريق جسر ميناء مطار كهرباء "
    "اتصال رقمي تقني ابتكار بحث علم ثقاف تراث فندق مهرجان رياض سكن بناء ارض غاب نهر "
    "بحر جبل حدود امن دفاع عدل محكم شرط اصلاح ادار اجراء وثيق ترخيص رسوم ميزاني دين "
    "قرض بنك تمويل دعم منح اعفاء حافز فرص عمل بطال اجور تدريب مهار كفاء جود معيار "
    "رقاب تفتيش فساد شفافي مساءل مشارك مجتمع مواطن حقوق حري اعلام صحاف نشر كتاب مكتب"
)
STEMS = _STEM_WORDS.split()
PREFIXES = ("", "ال", "وال", "بال", "لل", "و", "ب", "ف")
SUFFIXES = ("", "ات", "ة", "ي", "ية", "ها", "ين", "ون")
LINKS = ("في", "من", "إلى", "على", "عن", "مع", "بين", "حتى", "بعد", "قبل", "أن", "التي", "الذي")
_ENGLISH_WORDS = (
    "investment development planning tourism farming industry education health transport "
    "energy water environment economy finance tax project programme plan decision law"
)
ENGLISH = _ENGLISH_WORDS.split()


def word(rng: random.Random) -> str:
    """One surface form: a stem with a random prefix and suffix, sometimes vowelled."""
    form = rng.choice(PREFIXES) + rng.choice(STEMS) + rng.choice(SUFFIXES)
    if rng.random() < 0.05:
        form = form[0] + "\u064e" + form[1:]
    return form


def sentence(rng: random.Random, low: int, high: int) -> str:
    """A sentence of content words with function words between them."""
    words = [
        word(rng) if rng.random() < 0.75 else rng.choice(LINKS)
        for _ in range(rng.randint(low, high))
    ]
    return " ".join(words) + rng.choice(("", ".", "،", "؛"))


def english(rng: random.Random, low: int, high: int) -> str:
    """A short English gloss."""
    return " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(low, high))).capitalize()


def synthetic_store(departments: int = 1000, solutions: int = 20, seed: int = 7) -> Store:
    """Build model objects directly; no YAML involved."""
    rng = random.Random(seed)
    built = []
    for i in range(departments):
        built.append(
            Department(
                id=f"dept-{i}",
                key=str(i),
                order=i,
                name=Localized(sentence(rng, 2, 4), english(rng, 2, 4)),
                speaker=Speaker(Localized(sentence(rng, 2, 3)), Localized(sentence(rng, 3, 6))),
                headline=Localized(sentence(rng, 5, 10), english(rng, 4, 8)),
                intro=Localized(sentence(rng, 20, 40)),
                solutions=tuple(
                    Solution(Localized(sentence(rng, 10, 30), english(rng, 8, 20)), ("t",))
                    for _ in range(solutions)
                ),
            )
        )
    return Store(
        title=Localized("حلول", "Solutions"),
        source=Source("bench", "https://example.org", "2025", Localized()),
        languages=("ar", "en"),
        default_language="ar",
        themes=(),
        departments=tuple(built),
    )


def queries(rng: random.Random, count: int) -> list[str]:
    """Single words, two-word AND queries and quoted phrases, as users would type them."""
    out: list[str] = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.5:
            out.append(word(rng))
        elif kind < 0.8:
            out.append(f"{word(rng)} {word(rng)}")
        else:
            out.append(f'"{rng.choice(STEMS)} {rng.choice(LINKS)}"')
    return out


def main() -> None:
    """Build, then time every query and print the figures."""
    store = synthetic_store()
    started = time.perf_counter()
    index = SearchIndex.build(store)
    built = time.perf_counter() - started
    print(f"store: {len(store.departments)} departments, {store.solution_count} solutions")
    print(f"build: {built * 1000:.0f} ms")
    rng = random.Random(11)
    timings: list[float] = []
    hits = 0
    for query in queries(rng, 500):
        started = time.perf_counter()
        found = index.search(query, "ar")
        timings.append((time.perf_counter() - started) * 1000)
        hits += len(found)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(f"queries: {len(timings)}, mean hits {hits / len(timings):.0f}")
    print(
        f"median: {statistics.median(timings):.2f} ms, p95: {p95:.2f} ms, max: {timings[-1]:.2f} ms"
    )
    both = []
    for query in queries(rng, 200):
        started = time.perf_counter()
        index.search(query, "both")
        both.append((time.perf_counter() - started) * 1000)
    print(f"lang='both' median: {statistics.median(both):.2f} ms")


if __name__ == "__main__":
    main()
