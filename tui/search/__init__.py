"""Arabic-aware search over a store: Lucene-style normalisation and light stemming, an index
built once per version of the store and kept in a file (`tui.search.stored`), and highlight
spans that land on whole words of the original text.

Headless: nothing here imports textual, so the CLI and tests use it without a terminal.
"""

from __future__ import annotations

from tui.search.analysis import (
    Normalized,
    Token,
    normalize,
    normalize_with_offsets,
    stem,
    tokenize,
    word_keys,
)
from tui.search.index import (
    SearchIndex,
    SearchLang,
    field_text,
    group_by_department,
    hit_count,
    matching_solutions,
    searchable_fields,
)
from tui.search.postings import Field
from tui.search.query import Query, Span, highlight_spans, parse_query
from tui.search.results import Hit, HitCount, Results

__all__ = [
    "Field",
    "Hit",
    "HitCount",
    "Normalized",
    "Query",
    "Results",
    "SearchIndex",
    "SearchLang",
    "Span",
    "Token",
    "field_text",
    "group_by_department",
    "highlight_spans",
    "hit_count",
    "matching_solutions",
    "normalize",
    "normalize_with_offsets",
    "parse_query",
    "searchable_fields",
    "stem",
    "tokenize",
    "word_keys",
]
