"""Who the terminal is, from what it answered (`tui.rtl.handshake`) or, failing that, from
the environment variables it set (which ssh, sudo, containers and tmux do not pass on).

What each terminal answers was read in its source and, for xterm 379, VTE 0.70, mlterm
3.9.0, Konsole 22.12 and tmux 3.3a, measured here (RTL-NOTES). What it does with
right-to-left text decides its `kind`:

* `bdsm`: implements BDSM (terminal-wg "BiDi in terminal emulators"): VTE >= 0.58, WezTerm,
  mintty. DECRQM tells its state; `CSI 8 l` stops it reordering.
* `mlterm`: reorders and shapes; `OSC 5379 ; use_ctl=false` stops it.
* `konsole`: reorders and shapes; a runtime profile change (`OSC 50 ;
  BidiRenderingEnabled=false`) stops it for the session, nothing on disk changes.
* `reorders`: reorders and offers no switch (Apple's Terminal).
* `preference`: reorders only when a setting is on, and no sequence reaches it (iTerm2).
* `multiplexer`: tmux, GNU screen: cells pass as sent; the terminal around them matters.
* `plain`: draws cells in the order sent (xterm, kitty, foot, Alacritty, Ghostty, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from tui.rtl.handshake import DECRQM_BDSM, Answers, mlterm_query

Kind = Literal["bdsm", "mlterm", "konsole", "reorders", "preference", "multiplexer", "plain"]
Source = Literal["answers", "environment", "nothing"]


class Terminal(NamedTuple):
    """A terminal as far as it could be known."""

    name: str
    """Short name: vte, wezterm, mintty, mlterm, konsole, apple-terminal, iterm2, tmux,
    screen, xterm, kitty, foot, alacritty, ghostty, windows-terminal, linux, other."""
    version: str
    """Its version as it gave it ("" when not known)."""
    source: Source
    """Where the name came from."""
    fingerprint: str
    """What identified it, e.g. `xtversion=XTerm(379)`, `da2=65;7006;1`, `env=VTE_VERSION`."""

    @property
    def kind(self) -> Kind:
        """What it does with right-to-left text (module docstring)."""
        return KINDS.get(self.name, "plain")

    @property
    def label(self) -> str:
        """Its name for people."""
        base = LABELS.get(self.name, self.name)
        return f"{base} {self.version}" if self.version else base

    @property
    def key(self) -> str:
        """Under what a user's choice for it is kept: its name, or for a terminal not
        recognised, what it answered (without versions) or its TERM."""
        return self.name if self.name != "other" else self.fingerprint


KINDS: dict[str, Kind] = {
    "vte": "bdsm",
    "wezterm": "bdsm",
    "mintty": "bdsm",
    "mlterm": "mlterm",
    "konsole": "konsole",
    "apple-terminal": "reorders",
    "iterm2": "preference",
    "tmux": "multiplexer",
    "screen": "multiplexer",
}

CLIPBOARD: dict[str, bool] = {
    "kitty": True, "wezterm": True, "foot": True, "alacritty": True, "ghostty": True,
    "windows-terminal": True, "mintty": True, "mlterm": True,
    "vte": False, "apple-terminal": False, "linux": False,
}  # fmt: skip
"""Whether a terminal lets an app set the clipboard (OSC 52) as it comes: yes, no; a terminal
not named here may (xterm, Konsole, iTerm2 and tmux each have a setting for it)."""

LABELS = {
    "vte": "VTE (GNOME Terminal, xfce4-terminal, Tilix)",
    "wezterm": "WezTerm",
    "mintty": "mintty",
    "mlterm": "mlterm",
    "konsole": "Konsole",
    "apple-terminal": "Terminal.app",
    "iterm2": "iTerm2",
    "tmux": "tmux",
    "screen": "GNU screen",
    "xterm": "xterm",
    "kitty": "kitty",
    "foot": "foot",
    "alacritty": "Alacritty",
    "ghostty": "Ghostty",
    "windows-terminal": "Windows Terminal",
    "linux": "Linux console",
    "other": "unknown terminal",
}

XTVERSION_NAMES = (
    ("xterm(", "xterm"),
    ("vte(", "vte"),
    ("wezterm", "wezterm"),
    ("mintty", "mintty"),
    ("mlterm(", "mlterm"),
    ("konsole", "konsole"),
    ("iterm2", "iterm2"),
    ("tmux", "tmux"),
    ("kitty(", "kitty"),
    ("foot(", "foot"),
    ("ghostty", "ghostty"),
    ("contour", "contour"),
    ("terminology(", "terminology"),
)
"""XTVERSION's text, lower-cased, starts with: the terminal."""


def from_xtversion(text: str, source: Source = "answers") -> Terminal | None:
    """The terminal an XTVERSION text names (also tmux's `client_termtype`), if known."""
    lowered = text.lower()
    for prefix, name in XTVERSION_NAMES:
        if lowered.startswith(prefix):
            version = text[len(prefix) :].strip(" ()")
            return Terminal(name, version, source, f"xtversion={text}")
    return None


def _from_da2(da2: tuple[int, ...]) -> tuple[str, str] | None:
    """Secondary device attributes (kind of terminal, version, options) -> name, version."""
    if len(da2) < 2:
        return None
    kind, version = da2[0], da2[1]
    option = da2[2] if len(da2) > 2 else 0
    if kind in (61, 65) and option == 1:
        return "vte", _vte_version(version)
    if version == 115 and kind in (0, 1):
        return "konsole", ""
    if version == 279 and kind in (1, 24):
        return "mlterm", ""
    if kind == 84:
        return "tmux", ""
    if kind == 83:
        return "screen", ""
    if kind == 77:
        return "mintty", ""
    if version == 2500 or (kind, version) == (0, 95):
        return "iterm2", ""
    if (kind, version) == (1, 95):
        return "apple-terminal", ""
    if (kind, version) == (1, 277):
        return "wezterm", ""
    if kind == 1 and version >= 4000:
        return "kitty", ""
    if (kind, version, option) == (0, 10, 1):
        return "windows-terminal", ""
    if kind == 0 and option == 1:
        return "alacritty", ""
    if (kind, version) == (1, 10):
        return "ghostty", ""
    if kind == 41:
        return "xterm", str(version)
    return None


def _vte_version(number: int) -> str:
    """VTE's version number (minor * 100 + micro, e.g. 7006) as 0.70.6."""
    return f"0.{number // 100}.{number % 100}" if number >= 100 else ""


ENV_HINTS = (
    ("TERM_PROGRAM", "WezTerm", "wezterm"),
    ("TERM_PROGRAM", "iTerm.app", "iterm2"),
    ("TERM_PROGRAM", "Apple_Terminal", "apple-terminal"),
    ("TERM_PROGRAM", "mintty", "mintty"),
    ("LC_TERMINAL", "iTerm2", "iterm2"),
    ("MLTERM", None, "mlterm"),
    ("KONSOLE_VERSION", None, "konsole"),
    ("VTE_VERSION", None, "vte"),
    ("XTERM_VERSION", None, "xterm"),
    ("KITTY_WINDOW_ID", None, "kitty"),
    ("WT_SESSION", None, "windows-terminal"),
)
"""Variable, the value it must have (None: any), terminal. In this order: a terminal's own
variable beats one a parent terminal left behind."""


def from_environment(env: Mapping[str, str], *, multiplexers: bool = True) -> Terminal:
    """The terminal its environment names (a hint: ssh, sudo and tmux lose or keep it).

    `multiplexers=False` looks past tmux and screen, at what their server inherited from
    the terminal that started it.
    """
    term = env.get("TERM", "")
    if term == "linux":
        return Terminal("linux", "", "environment", "env=TERM=linux")
    if multiplexers and (env.get("TMUX") or term.startswith("tmux")):
        return Terminal("tmux", "", "environment", "env=TMUX")
    if multiplexers and (env.get("STY") or term.startswith("screen")):
        return Terminal("screen", "", "environment", "env=STY")
    for variable, wanted, name in ENV_HINTS:
        value = env.get(variable)
        if value and (wanted is None or value == wanted):
            return Terminal(name, "", "environment", f"env={variable}")
    if term.startswith("xterm-kitty"):
        return Terminal("kitty", "", "environment", f"env=TERM={term}")
    # TERM=xterm-256color is what most terminals claim: it names none of them
    return Terminal("other", "", "nothing", f"env=TERM={term or '-'}")


def identify(answers: Answers, env: Mapping[str, str]) -> Terminal:
    """Who the terminal is: its answers decide; the environment speaks only when it was
    silent or answered in a way not recognised."""
    if answers.xtversion and (named := from_xtversion(answers.xtversion)):
        return named
    if answers.da2 and (found := _from_da2(answers.da2)):
        name, version = found
        return Terminal(name, version, "answers", f"da2={_joined(answers.da2)}")
    hinted = from_environment(env)
    if hinted.source != "nothing" or answers.round_trip is None:
        return hinted
    # It answered, in a way not known here: keep what it said (versions left out) as the
    # key under which a user's choice for it is remembered.
    said = (answers.xtversion or "").split("(")[0].split(" ")[0]
    da2 = _joined(answers.da2[:1]) if answers.da2 else "-"
    return Terminal("other", "", "answers", f"xtversion={said or '-'},da2={da2}")


def _joined(numbers: tuple[int, ...]) -> str:
    return ";".join(map(str, numbers))


def follow_up(answers: Answers, env: Mapping[str, str]) -> bytes:
    """What to ask the terminal next (`tui.rtl.handshake.converse`), given what it said.

    BDSM's state wherever the terminal may implement it (so the way out restores it),
    except in Apple's Terminal, which prints DECRQM's final `p`; mlterm's `use_ctl`.
    """
    terminal = identify(answers, env)
    if terminal.name == "mlterm":
        return mlterm_query(answers)
    may_implement = terminal.kind == "bdsm" or terminal.name == "other"
    return DECRQM_BDSM if may_implement and answers.bdsm is None else b""
