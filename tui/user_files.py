"""The user's own files, in the XDG folders: config (the bidi choice), state, data, cache.

Each is rebuilt or ignored when it cannot be read: a damaged file costs a notice, never a
crash. Files are written whole (a temporary file in the same folder, created exclusively,
then renamed over the old one), so a reader never sees half of one and a planted link is
never followed.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

APP_FOLDER = "policy-browser"
"""The app's folder name inside each of the user's XDG folders."""

XDG_FOLDERS = {
    "config": ("XDG_CONFIG_HOME", ".config"),
    "state": ("XDG_STATE_HOME", ".local/state"),
    "data": ("XDG_DATA_HOME", ".local/share"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
}

MAX_USER_FILE = 1 << 20
"""Bytes read at most from a user file (the app's own are a few hundred)."""


def user_dir(kind: str, env: Mapping[str, str] | None = None) -> Path | None:
    """The app's folder in the user's XDG `kind` folder (config, state, data, cache), or None
    where there is no home to put it in. A relative XDG variable is ignored, as the XDG
    specification says; an empty HOME counts as unset."""
    env = os.environ if env is None else env
    variable, fallback = XDG_FOLDERS[kind]
    configured = env.get(variable, "")
    if configured and os.path.isabs(configured):
        return Path(configured) / APP_FOLDER
    home = env.get("HOME", "")
    if not home:
        try:
            home = pwd.getpwuid(os.getuid()).pw_dir
        except (KeyError, OSError):
            return None
    if not home or not os.path.isabs(home):
        return None
    return Path(home) / fallback / APP_FOLDER


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step (OSError when it cannot be written; nothing is
    left behind)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_regular(path: Path, limit: int = MAX_USER_FILE) -> bytes | None:
    """The bytes of `path` if it is a regular file (never a FIFO or a device: opened without
    blocking and checked before reading), None when it does not exist (OSError otherwise)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return file.read(limit + 1)


class UserFileError(ValueError):
    """A user file that cannot be used; the message says which and why."""


def _read_toml(path: Path, limit: int = MAX_USER_FILE) -> tuple[dict[str, Any], str]:
    """A user's TOML file and its text ({} and "" when it does not exist); UserFileError says
    what is wrong with it, with the line where TOML knows it."""
    try:
        data = read_regular(path, limit)
    except OSError as error:
        raise UserFileError(f"{path}: cannot be read ({error.strerror or error})") from error
    if data is None:
        return {}, ""
    if len(data) > limit:
        raise UserFileError(f"{path}: larger than {limit:,} bytes")
    import tomllib  # only when there is a file: not on every start

    try:
        text = data.decode("utf-8")
        return tomllib.loads(text), text
    except UnicodeDecodeError as error:
        raise UserFileError(f"{path}: not UTF-8 text (byte {error.start})") from error
    except tomllib.TOMLDecodeError as error:
        where = re.search(r" \(at line (\d+), column (\d+)\)$", str(error))
        if where is not None:
            message = str(error)[: where.start()]
            raise UserFileError(f"{path}:{where[1]}:{where[2]}: {message}") from error
        if str(error).endswith(" (at end of document)"):  # a truncated file: its last line
            message = str(error).removesuffix(" (at end of document)")
            line = text.count("\n") + 1
            column = len(text) - text.rfind("\n")
            raise UserFileError(f"{path}:{line}:{column}: {message} (at the end)") from error
        raise UserFileError(f"{path}: {error}") from error


class UserTable(NamedTuple):
    """One `[table]` of a user's TOML file, and what was wrong with the file."""

    entries: dict[str, Any]
    problems: list[str]
    text: str = ""

    def line(self, key: str) -> int:
        """The line where `key` is written (1 when it cannot be found): for a problem with
        one entry, which tomllib does not place."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if line.split("=", 1)[0].strip().strip("\"'") == key:
                return number
        return 1


def read_table(path: Path, name: str) -> UserTable:
    """The `[name]` table of a user's TOML file (empty where there is no file or no table);
    where something is wrong with the file, the whole file is ignored and the problem said."""
    try:
        data, text = _read_toml(path)
    except UserFileError as error:
        return UserTable({}, [f"{error}; the file is ignored (fix or delete it)"])
    table = data.get(name, {})
    if not isinstance(table, dict):
        return UserTable({}, [f"{path}: [{name}] must be a table; the file is ignored"])
    return UserTable(table, [], text)


def brief(value: object, limit: int = 60) -> str:
    """A value from a user file, quoted for a problem message (repr, which escapes controls
    and bidi controls), cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UserDocument(NamedTuple):
    """A whole user TOML file, its text, and what was wrong with it (when something was,
    `data` is empty: the file is ignored)."""

    data: dict[str, Any]
    problems: list[str]
    text: str = ""

    def line_of(self, header: str, number: int) -> int:
        """The line of the `number`-th (from 1) `header` line, e.g. `[[pins]]` (1 when it is
        not written that way): for a problem with one entry of an array of tables."""
        seen = 0
        for line_number, line in enumerate(self.text.splitlines(), 1):
            if line.strip() == header:
                seen += 1
                if seen == number:
                    return line_number
        return 1


def read_document(path: Path, limit: int = MAX_USER_FILE) -> UserDocument:
    """A user's whole TOML file (for files that are not one `[table]`: arrays of tables);
    a file that cannot be read is ignored and the problem said, as `read_table` does."""
    try:
        data, text = _read_toml(path, limit)
    except UserFileError as error:
        return UserDocument({}, [f"{error}; the file is ignored (fix or delete it)"])
    return UserDocument(data, [], text)


_SURROGATES = re.compile("[\ud800-\udfff]")


def toml_table(name: str, fields: Mapping[str, Any], *, array: bool = False) -> str:
    """One `[name]` (or `[[name]]`, an entry of an array of tables) with its fields, for a
    file the app writes: values written by tomli-w, which knows TOML's escapes (DEL, the
    controls, quotes); None leaves a field out, a lone surrogate (no UTF-8 file can hold
    one) becomes U+FFFD."""
    import tomli_w

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _SURROGATES.sub("\ufffd", value)
        if isinstance(value, list | tuple):
            return [clean(item) for item in value]
        return value

    body = tomli_w.dumps({key: clean(value) for key, value in fields.items() if value is not None})
    header = f"[[{name}]]" if array else f"[{name}]"
    return f"{header}\n{body}"


def set_aside(path: Path) -> Path | None:
    """Rename a user file the app could not read out of the way (`NAME.damaged`, then
    `NAME.damaged-2`...) before writing a new one, so that nothing the user wrote is lost;
    where it went (None when there was no file; OSError when it cannot be moved)."""
    if not os.path.lexists(path):
        return None
    for number in range(1, 1000):
        suffix = ".damaged" if number == 1 else f".damaged-{number}"
        kept = path.with_name(path.name + suffix)
        if not os.path.lexists(kept):
            os.rename(path, kept)
            return kept
    raise OSError(f"{path}: too many damaged copies beside it; delete some")
