"""The content store against its source: nothing of the seed article is lost, altered or invented.

Reads content/ with plain yaml.safe_load (independent of the loader in tui.store) and compares it
with tests/data/seed_article.txt, the article exactly as received.

Editorial transformations the store is allowed to make to the article, and no others:

1. Page furniture is dropped: the leading "الرفيق " and trailing " |" of each speaker line, and
   the closing "المصدر: <url>" and "تعليق (0)" lines (the URL becomes store.yaml source.url).
2. The speaker line (minus the furniture) is split at its first "، " into speaker.name.ar and
   speaker.role.ar.
3. A section's paragraphs are cut into intro and solutions under the rules of
   `tui.importer.coverage` (the checker `python -m tui import` holds itself to): pieces in
   article order, whitespace not significant, a list marker (أولاً، ...) dropped at the start
   of a piece, one "؛" at its end.

Anything else - a word dropped, added, reordered or altered, a letter or haraka changed,
punctuation other than those removed - fails `test_every_word_of_each_section_is_kept`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tui.importer.coverage import collapse, uncovered
from tui.keys import RESERVED_KEYS

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = ROOT / "tests" / "data" / "seed_article.txt"

THEME_IDS = [
    "planning", "investment", "industry-energy", "green-growth", "administrative-reform",
    "digital-transformation", "science-innovation", "tourism", "culture-identity", "education",
    "health", "agriculture-rural", "infrastructure", "international-cooperation",
    "human-resources", "social-welfare", "ethnic-border-areas",
]  # fmt: skip
DEPARTMENT_IDS = [
    "finance", "industry-trade", "home-affairs", "culture-sports-tourism", "science-technology",
    "foreign-affairs", "education-training", "agriculture-environment", "son-duong",
    "construction", "health", "commune-party",
]  # fmt: skip
SPEAKER_PREFIX = "الرفيق "
SPEAKER_SUFFIX = " |"
SOURCE_PREFIX = "المصدر:"
SLUG = re.compile(r"[a-z][a-z0-9-]*")


# ---------------------------------------------------------------------------------------------
# The seed


def parse_seed(text: str) -> tuple[list[dict[str, Any]], str]:
    """The article's sections (headline, speaker, paragraphs) and the source URL."""
    lines = text.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith(SOURCE_PREFIX))
    url = lines[end][len(SOURCE_PREFIX) :].strip()
    body = lines[:end]
    starts = [
        i for i, line in enumerate(body) if line.startswith(SPEAKER_PREFIX) and line.endswith(" |")
    ]
    sections = []
    for n, speaker_at in enumerate(starts):
        stop = starts[n + 1] - 1 if n + 1 < len(starts) else len(body)
        paragraphs = body[speaker_at + 1 : stop]
        assert paragraphs and all(p.strip() for p in paragraphs), (
            f"section {n + 1}: empty paragraph"
        )
        sections.append(
            {
                "headline": body[speaker_at - 1],
                "speaker": body[speaker_at][len(SPEAKER_PREFIX) : -len(SPEAKER_SUFFIX)],
                "paragraphs": paragraphs,
            }
        )
    assert starts and starts[0] == 1, "the article must open with a headline and a speaker line"
    return sections, url


# ---------------------------------------------------------------------------------------------
# The store


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> tuple[list[dict[str, Any]], str]:
    return parse_seed(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def departments() -> list[tuple[Path, dict[str, Any]]]:
    files = sorted((CONTENT / "departments").glob("*.yaml"))
    return [(path, load(path)) for path in files]


def localized_strings(node: Any, where: str) -> list[tuple[str, Any]]:
    """Every {ar, en} mapping in a loaded YAML tree, with a path for messages."""
    found = []
    if isinstance(node, dict):
        if set(node) & {"ar", "en"}:
            found.append((where, node))
        for key, value in node.items():
            found += localized_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += localized_strings(value, f"{where}[{i}]")
    return found


# ---------------------------------------------------------------------------------------------
# 1. Structure


def test_store_metadata() -> None:
    store = load(CONTENT / "store.yaml")
    assert store["languages"] == ["ar", "en"]
    assert store["default_language"] == "ar"
    assert store["source"]["outlet"] == "Báo Tuyên Quang"
    assert store["source"]["published"] == "2025-09"


def test_themes_are_exactly_the_taxonomy() -> None:
    themes = load(CONTENT / "themes.yaml")["themes"]
    assert [t["id"] for t in themes] == THEME_IDS
    assert all(set(t) == {"id", "label"} for t in themes)


def test_twelve_departments_in_order(departments: list[tuple[Path, dict[str, Any]]]) -> None:
    assert len(departments) == 12
    for n, (path, dept) in enumerate(departments, start=1):
        assert dept["order"] == n, path.name
        assert path.name == f"{n:02d}-{dept['id']}.yaml"
        assert SLUG.fullmatch(dept["id"]), dept["id"]
    assert [d["id"] for _, d in departments] == DEPARTMENT_IDS


def test_keys_are_unique_single_characters_not_reserved(
    departments: list[tuple[Path, dict[str, Any]]],
) -> None:
    keys = [d["key"] for _, d in departments]
    assert keys == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "a", "b"]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert isinstance(key, str) and len(key) == 1
        assert key not in RESERVED_KEYS


def test_every_solution_has_known_themes(departments: list[tuple[Path, dict[str, Any]]]) -> None:
    known = {t["id"] for t in load(CONTENT / "themes.yaml")["themes"]}
    for path, dept in departments:
        assert dept["solutions"], path.name
        for i, solution in enumerate(dept["solutions"]):
            themes = solution["themes"]
            assert themes, f"{path.name} solution {i + 1} has no theme"
            assert len(set(themes)) == len(themes), f"{path.name} solution {i + 1} repeats a theme"
            assert set(themes) <= known, f"{path.name} solution {i + 1}: {set(themes) - known}"


def test_every_localized_string_has_arabic_and_english(
    departments: list[tuple[Path, dict[str, Any]]],
) -> None:
    trees = [
        ("store.yaml", load(CONTENT / "store.yaml")),
        ("themes.yaml", load(CONTENT / "themes.yaml")),
    ]
    trees += [(path.name, dept) for path, dept in departments]
    count = 0
    for name, tree in trees:
        for where, node in localized_strings(tree, name):
            assert set(node) == {"ar", "en"}, where
            for lang in ("ar", "en"):
                assert isinstance(node[lang], str) and node[lang].strip(), (
                    f"{where}.{lang} is empty"
                )
            count += 1
    assert count > 12 * 5  # the walk really found the strings


def test_department_fields(departments: list[tuple[Path, dict[str, Any]]]) -> None:
    required = {"id", "key", "order", "name", "speaker", "headline", "solutions"}
    for path, dept in departments:
        assert required <= set(dept) <= required | {"intro", "translation_note"}, path.name
        assert set(dept["speaker"]) == {"name", "role"}, path.name
        for solution in dept["solutions"]:
            assert {"text", "themes"} <= set(solution) <= {"text", "themes", "translation_note"}
    flagged = [path.name for path, dept in departments if "translation_note" in dept]
    assert flagged == ["12-commune-party.yaml"]  # the garbled commune name, and only it


# ---------------------------------------------------------------------------------------------
# 2. Seed coverage


def test_seed_has_twelve_sections(seed: tuple[list[dict[str, Any]], str]) -> None:
    sections, _ = seed
    assert len(sections) == 12


@pytest.mark.parametrize("n", range(12))
def test_headline_and_speaker_are_verbatim(
    n: int, seed: tuple[list[dict[str, Any]], str], departments: list[tuple[Path, dict[str, Any]]]
) -> None:
    section = seed[0][n]
    path, dept = departments[n]
    assert dept["headline"]["ar"] == section["headline"], path.name
    speaker = dept["speaker"]
    assert speaker["name"]["ar"] + "، " + speaker["role"]["ar"] == section["speaker"], path.name
    assert "، " not in speaker["name"]["ar"], path.name
    assert not speaker["name"]["ar"].startswith(SPEAKER_PREFIX.strip()), path.name


@pytest.mark.parametrize("n", range(12))
def test_every_word_of_each_section_is_kept(
    n: int, seed: tuple[list[dict[str, Any]], str], departments: list[tuple[Path, dict[str, Any]]]
) -> None:
    section = seed[0][n]
    path, dept = departments[n]
    article = collapse(" ".join(section["paragraphs"]))
    pieces = ([dept["intro"]["ar"]] if "intro" in dept else []) + [
        s["text"]["ar"] for s in dept["solutions"]
    ]
    problem = uncovered(article, pieces)
    assert problem is None, f"{path.name}: {problem}"


# ---------------------------------------------------------------------------------------------
# 3. Page furniture


def test_source_url_is_the_articles(seed: tuple[list[dict[str, Any]], str]) -> None:
    _, url = seed
    assert url.startswith("https://")
    assert load(CONTENT / "store.yaml")["source"]["url"] == url


def test_comment_counter_is_nowhere_in_the_store() -> None:
    files = [p for p in CONTENT.rglob("*") if p.is_file()]
    assert len(files) >= 14
    for path in files:
        assert "تعليق" not in path.read_text(encoding="utf-8"), path


# ---------------------------------------------------------------------------------------------
# The checker itself can fail


@pytest.mark.parametrize(
    ("pieces", "ok"),
    [
        (["أ ب:", "ج د؛", "و هـ."], True),  # cut after a colon, "؛" dropped at a cut
        (["أ ب: ج د؛ و هـ."], True),  # no cut at all
        (["أ ب:", "د؛", "و هـ."], False),  # a word dropped
        (["أ ب:", "ج د", "و هـ"], False),  # the final "." dropped
        (["أ ب:", "ج د؛", "و هـ. ز"], False),  # a word invented
        (["أ ب:", "ج ذ؛", "و هـ."], False),  # a word altered
        (["أ ب:", "ج", "د؛ و هـ."], True),  # a cut at a space is allowed
        (["أ ب:", "ج د", "؛ و هـ."], False),  # "؛" moved into the next piece
        (["أ ب:", "ج د؛", "", "و هـ."], False),  # an empty piece
    ],
)
def test_checker_accepts_only_allowed_edits(pieces: list[str], ok: bool) -> None:
    assert (uncovered("أ ب: ج د؛ و هـ.", pieces) is None) is ok


def test_checker_drops_enumerators_only_at_a_cut() -> None:
    article = "مقدمة: أولاً، الأول. ثانيًا، الثاني."
    assert uncovered(article, ["مقدمة:", "الأول.", "الثاني."]) is None
    assert uncovered(article, ["مقدمة:", "أولاً، الأول.", "ثانيًا، الثاني."]) is None
    assert uncovered(article, ["مقدمة: الأول.", "الثاني."]) is not None  # not inside a piece
    assert uncovered("حالياً، نص.", ["نص."]) is not None  # not a listed enumerator
