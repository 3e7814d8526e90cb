"""Keys: the app's reserved ones, and what each key sends in the Arabic keyboard layouts.

`key_problem` is the rule a department's key follows, applied by the YAML reader
(`tui.store`) and to a cached store (`tui.content`) alike.

After typing Arabic the keyboard is in an Arabic layout, and each key sends an Arabic letter:
q sends ض, t ف, / ظ, ? ؟. The tables here say what each key sends in the common layouts
(from Unicode CLDR's keyboard data and xkeyboard-config's `ara`): Windows "Arabic (101)"
and XKB `ara` agree on the letters (the PC layouts); macOS "Arabic" puts some elsewhere.
Where they disagree, an Arabic letter means its PC key, and its Mac key only when the PC
key does nothing here (`latin_key`: ر is PC v, Mac n: it moves to the next solution unless
a department's key is v). Windows sends the lam-alef key (b) as two letters, ل then ا;
XKB sends one character, ﻻ. Never imports textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping

# One character each. Department keys are validated against this set (tui.store), and
# the app's BINDINGS use only these for single-character commands, so a jump key can
# never shadow a command. Digits stay free for departments.
RESERVED_KEYS: frozenset[str] = frozenset(
    {
        "q",  # quit
        "?",  # help
        "/",  # search
        ":",  # go to a department by key, number, id or name
        "t",  # theme filter panel
        "c",  # clear filter and search
        "o",  # only matching solutions (hide the others)
        "s",  # Arabic and English side by side (v would send what n and ] send on a Mac)
        "m",  # theme x department matrix
        "l",  # toggle language
        "y",  # copy the current solution or department
        "Y",  # copy a citation
        "f",  # pin or unpin the current solution
        "P",  # the pins
        "u",  # copy the source's link
        "r",  # reload the store
        "j",  # down (vim)
        "k",  # up (vim)
        # g and h run nothing, and no department may take them: on the Windows and X11
        # Arabic layouts they type ل and ا, the two characters Windows sends for its
        # lam-alef key (b). Bound, the ل would act before the pair is seen.
        "g",
        "h",
        "[",  # back in history
        "]",  # forward in history
        "n",  # next match (or solution)
        "N",  # previous match (or solution)
        "p",  # previous solution
        " ",  # page / select
    }
)


MAX_KEY_LENGTH = 4
"""Characters in a department's key at most: typed one after the other (vim's `gg`)."""


def key_problem(key: object) -> str | None:
    """Why `key` cannot be a department's jump key, or None when it can: 1 to 4 visible
    characters, the first of which is not an app command's (nor what an Arabic layout sends
    on one); the characters after it are only read once the first has been typed."""
    if (
        not isinstance(key, str)
        or not 1 <= len(key) <= MAX_KEY_LENGTH
        or any(unicodedata.category(char)[0] not in "LNPS" for char in key)
    ):
        return f"key {key!r} must be 1 to {MAX_KEY_LENGTH} visible characters"
    first, what = (
        key[0],
        f"key {key!r}" if len(key) == 1 else f"key {key!r} starts with {key[0]!r}, which",
    )
    if first in RESERVED_KEYS:
        return (
            f"{what} is reserved for an app command; choose another "
            f"(reserved: {' '.join(sorted(k for k in RESERVED_KEYS if k.strip()))})"
        )
    reserved = next((k for k in RESERVED_KEYS if first in sent_by(k, RESERVED_KEYS)), None)
    if reserved is not None:
        return (
            f"{what} is what an Arabic keyboard sends for {reserved!r}, an app command; "
            "choose another"
        )
    return None


def prefixed_keys(keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(prefix, key) for every key that another key is the start of: typed, the shorter
    would always jump before the longer could be finished."""
    known = set(keys)
    for key in sorted(known):
        for end in range(1, len(key)):
            if key[:end] in known:
                yield key[:end], key
                break


PC_LAYOUT = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ",
    "p": "ح", "[": "ج", "]": "د", "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا",
    "j": "ت", "k": "ن", "l": "م", ";": "ك", "'": "ط", "z": "ئ", "x": "ء", "c": "ؤ", "v": "ر",
    "b": "\ufefb", "n": "ى", "m": "ة", ",": "و", ".": "ز", "/": "ظ", "`": "ذ", "?": "؟",
    "Y": "إ", "N": "آ", "P": "؛",
}  # fmt: skip
"""What a key sends in Windows "Arabic (101)" and XKB `ara` (CLDR ar-t-k0-windows; xkb-data
2.35 symbols/ara); with Shift, only where a command is bound (Y, N, P). b: XKB's one
character (Windows sends ل then ا: `latin_key`)."""

MAC_LAYOUT = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ",
    "p": "ح", "[": "ج", "]": "ة", "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا",
    "j": "ت", "k": "ن", "l": "م", ";": "ك", "'": "؛", "z": "ظ", "x": "ط", "c": "ذ", "v": "د",
    "b": "ز", "n": "ر", "m": "و", ",": "،", "`": "ـ", "?": "؟",
}  # fmt: skip
"""What a key sends in macOS "Arabic" (CLDR ar-t-k0-osx)."""

ARABIC_DIGITS = {str(n): (chr(0x0660 + n), chr(0x06F0 + n)) for n in range(10)}
"""The number row in the layouts that send Arabic-Indic digits (macOS, XKB `ara(digits)`),
and the extended digits some keyboards send."""

LAM, ALEF = "ل", "ا"
LAM_ALEF_KEY = "b"
"""Windows sends the lam-alef key (b) as two characters, LAM then ALEF, in one write."""


def _of(layout: Mapping[str, str]) -> dict[str, str]:
    return {char: key for key, char in layout.items()}


_PC_KEY = _of(PC_LAYOUT)
_MAC_KEY = _of(MAC_LAYOUT)
_DIGIT_KEY = {char: digit for digit, chars in ARABIC_DIGITS.items() for char in chars}


def latin_key(char: str, used: Collection[str]) -> str | None:
    """The Latin key an Arabic layout's `char` stands for, among the keys `used` here:
    its PC key, else its Mac key, else None. Arabic-Indic digits are digits."""
    if char in _DIGIT_KEY:
        return _DIGIT_KEY[char]
    for table in (_PC_KEY, _MAC_KEY):
        key = table.get(char)
        if key is not None and key in used:
            return key
    return None


def sent_by(key: str, used: Collection[str]) -> list[str]:
    """What Arabic layouts send for the Latin `key` and means it here (`latin_key`)."""
    chars = list(ARABIC_DIGITS.get(key, ()))
    for layout in (PC_LAYOUT, MAC_LAYOUT):
        char = layout.get(key)
        if char is not None and char not in chars and latin_key(char, used) == key:
            chars.append(char)
    return chars
