"""Citations (tui.citation): every field, in each language and style, content kept literal;
and the file a copy goes to where there is no clipboard."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text

from tests.conftest import department_yaml
from tui import citation
from tui.citation import (
    CITE_STYLES,
    CiteStyle,
    citation_record,
    cite,
    fallback_path,
    write_fallback,
)
from tui.i18n import ui
from tui.model import Department, Store
from tui.rtl.chars import close_bidi
from tui.store import load_store

MakeStore = Callable[..., Path]

RLO = "\u202e"


def department(store: Store, ref: str) -> Department:
    found = store.department(ref)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def store() -> Store:
    return load_store()


@pytest.mark.parametrize("style", ["plain", "markdown"])
def test_an_english_citation_names_everything(store: Store, style: CiteStyle) -> None:
    finance = department(store, "finance")
    text = cite(store, "finance", 1, "en", style)
    for part in (
        finance.solutions[1].text.en,
        finance.speaker.name.en,
        finance.speaker.role.en,
        "Department of Finance, solution 2.",
        store.title.en,
        store.source.outlet,
        store.source.published,
        store.source.url,
    ):
        assert part in text, part
    assert not text.endswith("\n")
    assert text.count("\n\n") == 1  # the quote, a blank line, the attribution


def test_an_arabic_citation_speaks_arabic(store: Store) -> None:
    finance = department(store, "finance")
    text = cite(store, "finance", 0, "ar")
    assert text.startswith("«" + finance.solutions[0].text.ar + "»\n\n— ")
    attribution = text.split("\n\n")[1]
    assert f"{finance.speaker.name.ar} ({finance.speaker.role.ar})، إدارة المالية، الحل 1." in (
        attribution
    )
    assert f"«{store.title.ar}»" in attribution
    assert "solution" not in text and "Department" not in text


def test_the_plain_english_layout(store: Store) -> None:
    finance = department(store, "finance")
    source = store.source
    assert cite(store, "finance", 1, "en") == (
        f"“{finance.solutions[1].text.en}”\n\n"
        f"— {finance.speaker.name.en} ({finance.speaker.role.en}), Department of Finance, "
        f"solution 2. “{store.title.en}”, {source.outlet}, {source.published}, {source.url}"
    )


def test_markdown_quotes_a_block_links_the_url_and_sets_the_outlet_in_italics(store: Store) -> None:
    text = cite(store, "finance", 1, "en", "markdown")
    quote, attribution = text.split("\n\n")
    assert quote.startswith("> From there")
    assert f"*{store.source.outlet}*" in attribution
    assert f"<{store.source.url}>" in attribution


def test_a_department_citation_quotes_its_headline(store: Store) -> None:
    health = department(store, "health")
    text = cite(store, "health", None, "en")
    assert text.startswith(f"“{health.headline.en}”\n\n— ")
    assert "solution" not in text.split("\n\n")[1]
    assert cite(store, "a", None, "en") == text  # its key names it too


def test_what_the_store_does_not_have_is_a_lookup_error(store: Store) -> None:
    with pytest.raises(LookupError, match="no department 'nowhere'"):
        cite(store, "nowhere", 0, "en")
    count = len(department(store, "finance").solutions)
    with pytest.raises(LookupError, match=f"finance has {count} solutions; there is no solution"):
        cite(store, "finance", count, "en")
    with pytest.raises(LookupError):
        cite(store, "finance", -1, "en")


def _hostile(make_store: MakeStore) -> Path:
    """A store whose text looks like Markdown and HTML and uses a bidi override."""
    yaml = (
        department_yaml()
        .replace('en: "Renew investment promotion"', 'en: "*bold* [link](x) <b>\\n# heading"')
        .replace('en: "Van Dinh Thao"', f'en: "{RLO}Evil"')
    )
    return make_store(departments={"01-finance.yaml": yaml})


def test_markdown_keeps_content_literal_and_every_quoted_line_quoted(
    make_store: MakeStore,
) -> None:
    store = load_store(_hostile(make_store))
    text = cite(store, "finance", 0, "en", "markdown")
    quote, _attribution = text.split("\n\n")
    assert quote.split("\n") == [r"> \*bold\* \[link\](x) \<b\>  ", r"> \# heading"]


def test_a_bidi_override_in_a_field_stays_in_that_field(make_store: MakeStore) -> None:
    store = load_store(_hostile(make_store))
    for style in CITE_STYLES:
        text = cite(store, "finance", 0, "en", style)
        for line in text.split("\n"):
            assert close_bidi(Text(line)).plain == line
        attribution = text.split("\n\n")[1]
        # the override is closed (and isolated) before the role that follows it
        assert attribution.index("\u2069") < attribution.index("(Director")


def test_the_citation_words_come_from_i18n(store: Store) -> None:
    for lang in ("ar", "en"):
        template = ui("cite.solution", lang, who="W", department="D", n=7, title="T", source="S")
        assert cite(store, "finance", 0, lang).split("\n\n")[1].startswith("— ")
        assert template.startswith("W") and "7" in template


def test_a_record_has_the_fields_and_the_plain_citation(store: Store) -> None:
    record = citation_record(store, "finance", 1, "en")
    assert record == {
        "lang": "en",
        "department": {"id": "finance", "name": "Department of Finance"},
        "speaker": {
            "name": department(store, "finance").speaker.name.en,
            "role": department(store, "finance").speaker.role.en,
        },
        "solution": 2,
        "text": department(store, "finance").solutions[1].text.en,
        "title": store.title.en,
        "outlet": store.source.outlet,
        "published": store.source.published,
        "url": store.source.url,
        "citation": cite(store, "finance", 1, "en"),
    }
    assert citation_record(store, "finance", None, "ar")["solution"] is None


def test_the_fallback_file_is_in_the_state_folder_private_and_replaced(store: Store) -> None:
    path = write_fallback(cite(store, "finance", 0, "en"))
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "policy-browser" / "clipboard.txt"
    assert path == fallback_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == cite(store, "finance", 0, "en") + "\n"
    write_fallback("second")
    assert path.read_text(encoding="utf-8") == "second\n"


def test_the_fallback_file_holds_no_control_characters(tmp_path: Path) -> None:
    path = write_fallback("a\x1b]52;c;aGk=\x07b\nline two")
    assert path.read_text(encoding="utf-8") == "a␛]52;c;aGk=␇b\nline two\n"


def test_the_fallback_without_a_home_raises_oserror(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citation, "user_dir", lambda kind: None)
    assert fallback_path() is None
    with pytest.raises(OSError, match="no home"):
        write_fallback("text")


def test_the_fallback_over_an_unwritable_place_raises_oserror() -> None:
    state = Path(os.environ["XDG_STATE_HOME"])
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        write_fallback("text")
