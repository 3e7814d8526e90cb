"""Read YAML files as position-carrying nodes and turn them into values, recording problems.

Nothing here knows the store's schema: `tui.store` says which fields a file must hold. Files
are read with a size limit, decoded as strict UTF-8 and composed with the safe (C when
present) loader; the node graph is then walked by hand, so every error can name
`file:line:column`, and alias bombs are refused by a node budget instead of being expanded.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tui.model import LANGUAGES, Lang, Localized
from tui.problems import Problem, shown

try:  # the C loader is several times faster; fall back quietly where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
"""A single YAML file larger than this is refused (far larger than the whole bundled
article)."""

MAX_NUMBER = 10**9
"""Numbers (orders) are below this: a 4,000-digit one validated, then every JSON export
failed (Python's int-to-text digit limit)."""
MAX_NUMBER_DIGITS = 40

MAX_NODES = 200_000
"""Node budget per file: enough for 20,000 solutions, far below an alias bomb's expansion."""

# Controls that would drive a terminal if they reached it (newline and tab are text), and
# the line and paragraph separators, which tools disagree about (Python and JavaScript
# break lines there, Rich and terminals do not): a newline is the one line break.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
_FORBIDDEN_CONTROL = re.compile(f"[{_CONTROLS}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")
"""Unpaired surrogates (YAML escapes can make them); a regex, not a per-character loop."""
_UNSAFE = re.compile(f"[{_CONTROLS}{_SURROGATES}]")
"""Either: one search clears a text of both (nearly every text has neither)."""


@dataclass
class SourceFile:
    """Problems and node budget for one YAML file being read."""

    path: Path
    problems: list[Problem]

    def error(self, node: yaml.Node | None, message: str) -> None:
        """Record a problem at `node` (or at the top of the file)."""
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.path, line, column, message))


@dataclass
class Fields:
    """A mapping node's entries by key, with the mapping node for error positions."""

    node: yaml.MappingNode
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = field(default_factory=dict)

    def get(self, key: str) -> yaml.Node | None:
        """The value node for `key`, if present."""
        entry = self.entries.get(key)
        return entry[1] if entry else None


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing (null)"
    return f"{shown(node.tag.rsplit(':', 1)[-1])} {node.value!r}"


def _too_big(size: int) -> str:
    """The message for a file over the size limit (`size` may be a lower bound)."""
    return f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it"


def read_yaml(path: Path, problems: list[Problem]) -> yaml.Node | None:
    """Read, decode and compose one YAML file; record why not when it cannot be."""
    where = SourceFile(path, problems)
    raw = _read_bytes(where)
    text = None if raw is None else _decode(where, raw)
    node = None if text is None else _compose(where, text)
    if text is None or node is None:
        return None
    if not _plainly_within_budget(text) and not expanded_size_within(node, MAX_NODES):
        where.error(
            node,
            f"the file expands to more than {MAX_NODES:,} YAML nodes (an alias bomb?); "
            "remove the aliases (*name) or split the file",
        )
        return None
    return node


def _plainly_within_budget(text: str) -> bool:
    """Whether `text` cannot hold more than `MAX_NODES` nodes, aliases expanded, without its
    graph being walked: with no anchor (`&name`) it has no alias, so it is a tree, and a
    tree of YAML has fewer nodes than three per character."""
    return "&" not in text and len(text) * 3 < MAX_NODES


def _read_bytes(where: SourceFile) -> bytes | None:
    """The bytes of a regular file within the size limit."""
    try:
        info = where.path.stat()
    except OSError as exc:
        where.error(None, f"cannot read the file ({exc.strerror}); check that it exists")
        return None
    if not stat.S_ISREG(info.st_mode):  # a pipe would block, /dev/zero would never end
        where.error(None, "not a regular file (a folder, device or pipe); put a YAML file here")
        return None
    if info.st_size > MAX_FILE_BYTES:
        where.error(None, _too_big(info.st_size))
        return None
    try:
        with where.path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        where.error(None, f"cannot read the file ({exc.strerror})")
        return None
    if len(raw) > MAX_FILE_BYTES:
        where.error(None, _too_big(len(raw)))
        return None
    return raw


def _decode(where: SourceFile, raw: bytes) -> str | None:
    """The text of strict UTF-8 bytes (a leading BOM dropped) that hold more than blanks."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        where.problems.append(Problem(where.path, line, column, message))
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        where.error(None, "the file is empty; fill it in or delete it")
        return None
    return text


def _compose(where: SourceFile, text: str) -> yaml.Node | None:
    """The YAML document's node graph, aliases not expanded."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        message = f"YAML syntax error: {what}; fix the syntax there"
        where.problems.append(Problem(where.path, line, column, message))
        return None
    except yaml.reader.ReaderError as exc:
        where.problems.append(_reader_problem(where.path, text, exc))
        return None
    except yaml.YAMLError as exc:
        where.error(None, f"YAML error: {exc}; fix the syntax")
        return None
    except RecursionError:
        where.error(None, "the YAML is nested too deeply to read; flatten it")
        return None
    if node is None:
        where.error(None, "the file holds no YAML document; fill it in or delete it")
    return node


def _reader_problem(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """Where the character YAML refuses is, by line and column (libyaml counts bytes)."""
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    index = text.find(char)
    if index < 0:  # pragma: no cover - the reader only refuses characters it was given
        index = 0
    before = text[:index]
    line = before.count("\n") + 1
    column = index - (before.rfind("\n") + 1) + 1
    return Problem(
        path,
        line,
        column,
        f"the file contains the character U+{ord(char):04X}, which YAML does not allow; remove it",
    )


class NodeReader:
    """Turns composed YAML nodes of one file into model values, recording every problem."""

    def __init__(self, path: Path, problems: list[Problem], languages: tuple[Lang, ...]) -> None:
        self.file = SourceFile(path, problems)
        self.languages = languages

    def error(self, node: yaml.Node | None, message: str) -> None:
        """Record a problem at `node`."""
        self.file.error(node, message)

    def mapping(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Fields | None:
        """A mapping with known keys; unknown and missing keys are reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping, found {describe(node)}")
            return None
        fields = Fields(node)
        allowed = required + optional
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key == "<<":
                self.error(key_node, f"{what}: keys must be plain names")
                continue
            if key not in allowed:
                self.error(
                    key_node,
                    f"{what}: unknown field {key!r}; expected one of {', '.join(allowed)}",
                )
                continue
            if key in fields.entries:
                self.error(key_node, f"{what}: field {key!r} appears twice; keep one")
                continue
            fields.entries[key] = (key_node, value_node)
        for key in required:
            if key not in fields.entries:
                self.error(node, f"{what}: missing required field {key!r}; add it")
        return fields

    def string(self, node: yaml.Node | None, what: str, *, allow_empty: bool = False) -> str | None:
        """A text scalar, checked for terminal control characters."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":str"):
            self.error(node, f"{what} must be text, found {describe(node)}; quote it")
            return None
        value = str(node.value)
        if not allow_empty and not value.strip():
            self.error(node, f"{what} is empty; write the text or remove the field")
            return None
        if _UNSAFE.search(value):
            self._unsafe(node, what, value)
            return None
        return unicodedata.normalize("NFC", value)

    def _unsafe(self, node: yaml.Node, what: str, value: str) -> None:
        """Say what makes a text unsafe: its first control character, else a surrogate."""
        bad = _FORBIDDEN_CONTROL.search(value)
        if bad:
            code = f"U+{ord(bad.group()):04X}"
            where = f"at position {bad.start() + 1}"
            if bad.group() in "\u2028\u2029":
                self.error(
                    node,
                    f"{what} contains the line separator {code} {where}; use a newline (\\n)",
                )
            else:
                self.error(
                    node,
                    f"{what} contains the control character {code} {where}; remove it "
                    "(controls could drive the terminal)",
                )
        else:
            self.error(node, f"{what} contains an unpaired surrogate; remove it")

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        """A whole number scalar."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":int"):
            self.error(node, f"{what} must be a whole number, found {describe(node)}")
            return None
        digits = str(node.value).replace("_", "")
        if len(digits) > MAX_NUMBER_DIGITS:  # int() of thousands of digits is slow, printing
            self.error(node, f"{what} must be a whole number under a billion")  # it fails
            return None
        try:
            value = int(digits, 0)
        except ValueError:
            self.error(node, f"{what} must be a whole number, found {node.value!r}")
            return None
        if abs(value) >= MAX_NUMBER:
            self.error(node, f"{what} must be a whole number under a billion, found {value:,}")
            return None
        return value

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node] | None:
        """A list node's items."""
        if node is None:
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, found {describe(node)}")
            return None
        return list(node.value)

    def localized(self, node: yaml.Node | None, what: str) -> Localized | None:
        """A {ar, en} mapping holding the text in every language the store declares; `en`
        may be "" (not translated yet) where there is Arabic."""
        if node is None:
            return None
        fields = self.mapping(node, what, (), LANGUAGES)
        if fields is None:
            return None
        values: dict[str, str] = {}
        for lang in LANGUAGES:
            untranslated = lang == "en" and "ar" in self.languages  # en may wait for a translator
            text = self.string(fields.get(lang), f"{what}.{lang}", allow_empty=untranslated)
            if text is not None:
                values[lang] = text.strip() and text
        missing = [lang for lang in self.languages if lang not in fields.entries]
        if missing:
            self.error(
                node,
                f"{what}: missing the {' and '.join(missing)} text; "
                f"every string needs {', '.join(self.languages)}",
            )
        if len(values) != len(fields.entries) or missing:
            return None
        return Localized(ar=values.get("ar", ""), en=values.get("en", ""))


def expanded_size_within(node: yaml.Node, budget: int) -> bool:
    """Whether the node graph, with every alias expanded, has at most `budget` nodes.

    Counting stops as soon as the budget is spent, so a billion-laughs file is refused
    after `budget` steps instead of being expanded.
    """
    stack: list[yaml.Node] = [node]
    while stack:
        budget -= 1
        if budget < 0:
            return False
        current = stack.pop()
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
    return True
