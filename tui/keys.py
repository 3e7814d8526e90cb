"""Keys the app reserves for its own commands; department jump keys may not use them.

`key_problem` is the rule a department's key follows, applied by the YAML reader
(`tui.store`) and to a cached store (`tui.content`) alike.
"""

from __future__ import annotations

import unicodedata

# One character each. Department keys are validated against this set (tui.store), and
# the app's BINDINGS use only these for single-character commands, so a jump key can
# never shadow a command. Digits stay free for departments.
RESERVED_KEYS: frozenset[str] = frozenset(
    {
        "q",  # quit
        "?",  # help
        "/",  # search
        "t",  # theme filter panel
        "c",  # clear filter and search
        "o",  # only matching solutions (hide the others)
        "m",  # theme x department matrix
        "l",  # toggle language
        "y",  # copy the current solution or department
        "u",  # copy the source's link
        "r",  # reload the store
        "h",  # back / focus list (vim)
        "j",  # down (vim)
        "k",  # up (vim)
        "g",  # first (vim)
        "G",  # last (vim)
        "n",  # next solution
        "p",  # previous solution
        " ",  # page / select
    }
)


def key_problem(key: object) -> str | None:
    """Why `key` cannot be a department's jump key, or None when it can."""
    if not isinstance(key, str) or len(key) != 1 or unicodedata.category(key)[0] not in "LNPS":
        return f"key {key!r} must be exactly one visible character"
    if key in RESERVED_KEYS:
        return (
            f"key {key!r} is reserved for an app command; choose another "
            f"(reserved: {' '.join(sorted(k for k in RESERVED_KEYS if k.strip()))})"
        )
    return None
