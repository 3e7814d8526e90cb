"""Read an article's text into sections, every line kept with its number.

The shape is the bundled seed's (tests/data/seed_article.txt): per section a headline line,
a speaker line ending in `|` ("الرفيق NAME، ROLE |"), then paragraphs, one a line; at the end
a source line ("المصدر: URL"), then page furniture ("تعليق (0)"). A section may lack its
speaker line: a short line that ends in a letter or digit, followed by a paragraph, starts
one. Blank lines are allowed anywhere and mean nothing.

Text that cannot be read at all (not UTF-8, control characters, no section) raises
`ArticleError` with the line; what is read but fits nowhere is kept in `Article.leftovers`
for the import to report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

MAX_ARTICLE_BYTES = 5_000_000
"""An article larger than this is not an article (the seed is 37 kB)."""

HEADLINE_WORDS = 15
"""A line of more words than this is a paragraph, never the headline of a section."""

SPEAKER_END = "|"
HONORIFICS = ("الرفيق ", "الرفيقة ", "السيد ", "السيدة ")
"""Page furniture before a speaker's name, dropped (the seed says "الرفيق", comrade)."""

SOURCE_LINE = re.compile(r"^(?:المصدر|source)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
URL = re.compile(r"https?://\S+")
FURNITURE = re.compile(r"^(?:تعليق|تعليقات|comments?)\s*\(\d+\)$", re.IGNORECASE)
"""A comment counter under the article ("تعليق (0)"): page furniture, dropped."""

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
LIST_START = re.compile(r"^(?:\(?[0-9٠-٩]{1,3}[.)\-]|[-•*])\s")
"""A line that opens with a list marker (1. 2) - •) is an item, never a headline."""


class Line(NamedTuple):
    """One line of the article: its number (from 1) and its text, stripped."""

    number: int
    text: str


@dataclass
class Section:
    """One speaker's part of the article: headline, speaker line, paragraphs."""

    headline: Line | None
    speaker: Line | None
    paragraphs: list[Line] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        """The section's first line number, for messages."""
        first = self.headline or self.speaker or self.paragraphs[0]
        return first.number

    @property
    def last_line(self) -> int:
        """The section's last line number, for messages."""
        last = self.paragraphs[-1] if self.paragraphs else (self.speaker or self.headline)
        assert last is not None
        return last.number


@dataclass
class Article:
    """The article read: its sections, source line and what fits nowhere."""

    sections: list[Section]
    source: Line | None
    url: str | None
    leftovers: list[Line]
    furniture: list[Line]


class ArticleError(ValueError):
    """The article cannot be read; `line` says where (1 when it is the whole text)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def decode(data: bytes) -> str:
    """The article's text from its bytes: UTF-8 (a BOM is dropped), line ends made `\\n`."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            1, f"the article is {len(data):,} bytes, over the limit of {MAX_ARTICLE_BYTES:,}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ArticleError(
            line, f"not UTF-8 (byte 0x{data[error.start]:02x}); save the article as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ArticleError(
            line,
            f"the character U+{ord(bad.group()):04X} is not text; remove it "
            "(a line break is a newline)",
        )
    if not text.strip():
        raise ArticleError(1, "the article is empty")
    return text


def is_speaker(text: str) -> bool:
    """A speaker line: "NAME، ROLE |"."""
    return text.endswith(SPEAKER_END) and len(text) > 1


def looks_like_headline(text: str) -> bool:
    """A short line ending in a letter or digit: the headline of a section without speaker."""
    last = text.rstrip("\"'»”)")[-1:]
    return (
        bool(last)
        and unicodedata.category(last)[0] in "LN"
        and len(text.split()) <= HEADLINE_WORDS
        and not LIST_START.match(text)
    )


def read_article(text: str) -> Article:
    """Cut the article into sections; raise ArticleError when it holds none."""
    lines = [Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), 1)]
    lines = [line for line in lines if line.text]
    source_at = next(
        (i for i in range(len(lines) - 1, -1, -1) if SOURCE_LINE.match(lines[i].text)), None
    )
    body = lines if source_at is None else lines[:source_at]
    tail = [] if source_at is None else lines[source_at + 1 :]
    sections, leftovers = _sections(body)
    if not sections:
        raise ArticleError(
            1,
            "no section found: an article needs a headline line, then a speaker line ending "
            "in | (الرفيق NAME، ROLE |), then paragraphs",
        )
    source = None if source_at is None else lines[source_at]
    url = None
    if source is not None:
        match = SOURCE_LINE.match(source.text)
        found = URL.search(match.group("rest")) if match else None
        url = found.group() if found else None
    furniture = [line for line in tail if FURNITURE.match(line.text)]
    leftovers += [line for line in tail if not FURNITURE.match(line.text)]
    return Article(sections, source, url, leftovers, furniture)


def _starts(body: list[Line]) -> dict[int, tuple[int | None, int | None]]:
    """Where sections start: body index -> (headline index, speaker index)."""
    starts: dict[int, tuple[int | None, int | None]] = {}
    for i, line in enumerate(body):
        if is_speaker(line.text):
            before = i - 1
            headline = (
                before >= 0
                and before not in starts
                and not is_speaker(body[before].text)
                and len(body[before].text.split()) <= HEADLINE_WORDS
            )
            starts[before if headline else i] = (before if headline else None, i)
    taken = {i for pair in starts.values() for i in pair if i is not None}
    for i, line in enumerate(body[:-1]):
        after = body[i + 1].text
        if (
            i not in taken
            and looks_like_headline(line.text)
            and not is_speaker(after)
            and not looks_like_headline(after)
            and (i == 0 or not is_speaker(body[i - 1].text))
        ):
            starts[i] = (i, None)
    return dict(sorted(starts.items()))


def _sections(body: list[Line]) -> tuple[list[Section], list[Line]]:
    """The sections of the article's body, and the lines before the first one."""
    starts = _starts(body)
    if not starts:
        return [], list(body)
    indexes = list(starts)
    sections = []
    for n, start in enumerate(indexes):
        end = indexes[n + 1] if n + 1 < len(indexes) else len(body)
        headline_at, speaker_at = starts[start]
        first_paragraph = max(i for i in (headline_at, speaker_at) if i is not None) + 1
        sections.append(
            Section(
                headline=body[headline_at] if headline_at is not None else None,
                speaker=body[speaker_at] if speaker_at is not None else None,
                paragraphs=body[first_paragraph:end],
            )
        )
    return sections, body[: indexes[0]]


def speaker_parts(text: str) -> tuple[str, str]:
    """A speaker line's name and role: honorific and `|` dropped, cut at the first "، "."""
    text = text.removesuffix(SPEAKER_END).rstrip()
    for honorific in HONORIFICS:
        if text.startswith(honorific):
            text = text[len(honorific) :]
            break
    name, _, role = text.partition("، ")
    return name.strip(), role.strip()
