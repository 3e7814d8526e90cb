"""The JSON shapes of every command: plain dicts in logical order, with stable field names.

Single-language outputs (`list`, `show`, `search`) carry strings in the chosen language and
themes as `{"id", "label"}`; the whole-store export carries `{"ar", "en"}` objects and
theme ids into its `themes` list. Every object that stands for a department has its `id`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from tui.model import Department, Lang, Localized, Store
from tui.search import Hit, SearchIndex, SearchLang, group_by_department

JsonObject = dict[str, Any]

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def to_json(value: object) -> str:
    """Pretty JSON with real Unicode; DEL, C1, U+2028/9 and lone surrogates as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    # Such characters can only sit inside JSON strings, where \\uXXXX means the same thing.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def theme_ref(store: Store, theme_id: str, lang: Lang) -> JsonObject:
    """A theme named in one language: `{"id", "label"}`."""
    theme = store.theme(theme_id)
    return {"id": theme_id, "label": theme.label.get(lang) if theme else theme_id}


def department_summary(department: Department, lang: Lang, themes: frozenset[str]) -> JsonObject:
    """One row of `list`: who the department is and how many solutions (match the filter)."""
    return {
        "id": department.id,
        "key": department.key,
        "order": department.order,
        "name": department.name.get(lang),
        "solution_count": len(department.solutions),
        "matching_count": len(department.matching(themes)),
    }


def list_result(store: Store, lang: Lang, themes: frozenset[str]) -> JsonObject:
    """`list`: departments with at least one solution touching the filter (all without one)."""
    rows = [department_summary(d, lang, themes) for d in store.departments]
    shown = [row for row in rows if row["matching_count"]]
    return {
        "lang": lang,
        "filter": [theme_ref(store, t.id, lang) for t in store.themes if t.id in themes],
        "department_count": len(shown),
        "solution_count": sum(row["matching_count"] for row in shown),
        "departments": shown,
    }


def department_record(store: Store, department: Department, lang: Lang) -> JsonObject:
    """A department in full, in one language."""
    return {
        "id": department.id,
        "key": department.key,
        "order": department.order,
        "name": department.name.get(lang),
        "headline": department.headline.get(lang),
        "speaker": {
            "name": department.speaker.name.get(lang),
            "role": department.speaker.role.get(lang),
        },
        "intro": department.intro.get(lang),
        "solutions": [
            {
                "number": number,
                "text": solution.text.get(lang),
                "translated": solution.text.has(lang),
                "themes": [theme_ref(store, t, lang) for t in solution.themes],
                "suggested": list(solution.suggested),
                "translation_note": solution.translation_note.get(lang),
            }
            for number, solution in enumerate(department.solutions, 1)
        ],
        "translation_note": department.translation_note.get(lang),
    }


def source_record(store: Store, lang: Lang) -> JsonObject:
    """Where the article comes from, its note in one language."""
    source = store.source
    return {
        "outlet": source.outlet,
        "url": source.url,
        "published": source.published,
        "note": source.note.get(lang),
    }


def show_result(store: Store, department: Department, lang: Lang) -> JsonObject:
    """`show`: one department in full, with the article's source."""
    return {
        "lang": lang,
        "department": department_record(store, department, lang),
        "source": source_record(store, lang),
    }


def hit_record(store: Store, index: SearchIndex, hit: Hit) -> JsonObject:
    """One matching field: its text and the `[start, end)` code-point spans that matched."""
    department = store.department(hit.department_id)
    themes: Iterable[str] = ()
    if department is not None and hit.solution is not None:
        themes = department.solutions[hit.solution].themes
    return {
        "field": hit.field,
        "number": None if hit.solution is None else hit.solution + 1,
        "lang": hit.lang,
        "text": index.text(hit),
        "spans": [[start, end] for start, end in hit.spans],
        "themes": [theme_ref(store, t, hit.lang) for t in themes],
    }


def search_result(
    store: Store, index: SearchIndex, query: str, lang: SearchLang, hits: list[Hit]
) -> JsonObject:
    """`search`: hits grouped by department, departments in the order of their best hit."""
    names_lang: Lang = store.default_language if lang == "both" else lang
    departments: list[JsonObject] = []
    for department_id, group in group_by_department(hits).items():
        department = store.department(department_id)
        assert department is not None
        departments.append(
            {
                "id": department.id,
                "key": department.key,
                "name": department.name.get(names_lang),
                "hits": [hit_record(store, index, hit) for hit in group],
            }
        )
    return {
        "query": query,
        "lang": lang,
        "hit_count": len(hits),
        "department_count": len(departments),
        "departments": departments,
    }


def localized(text: Localized) -> JsonObject:
    """Both languages of a string; a missing language is the empty string."""
    return {"ar": text.ar, "en": text.en}


def theme_solution_counts(store: Store) -> dict[str, int]:
    """How many solutions of the whole store touch each theme."""
    counts: dict[str, int] = {}
    for department in store.departments:
        for theme, count in department.theme_counts().items():
            counts[theme] = counts.get(theme, 0) + count
    return counts


def store_record(store: Store) -> JsonObject:
    """`export --format json`: the whole store, both languages, ready to load elsewhere."""
    counts = theme_solution_counts(store)
    return {
        "title": localized(store.title),
        "source": {
            "outlet": store.source.outlet,
            "url": store.source.url,
            "published": store.source.published,
            "note": localized(store.source.note),
        },
        "languages": list(store.languages),
        "default_language": store.default_language,
        "themes": [
            {"id": t.id, "label": localized(t.label), "solution_count": counts.get(t.id, 0)}
            for t in store.themes
        ],
        "departments": [
            {
                "id": d.id,
                "key": d.key,
                "order": d.order,
                "name": localized(d.name),
                "headline": localized(d.headline),
                "speaker": {"name": localized(d.speaker.name), "role": localized(d.speaker.role)},
                "intro": localized(d.intro),
                "solutions": [
                    {
                        "number": n,
                        "text": localized(s.text),
                        "themes": list(s.themes),
                        "suggested": list(s.suggested),
                        "translation_note": localized(s.translation_note),
                    }
                    for n, s in enumerate(d.solutions, 1)
                ],
                "translation_note": localized(d.translation_note),
            }
            for d in store.departments
        ],
    }
