"""Search: Arabic normalisation and stemming, whole-word matching, index, ranking, spans."""

from __future__ import annotations

import itertools
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.model import Department, Lang, Localized, Solution, Source, Speaker, Store
from tui.search import (
    Hit,
    Query,
    SearchIndex,
    SearchLang,
    group_by_department,
    highlight_spans,
    matching_solutions,
    normalize,
    normalize_with_offsets,
    parse_query,
    searchable_fields,
    stem,
    tokenize,
)
from tui.search.index import FIELD_ORDER
from tui.search.query import arabic_stop_words, match_ranges, ranges_to_spans

ROOT = Path(__file__).resolve().parent.parent


def department(
    dept_id: str,
    order: int,
    *,
    name: str = "إدارة",
    headline: str = "عنوان",
    solutions: tuple[str, ...] = (),
    english: tuple[str, ...] = (),
    speaker: str = "متحدث",
    role: str = "مدير",
    intro: str = "",
) -> Department:
    """A department built straight from model dataclasses; English texts are optional."""
    texts = [
        Localized(ar, english[i] if i < len(english) else "") for i, ar in enumerate(solutions)
    ]
    return Department(
        id=dept_id,
        key=str(order),
        order=order,
        name=Localized(name, f"Department {order}"),
        speaker=Speaker(Localized(speaker), Localized(role)),
        headline=Localized(headline),
        solutions=tuple(Solution(text, ("planning",)) for text in texts),
        intro=Localized(intro),
    )


def store_of(*departments: Department) -> Store:
    """A store around the given departments."""
    return Store(
        title=Localized("حلول", "Solutions"),
        source=Source("outlet", "https://example.org", "2025", Localized()),
        languages=("ar", "en"),
        default_language="ar",
        themes=(),
        departments=departments,
    )


def index_of_text(text: str) -> SearchIndex:
    """An index whose only searchable solution is `text`."""
    return SearchIndex.build(
        store_of(department("only", 1, name="س", headline="ص", solutions=(text,)))
    )


# query, text, whether it matches: the cases of the issue.
CASES = [
    ("احمد", "قالَ أَحْمَدُ", True),
    ("مدرسة", "ذهبت إلى المدرسه", True),
    ("مستشفى", "في مستشفي المدينة", True),
    ("العربية", "اللغة العـــربية", True),
    ("كتاب", "الطالب والكتاب", True),
    ("2024", "تأسست عام ٢٠٢٤", True),
    ("python", "تعلم PYTHON بسهولة", True),
    ("والد", "جاء الولد", False),
    ("١٢", "رقم 123", False),
    ("الاستثمار", "الإستثمار", True),
    ("الاستثمار", "للاستثمار", True),
    ("الاستثمار", "والاستثمار", True),
    ("الاستثمار", "الاستثمارات", True),
    ("الاستثمار", "الاستمرار", False),
    ("الاستثمار", "استثمر", False),
    ("ثمار", "الاستثمار", False),  # never inside a word
]


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_issue_cases_highlight(query: str, text: str, expected: bool) -> None:
    spans = highlight_spans(text, query)
    assert bool(spans) is expected
    for start, end in spans:
        assert text[start:end] in {t.text for t in tokenize(text)}


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_issue_cases_index(query: str, text: str, expected: bool) -> None:
    hits = index_of_text(text).search(query, "ar")
    assert bool(hits) is expected
    if expected:
        assert [(h.field, h.solution) for h in hits] == [("solution", 0)]
        assert hits[0].spans == tuple(highlight_spans(text, query))


def test_highlight_covers_final_damma() -> None:
    text = "قالَ أَحْمَدُ"
    (span,) = highlight_spans(text, "احمد")
    assert text[slice(*span)] == "أَحْمَدُ"
    assert span[1] == len(text) and text[-1] == "\u064f"


def test_highlight_covers_whole_token_not_stem() -> None:
    text = "دعم الاستثمارات، ثم والاستثمار."
    spans = highlight_spans(text, "استثمار")
    assert [text[a:b] for a, b in spans] == ["الاستثمارات", "والاستثمار"]


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("آأإٱا", "ااااا"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("العـــربية", "العربيه"),
        ("مُحَمَّدٌ", "محمد"),
        ("\u0627\u0670\u0644\u0644\u0651\u0647", "الله"),
        ("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"),
        ("\ufef7\ufee6", "لان"),  # lam-alef ligature with hamza, then final noon
        ("\ufe8d\ufedf\ufecc\ufeae\ufe91\ufef4\ufe94", "العربيه"),  # presentation forms
        ("PyThon STRASSE Straße", "python strasse strasse"),
        ("\u0627\u0654", "ا"),  # decomposed hamza above composes (NFC) then folds
    ],
)
def test_normalize(raw: str, folded: str) -> None:
    assert normalize(raw) == folded


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("الحسن", "حسن"),
        ("والحسن", "حسن"),
        ("بالحسن", "حسن"),
        ("كالحسن", "حسن"),
        ("فالحسن", "حسن"),
        ("للاخر", "اخر"),
        ("وحسن", "حسن"),
        ("ولد", "ولد"),  # و needs four letters
        ("والد", "الد"),  # وال would leave one letter, so only و goes
        ("زوجها", "زوج"),
        ("ساهدان", "ساهد"),
        ("ساهدات", "ساهد"),
        ("ساهدون", "ساهد"),
        ("ساهدين", "ساهد"),
        ("ساهديه", "ساهد"),
        ("ساهدية", "ساهد"),
        ("ساهده", "ساهد"),
        ("ساهدي", "ساهد"),
        ("وساهدون", "ساهد"),
        ("ساهدهات", "ساهد"),  # ات then ه: each suffix at most once, in list order
        ("الو", "الو"),
        ("بيت", "بيت"),  # ي is not at the end; nothing to strip
        ("english", "english"),
    ],
)
def test_stem_matches_lucene_light10(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_tokenize_keeps_original_offsets_and_marks() -> None:
    text = "قالَ: «أَحْمَدُ» 2024-PYTHON_3"
    tokens = tokenize(text)
    assert [(t.text, t.key) for t in tokens] == [
        ("قالَ", "قال"),
        ("أَحْمَدُ", "احمد"),
        ("2024", "2024"),
        ("PYTHON", "python"),
        ("3", "3"),
    ]
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_ligature_word_gives_several_keys_on_one_span() -> None:
    tokens = tokenize("محمد ﷺ")
    assert {(t.start, t.end) for t in tokens[1:]} == {(5, 6)}
    assert len(tokens) > 2
    assert highlight_spans("محمد ﷺ", "الله") == [(5, 6)]


def test_parse_query_terms_and_phrases() -> None:
    query = parse_query('الاستثمار "ترويج السياحة" «تطوير المدن» تعليم الاستثمار')
    assert query.terms == ("استثمار", "تعليم")
    assert query.phrases == (("ترويج", "سياح"), ("تطوير", "مدن"))
    assert query.keys == {"استثمار", "تعليم", "ترويج", "سياح", "تطوير", "مدن"}


def test_parse_query_edge_cases() -> None:
    assert not parse_query("")
    assert not parse_query('  "" ، . ')
    assert parse_query('"تطوير') == Query(("تطوير",))  # a one-word phrase is a word
    assert parse_query('قرار "ترويج السياحة').phrases == (("ترويج", "سياح"),)  # unclosed


# The small store the index tests share.
FINANCE = department(
    "finance",
    1,
    name="إدارة المالية",
    headline="تعزيز جذب الاستثمار",
    speaker="فان دينه ثاو",
    role="مدير إدارة المالية",
    solutions=(
        "ابتكار ترويج الاستثمار في السياحة",  # 0: both words, phrase "ترويج الاستثمار"
        "الاستثمار والاستثمارات ثم ترويج",  # 1: الاستثمار twice, ترويج after it
        "تطوير السياحة",  # 2: السياحة only
    ),
    english=("Renew investment promotion in tourism", "", "Develop tourism"),
)
TOURISM = department(
    "tourism",
    2,
    name="إدارة الثقافة والسياحة",
    headline="مهرجان",
    intro="السياحة تجذب الاستثمار",
    solutions=("ترويج الاستثمار الأجنبي في السياحة البحرية", "بناء الفنادق"),
)
PLANNING = department(
    "planning",
    3,
    name="إدارة التخطيط",
    headline="الاستثمار في البنية التحتية",
    solutions=("خطة الاستثمار",),
)
STORE = store_of(FINANCE, TOURISM, PLANNING)
INDEX = SearchIndex.build(STORE)


def where(hits: list[Hit]) -> list[tuple[str, str, int | None]]:
    """A hit list as (department, field, solution) for readable asserts."""
    return [(h.department_id, h.field, h.solution) for h in hits]


def test_and_semantics() -> None:
    hits = INDEX.search("الاستثمار السياحة", "ar")
    assert sorted(where(hits)) == [
        ("finance", "solution", 0),
        ("tourism", "intro", None),
        ("tourism", "solution", 0),
    ]


def test_phrase_matches_consecutive_words_in_order() -> None:
    hits = INDEX.search('"ترويج الاستثمار"', "ar")
    assert sorted(where(hits)) == [("finance", "solution", 0), ("tourism", "solution", 0)]
    # finance/1 has both words but "الاستثمار ... ترويج": wrong order, not adjacent.
    (hit,) = [h for h in hits if h.department_id == "finance"]
    text = INDEX.text(hit)
    assert [text[a:b] for a, b in hit.spans] == ["ترويج الاستثمار"]


def test_phrase_and_word_together() -> None:
    hits = INDEX.search('"ترويج الاستثمار" البحرية', "ar")
    assert where(hits) == [("tourism", "solution", 0)]


def test_ranking_more_words_then_titles_then_article_order() -> None:
    hits = INDEX.search("الاستثمار", "ar")
    assert where(hits) == [
        ("finance", "solution", 1),  # two occurrences
        ("finance", "headline", None),  # titles next, in article order
        ("planning", "headline", None),
        ("finance", "solution", 0),  # then the rest in article order
        ("tourism", "intro", None),
        ("tourism", "solution", 0),
        ("planning", "solution", 0),
    ]
    assert [h.score for h in hits] == [2, 1, 1, 1, 1, 1, 1]


def test_group_by_department_and_matching_solutions() -> None:
    hits = INDEX.search("الاستثمار", "ar")
    groups = group_by_department(hits)
    assert list(groups) == ["finance", "planning", "tourism"]
    assert sum(len(g) for g in groups.values()) == len(hits)
    assert matching_solutions(INDEX, "الاستثمار", "ar") == {
        "finance": [0, 1],
        "tourism": [0],
        "planning": [0],
    }


def test_languages_and_both() -> None:
    assert INDEX.search("tourism", "ar") == []
    english = INDEX.search("Tourism", "en")
    assert sorted(where(english)) == [
        ("finance", "solution", 0),
        ("finance", "solution", 2),
    ]
    both = INDEX.search("tourism", "both")
    assert sorted(where(both)) == sorted(where(english))
    assert {h.lang for h in both} == {"en"}
    arabic_both = INDEX.search("السياحة", "both")
    assert {h.lang for h in arabic_both} == {"ar"}
    assert len(arabic_both) == len(INDEX.search("السياحة", "ar"))


def test_fallback_text_is_searched_in_its_display_language_once() -> None:
    # finance/1 has no English: in English the app shows the Arabic, so search finds it.
    hits = INDEX.search("والاستثمارات", "en")
    assert ("finance", "solution", 1) in where(hits)
    hit = next(h for h in hits if h.solution == 1 and h.department_id == "finance")
    assert hit.lang == "en" and INDEX.text(hit) == FINANCE.solutions[1].text.ar
    # With both languages the Arabic original answers, not its English fallback too.
    both = [h for h in INDEX.search("والاستثمارات", "both") if h.department_id == "finance"]
    assert [(h.solution, h.lang) for h in both if h.field == "solution"] == [(1, "ar"), (0, "ar")]


@pytest.mark.parametrize("query", ["", "   ", "،.؟!", '""', "\u064e\u0651"])
def test_empty_query_finds_nothing(query: str) -> None:
    assert INDEX.search(query, "ar") == []
    assert INDEX.search(query, "both") == []
    assert highlight_spans("أي نص", query) == []


def test_spans_cover_original_tokens_with_harakat() -> None:
    vowelled = department(
        "vowelled",
        1,
        name="وِزَارَةُ الصِّحَّةِ",
        solutions=("دَعْمُ الاِسْتِثْمَارِ، وَالاسْتِثْمَارَاتُ!",),
    )
    index = SearchIndex.build(store_of(vowelled))
    (name_hit,) = index.search("الصحة", "ar")
    text = index.text(name_hit)
    assert [text[a:b] for a, b in name_hit.spans] == ["الصِّحَّةِ"]
    (hit,) = index.search("استثمار", "ar")
    text = index.text(hit)
    assert [text[a:b] for a, b in hit.spans] == ["الاِسْتِثْمَارِ", "وَالاسْتِثْمَارَاتُ"]
    for _, end in hit.spans:
        assert end == len(text) or text[end] in " ،!"


# Random text over the characters that matter: Arabic letters and marks, tatweel,
# presentation forms, Latin, both digit sets, punctuation and spaces.
ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهوي")
    + list("آأإٱىةءؤئ")
    + ["\u064b", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0670", "\u0654", "\u0640"]
    + ["\ufefb", "\ufef7", "\ufdf2", "\ufe8d", "\u0301", "\u200c"]
    + list("abcXYZé٠١٢٣09۴ ،,.!?«»-_\n")
)
TEXT = st.text(ALPHABET, max_size=60)


@given(text=TEXT, data=st.data())
@settings(max_examples=300, deadline=None)
@example(text="قالَ أَحْمَدُ", data=None)
def test_spans_land_on_token_boundaries(text: str, data: st.DataObject | None) -> None:
    tokens = tokenize(text)
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    words = [t.text for t in tokens]
    queries = [*words[:3]]
    if data is not None:
        queries.append(data.draw(TEXT, label="query"))
    for query in queries:
        spans = highlight_spans(text, query)
        previous_end = 0
        for start, end in spans:
            assert 0 <= start < end <= len(text)
            assert start in starts and end in ends
            assert start >= previous_end  # sorted, never overlapping
            previous_end = end
    # Every word of a text finds itself (but a stop word, which a query leaves out).
    for token in tokens:
        if token.text in arabic_stop_words():
            continue
        assert any(
            a <= token.start and token.end <= b for a, b in highlight_spans(text, token.text)
        )


@given(text=TEXT)
@settings(max_examples=300, deadline=None)
def test_offset_map_is_monotonic_and_in_bounds(text: str) -> None:
    mapped = normalize_with_offsets(text)
    assert mapped.text == normalize(text)
    assert len(mapped.starts) == len(mapped.ends) == len(mapped.text)
    pairs = list(zip(mapped.starts, mapped.ends, strict=True))
    for (start, end), (next_start, next_end) in itertools.pairwise(pairs):
        assert start <= next_start and end <= next_end
    for start, end in pairs:
        assert 0 <= start < end <= len(text)
    for i in range(len(mapped.text)):
        first, last = mapped.original_span(i, i + 1)
        assert 0 <= first < last <= len(text)
        # Never split a letter from its marks.
        assert last == len(text) or unicodedata.category(text[last])[0] != "M"


@given(text=st.text(st.sampled_from(list("ابةىأإآ\u064e\u0651\u0640لاﻻ٣ Ab")), max_size=30))
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


def test_index_and_highlight_agree_on_random_store() -> None:
    texts = ["الاستثمار في السياحة", "للاستثمار الأجنبي", "السياحة البحرية والاستثمارات"]
    index = SearchIndex.build(
        store_of(department("d", 1, name="س", headline="ص", solutions=tuple(texts)))
    )
    for query in ["الاستثمار", "السياحة", "الاستثمار السياحة", '"في السياحة"']:
        for hit in index.search(query, "ar"):
            assert list(hit.spans) == highlight_spans(index.text(hit), query)


def test_import_does_not_load_textual() -> None:
    code = (
        "import sys, tui.search, tui.search.stored; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


CONTENT = ROOT / "content"


def test_every_department_is_found_by_a_distinctive_name_word() -> None:
    if not any((CONTENT / "departments").glob("*.yaml")):
        pytest.skip("content/ has no departments yet")
    from tui.store import load_store

    store = load_store(CONTENT)
    index = SearchIndex.build(store)
    names = {d.id: tokenize(d.name.get("ar")) for d in store.departments}
    checked = 0
    for dept in store.departments:
        others = {t.key for other, tokens in names.items() if other != dept.id for t in tokens}
        distinctive = [t for t in names[dept.id] if t.key not in others]
        if not distinctive:
            continue
        word = distinctive[0].text
        hits = index.search(word, "ar")
        assert (dept.id, "name", None) in where(hits), f"{dept.id}: {word}"
        checked += 1
    assert checked >= len(store.departments) // 2


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=30),
    st.sets(st.sampled_from(["a", "b", "x"]), max_size=3),
)
def test_positions_finds_every_occurrence_and_only_those(keys: list[str], wanted: set[str]) -> None:
    """The tuple.index scan agrees with a plain walk over the keys."""
    from tui.search.query import _positions

    expected: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key in wanted:
            expected.setdefault(key, []).append(position)
    assert _positions(tuple(keys), wanted) == expected


def brute_force_search(store: Store, query: str, lang: SearchLang) -> list[Hit]:
    """Search as specified, the slow way: every field analysed again and matched whole,
    ranked by matches, then titles, then reading order (department, field, solution,
    language); with both languages, a text that is only the other's fallback is left out."""
    parsed = parse_query(query)
    if not parsed:
        return []
    ranked: list[tuple[tuple[int | bool, ...], Hit]] = []
    langs: tuple[Lang, ...] = ("ar", "en") if lang == "both" else (lang,)
    for lang_rank, search_lang in enumerate(langs):
        for position, dept in enumerate(store.departments):
            for field, solution, localized in searchable_fields(dept):
                text = localized.get(search_lang)
                if not text or (lang == "both" and not localized.has(search_lang)):
                    continue
                tokens = tokenize(text)
                ranges = match_ranges([t.key for t in tokens], parsed, require_all=True)
                if ranges is None:
                    continue
                spans = ranges_to_spans([o for t in tokens for o in (t.start, t.end)], ranges)
                hit = Hit(dept.id, field, solution, search_lang, spans, len(spans))
                where = (FIELD_ORDER[field], -1 if solution is None else solution, lang_rank)
                order = (-len(spans), field not in ("name", "headline"), position, *where)
                ranked.append((order, hit))
    return [hit for _, hit in sorted(ranked, key=lambda pair: pair[0])]


# Words that share keys in every way analysis allows: affixes, spelling variants, harakat,
# a ligature of four words (ﷺ), a lam-alef presentation form, digits, case.
WORDS = [
    "الاستثمار",
    "للاستثمار",
    "والاستثمارات",
    "الإستثمار",
    "استثمار",
    "السياحة",
    "السياحه",
    "سِيَاحَة",
    "في",
    "من",
    "ﷺ",
    "صلى",
    "الله",
    "ﻻ",
    "لا",
    "٢٠٢٤",
    "2024",
    "in",
    "the",
    "In",
    "tourism",
    "TOURISM",
    "plan",
]
PHRASE_TEXT = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)


@st.composite
def random_store(draw: st.DrawFn) -> Store:
    """A few departments whose fields are drawn from WORDS; English is often missing (the
    Arabic stands in for it), sometimes equal to the Arabic."""

    def localized() -> Localized:
        ar = draw(PHRASE_TEXT)
        en = draw(st.one_of(st.just(""), st.just(ar), PHRASE_TEXT))
        return Localized(ar, en)

    departments = []
    for order in range(1, draw(st.integers(1, 4)) + 1):
        solutions = draw(st.integers(1, 4))
        departments.append(
            Department(
                id=f"d{order}",
                key=str(order),
                order=order,
                name=localized(),
                speaker=Speaker(localized(), localized()),
                headline=localized(),
                solutions=tuple(Solution(localized(), ("t",)) for _ in range(solutions)),
                intro=localized(),
            )
        )
    return store_of(*departments)


QUERY = st.lists(
    st.one_of(st.sampled_from(WORDS), PHRASE_TEXT.map(lambda text: f'"{text}"')),
    min_size=1,
    max_size=3,
).map(" ".join)


@given(random_store(), st.lists(QUERY, min_size=1, max_size=4))
@settings(max_examples=150, deadline=None)
def test_index_answers_as_the_brute_force_search(store: Store, queries: list[str]) -> None:
    """Results, their order and their spans, in every language, equal a search that
    analyses every field again (the index built in memory and its file both)."""
    import tempfile

    from tui.search.stored import open_index

    built = SearchIndex.build(store)
    with tempfile.TemporaryDirectory() as folder:
        open_index(store, Path(folder) / "index", "v")
        opened = open_index(store, Path(folder) / "index", "v")
        for query in queries:
            for lang in ("ar", "en", "both"):
                expected = brute_force_search(store, query, lang)
                assert built.search(query, lang) == expected
                assert opened.search(query, lang) == expected
