"""Keys in an Arabic keyboard layout, and the user's keymap (issue 15)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding

from tests.app_builder import build_app, main_of
from tests.conftest import CONTENT
from tui import keyboard
from tui.app import PolicyBrowser
from tui.keyboard import EVERY_BINDING, key_setup, keys_problem, read_keymap
from tui.keys import MAC_LAYOUT, PC_LAYOUT, key_problem, latin_key, sent_by
from tui.screens.calibration import CalibrationScreen
from tui.screens.help import HelpScreen, help_text
from tui.screens.main import MainScreen
from tui.screens.matrix import MatrixScreen
from tui.store import load_store
from tui.widgets.key_bar import KeyBar
from tui.widgets.rtl_text import BidiContext
from tui.widgets.search_bar import SearchBar

WIDE = (120, 36)
STORE = load_store(CONTENT)
JUMP_KEYS = STORE.keys()


def key_of(binding: Binding) -> str:
    first = binding.key.split(",")[0]
    return {"slash": "/", "question_mark": "?"}.get(first, first)


# -- the table ---------------------------------------------------------------------------------


def test_the_layouts_agree_where_they_should() -> None:
    """The letters both layouts share, and the ones they do not (b, n, m, z, x, c, v)."""
    assert PC_LAYOUT["q"] == MAC_LAYOUT["q"] == "ض"
    assert PC_LAYOUT["/"] == "ظ" and PC_LAYOUT["?"] == "؟"
    assert PC_LAYOUT["m"] == "ة" and MAC_LAYOUT["m"] == "و"


def test_every_arabic_character_means_one_key_here() -> None:
    """Where the layouts put one character on two keys, the key that does something wins
    (Mac b sends ز, which PC sends on `.`, which does nothing here)."""
    used = key_setup(JUMP_KEYS, None).used
    assert latin_key("ز", used) == "b"
    assert latin_key("ض", used) == "q"
    assert latin_key("ش", used) == "a"
    assert latin_key("٥", used) == latin_key("۵", used) == "5"
    assert latin_key("ص", used) is None  # w does nothing
    for key in used:
        for char in sent_by(key, used):
            assert latin_key(char, used) == key


def test_a_jump_key_an_arabic_layout_sends_for_a_command_is_refused() -> None:
    """A department keyed `ض` would take `q` away from an Arabic keyboard."""
    assert key_problem("ض") is not None and "'q'" in str(key_problem("ض"))
    assert key_problem("ش") is None  # a: a department's key, not a command's


def test_bindings_have_unique_ids() -> None:
    """A keymap entry rebinds one id everywhere: two bindings sharing an id must share keys."""
    keys: dict[str, str] = {}
    for binding in EVERY_BINDING:
        assert binding.id
        assert keys.setdefault(binding.id, binding.key) == binding.key, binding.id


# -- the app, driven as a reader drives it --------------------------------------------------


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Actions the bindings ask for, recorded and not run (so every key can be tried)."""
    actions: list[str] = []

    async def record(self: PolicyBrowser, action: object, *args: object, **kw: object) -> bool:
        actions.append(str(action))
        return True

    monkeypatch.setattr(PolicyBrowser, "run_action", record)
    return actions


@pytest.mark.parametrize("layout", [PC_LAYOUT, MAC_LAYOUT], ids=["pc", "mac"])
async def test_each_arabic_character_runs_its_latin_keys_action(
    recorded: list[str], layout: dict[str, str]
) -> None:
    """Every binding of the main screen and the app: its Latin key, then the character an
    Arabic layout sends on that key, ask for the same action."""
    app = build_app(lang="ar")
    used = key_setup(JUMP_KEYS, None).used
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        tried = 0
        for binding in [*keyboard.APP, *keyboard.MAIN]:
            latin = key_of(binding)
            arabic = layout.get(latin)
            if arabic is None or latin_key(arabic, used) != latin:
                continue  # this layout's character means another key here
            recorded.clear()
            await pilot.press(latin)
            await pilot.press(arabic)
            assert recorded == [binding.action, binding.action], (latin, arabic)
            tried += 1
        assert tried >= 14


async def test_arabic_q_quits() -> None:
    app = build_app(lang="ar")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ض")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_arabic_keys_open_help_search_and_the_theme_panel() -> None:
    app = build_app(lang="ar")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("؟")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("؟")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ف")
        assert app.screen.has_class("-filtering")
        await pilot.press("ف", "ظ")
        assert app.screen.has_class("-searching")
        assert app.focused is app.screen.query_one(SearchBar).input


async def test_in_the_search_field_arabic_is_text() -> None:
    """ض is a letter there, not quit; ت is a letter, not down."""
    app = build_app(lang="ar")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"ضت")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one(SearchBar).input.value == "ضت"


@pytest.mark.parametrize(
    ("typed", "department"),
    [
        (["٥"], "science-technology"),
        (["۷"], "education-training"),
        (["ش"], "health"),  # a
        (["\ufefb"], "commune-party"),  # b in XKB ara
        (["ز"], "commune-party"),  # b on a Mac
        (["ل", "ا"], "commune-party"),  # b on Windows: two characters in one write
    ],
)
async def test_arabic_jump_keys(typed: list[str], department: str) -> None:
    app = build_app(lang="ar")
    async with app.run_test(size=WIDE) as pilot:
        # made together, as one write from the terminal: a loaded machine may not delay the
        # second key past the lam-alef gap
        for key in [events.Key(char, char) for char in typed]:
            app.post_message(key)
        await pilot.pause()
        assert main_of(app).selected == department


def test_the_keys_that_type_lam_and_alef_stay_free_for_windows_lam_alef() -> None:
    """Windows' b sends ل then ا, what g and h type on the PC and X11 layouts: a binding or
    a department on g or h would act on the ل before the pair is seen."""
    from tui.keyboard import EVERY_BINDING
    from tui.keys import ALEF, LAM, PC_LAYOUT, RESERVED_KEYS, key_problem

    halves = {key for key, sent in PC_LAYOUT.items() if sent in (LAM, ALEF)}
    assert halves == {"g", "h"}
    assert halves <= RESERVED_KEYS and all(key_problem(key) for key in halves)
    bound = {key for binding in EVERY_BINDING for key in binding.key.split(",")}
    assert not halves & bound


async def test_lam_then_alef_typed_apart_is_not_b() -> None:
    app = build_app(lang="ar")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ل")
        await pilot.pause(0.3)
        await pilot.press("ا")
        await pilot.pause()
        assert main_of(app).selected == "finance"


async def test_calibration_and_matrix_keys_in_arabic() -> None:
    app = build_app(lang="ar")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ة")  # m: the matrix
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("ة")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("؟", "\ufefb")  # help, then b: calibrate
        assert isinstance(app.screen, CalibrationScreen)
        modes = []
        for digit in "٢۱":
            await pilot.press(digit)
            await pilot.pause()
            modes.append(app.bidi_mode)
        assert modes == ["terminal", "app"]


def test_help_names_both_layouts_and_every_panel() -> None:
    """Each key as both layouts label it; Ctrl+P, the theme panel's space and the matrix's
    keys, which help used to leave out."""
    text = help_text(
        key_setup(JUMP_KEYS, None), STORE.departments, "en", BidiContext(rtl=False)
    ).plain
    for row in ["q ض", "? ؟", "/ ظ", "t ف", "Ctrl+P", "Space", "Enter", "a ش"]:
        assert row in text, row
    assert "In the theme panel" in text and "In the matrix" in text
    assert "Pick or unpick the theme" in text
    assert "1 ١" not in text  # digits are digits: no second label
    assert "keymap.toml" not in text  # no keymap file here: nothing to point at
    keys = key_setup(JUMP_KEYS, Path("/home/reader/.config/policy-browser/keymap.toml"))
    text = help_text(keys, STORE.departments, "ar", BidiContext(rtl=True)).plain
    assert text.endswith("/home/reader/.config/policy-browser/keymap.toml\u2069")


# -- the user's keymap -------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


IDS = {b.id for b in EVERY_BINDING if b.id}


def test_a_good_keymap_is_taken(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\nquit = "x"\nsearch = "ctrl+f,/"\n')
    assert read_keymap(path, IDS, JUMP_KEYS) == ({"quit": "x", "search": "ctrl+f,/"}, [])


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('quiet = "x"', "quiet is not a binding"),
        ("quit = 5", "keys must be text"),
        ('quit = ""', "keys must be text"),
        ('quit = "ctrl+"', "is not a key"),
        ('quit = "cmd+x"', "modifiers are"),
        ('quit = "fivefold"', "not a key name Textual knows"),
        ('quit = "5"', "a department's jump key"),
    ],
)
def test_a_bad_entry_is_skipped_with_its_line(tmp_path: Path, entry: str, says: str) -> None:
    path = write(tmp_path, f'# mine\n[keys]\nhelp = "h"\n{entry}\n')
    keymap = read_keymap(path, IDS, JUMP_KEYS)
    assert keymap.keys == {"help": "h"}
    [problem] = keymap.problems
    assert problem.startswith(f"{path}:4: ") and says in problem and "skipped" in problem


@pytest.mark.parametrize(
    "text", ["[keys\nquit = 'x'\n", "keys = 5\n", b"\xff\xfe[keys]\n", "x" * 2_000_000]
)
def test_a_broken_keymap_is_ignored_with_a_notice(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "keymap.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    keymap = read_keymap(path, IDS, JUMP_KEYS)
    assert keymap.keys == {}
    [problem] = keymap.problems
    assert str(path) in problem


def test_keys_problem() -> None:
    assert keys_problem("x") is None
    assert keys_problem("ctrl+f,/") is None
    assert keys_problem("f5,escape") is None
    assert keys_problem("shift+tab") is None
    assert keys_problem("\x07") is not None


async def test_the_keymap_rebinds_in_the_app_footer_and_help(tmp_path: Path) -> None:
    """quit on x (and what Arabic layouts send on x: ء on a PC, ط on a Mac); q no longer
    quits; the footer and help say x; a bad entry is a notice, the rest still applies."""
    path = write(tmp_path, '[keys]\nquit = "x"\nthemes = "cmd+t"\n')
    store = load_store(CONTENT)
    app = PolicyBrowser(store, content_dir=CONTENT, lang="en", bidi_mode="app", watch=False,
                        cursor_blink=False, keymap=path)  # fmt: skip
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        notices = list(app._toast_messages.values())  # the logical text of each toast
        assert any(f"{path}:3:" in n for n in notices)
        footer = main_of(app).query_one(KeyBar).render().text.plain
        assert " x " in footer and " q " not in footer
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        assert app.is_running
        await pilot.press("ء")
        await pilot.pause()
        assert not app.is_running


# -- in a real pty, through tmux ---------------------------------------------------------------


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[list[str]]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")  # .ci/run installs it
    base = ["tmux", "-L", f"keys{os.getpid()}", "-f", "/dev/null"]
    yield base
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def pane(tmux: list[str]) -> str:
    out = subprocess.run([*tmux, "capture-pane", "-p", "-t", "app"], capture_output=True,
                         text=True, check=False)  # fmt: skip
    return out.stdout


def wait_for(tmux: list[str], text: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = pane(tmux)
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never shown:\n{pane(tmux)}")


def test_arabic_keys_through_tmux(tmux: list[str], tmp_path: Path) -> None:
    """`send-keys -l` types as an Arabic keyboard does: ش jumps to department a, لا (Windows'
    b, two characters) to b, ض quits."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "LANG": "C.UTF-8"}
    command = f"{sys.executable} -m tui --lang en; echo EXITED $?; sleep 30"
    subprocess.run([*tmux, "new-session", "-d", "-s", "app", "-x", "120", "-y", "36", command],
                   env=env, check=True)  # fmt: skip
    wait_for(tmux, "Department of Finance")
    subprocess.run([*tmux, "send-keys", "-t", "app", "-l", "ش"], check=True)
    wait_for(tmux, "malnutrition")
    subprocess.run([*tmux, "send-keys", "-t", "app", "-l", "لا"], check=True)
    wait_for(tmux, "Hoang Thi Thanh Huyen")
    subprocess.run([*tmux, "send-keys", "-t", "app", "-l", "ض"], check=True)
    wait_for(tmux, "EXITED 0")


async def test_r_shows_a_keymap_edited_meanwhile_in_the_key_bar(tmp_path: Path) -> None:
    """The store is unchanged, the keymap not: the footer shows the new key after r."""
    from tests.conftest import CONTENT
    from tui.app import PolicyBrowser
    from tui.store import load_store
    from tui.widgets.key_bar import KeyBar

    keymap = tmp_path / "keymap.toml"
    app = PolicyBrowser(
        load_store(CONTENT), lang="en", watch=False, cursor_blink=False, keymap=keymap
    )
    async with app.run_test(size=WIDE) as pilot:
        keymap.write_text('[keys]\nsearch = "ctrl+f"\n', "utf-8")
        await pilot.press("r")
        await pilot.pause()
        shown = app.main_screen.query_one(KeyBar).render().full_plain
        assert "Ctrl+F" in shown and " / " not in shown
