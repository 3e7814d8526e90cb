"""Keys the app reserves for its own commands; department jump keys may not use them."""

from __future__ import annotations

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
