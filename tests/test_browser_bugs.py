"""What broke in a new user's hands (issue 16): each test failed on the code before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.app_builder import build_app, main_of
from tests.conftest import CONTENT, cli
from tui import __version__
from tui.model import Lang
from tui.store import load_store
from tui.widgets.department_list import DepartmentList
from tui.widgets.detail import DetailPane
from tui.widgets.rtl_text import BidiContext, one_line

WIDE = (120, 36)


async def test_a_chosen_result_hands_the_keys_back_to_the_browser() -> None:
    """`/`, tourism, Down, Enter: the search panel closes and takes the keyboard with it:
    `o` shows only matching solutions, `q` quits (they used to go into the hidden field)."""
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"tourism", "down", "enter")
        await pilot.pause()
        screen = main_of(app)
        assert not screen.has_class("-searching")
        assert app.focused is app.query_one(DetailPane)
        await pilot.press("o")
        await pilot.pause()
        assert screen.search_query == "tourism" and screen.only_matching
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_enter_in_the_field_hands_the_keys_back_too() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"tourism", "enter", "c")
        await pilot.pause()
        screen = main_of(app)
        assert screen.search_query == "" and not screen.has_class("-searching")


async def test_typing_a_search_keeps_the_chosen_department_in_the_detail() -> None:
    """The detail pane stays on the department being read while a query is typed (it used
    to move to the first listed department); the list marks it when it is listed."""
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("5", "slash", *"tour")
        await pilot.pause()
        screen = main_of(app)
        assert screen.selected == "science-technology"
        listing = app.query_one(DepartmentList)
        assert listing.highlighted_id in ("science-technology", None)
        await pilot.press(*"ism")
        await pilot.pause()
        assert screen.selected == "science-technology"


@pytest.mark.parametrize(("query", "lang"), [("tourism", "en"), ("السياحة", "ar")])
async def test_the_browser_and_the_command_count_the_same_matches(
    capsys: pytest.CaptureFixture[str], query: str, lang: Lang
) -> None:
    """One definition of a hit (a matching field), one sentence for its count: the search
    panel says what `search` prints (they said 12 and 16 for tourism in English)."""
    _, out, _ = cli(capsys, "search", query, "--lang", lang)
    printed = out.splitlines()[0]
    app = build_app(lang=lang)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *query)
        await pilot.pause()
        title = app.query_one("#search-results", OptionList).border_title
        assert str(title) == one_line(printed, app.context).plain


def test_a_departments_matches_come_in_reading_order(capsys: pytest.CaptureFixture[str]) -> None:
    """Name, headline, speaker, role, intro, then the solutions by number (they came by
    score: intro, 4, 5, name, ...); departments still come in the order of their best."""
    _, out, _ = cli(capsys, "search", "tourism", "--lang", "en", "--format", "json")
    order = {"name": 0, "headline": 1, "speaker": 2, "role": 3, "intro": 4, "solution": 5}
    for department in json.loads(out)["departments"]:
        places = [(order[h["field"]], h["number"] or 0) for h in department["hits"]]
        assert places == sorted(places), department["id"]


def test_a_screenshot_is_svg_or_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`-o x.png` used to get SVG inside; now it is refused before anything is drawn."""
    with pytest.raises(SystemExit) as exited:
        cli(capsys, "screenshot", "-o", str(tmp_path / "x.png"))
    assert exited.value.code == 2
    assert "the screenshot is SVG" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli(capsys, "--version")
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"policy-browser {__version__}"


@pytest.mark.parametrize(
    ("ref", "department"),
    [
        ("Finance", "finance"),  # a word of the English name, any case
        ("DEPARTMENT OF HEALTH", "health"),
        ("إدارة المالية", "finance"),
        ("10", "construction"),  # the tenth, whose key is 0
        ("0", "construction"),
        ("tourism", "culture-sports-tourism"),
    ],
)
def test_departments_by_name_and_number(
    capsys: pytest.CaptureFixture[str], ref: str, department: str
) -> None:
    code, out, _ = cli(capsys, "show", ref, "--format", "json")
    assert code == 0
    assert json.loads(out)["department"]["id"] == department


def test_an_ambiguous_name_is_refused_with_what_is_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = cli(capsys, "show", "commune")  # Son Duong commune, Commune Party Committee
    assert code == 2
    assert "a number from 1 to 12, or words of one department's name" in err


async def test_the_browser_opens_on_a_department_by_name() -> None:
    app = build_app(department="Health")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert main_of(app).selected == "health"


def test_help_says_how_to_page_through_arabic(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli(capsys, "show", "--help")
    assert "--visual | less -R" in capsys.readouterr().out


async def test_the_palette_shows_arabic_the_right_way_round_and_speaks_the_uis_language() -> None:
    """Ctrl+P then الصحة: the field shows it as the rest of the screen does (it showed
    ةحصلا), the entries are the browser's, in Arabic, aligned to the right, and running
    one does what its key does."""
    from textual.command import CommandList

    from tui.screens.palette import BidiCommandPalette, PaletteInput

    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, BidiCommandPalette)
        field = palette.query_one(PaletteInput)
        await pilot.press(*"الصحة")
        await pilot.pause(0.3)
        drawn = "".join(segment.text for segment in field.render_line(0)).strip()
        assert drawn == one_line("الصحة", app.context).plain.strip()
        entries = palette.query_one(CommandList)
        shown = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
        assert shown and all("Quit" not in s and "Theme" not in s for s in shown)
        assert entries.styles.text_align == "right"
        await pilot.press("escape", "ctrl+p", *"بحث")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert main_of(app).has_class("-searching")  # the search key's action ran


async def test_the_palette_offers_every_action_in_english_too() -> None:
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"matrix")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        from tui.screens.matrix import MatrixScreen

        assert isinstance(app.screen, MatrixScreen)


async def test_in_terminal_mode_a_dialog_fills_the_screen() -> None:
    """A terminal that reorders rows merged the help box's rows with the list and detail
    showing beside it (seen in Konsole): in terminal mode the box takes the whole screen."""
    from tui.app import PolicyBrowser
    from tui.store import load_store

    app = PolicyBrowser(load_store(CONTENT), bidi_mode="terminal", watch=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.outer_size == app.size
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.query_one("#calibrate-box").outer_size == app.size
        await pilot.press("1")  # app mode: the box may show the screen around it again
        await pilot.pause()
        assert app.screen.query_one("#calibrate-box").outer_size.width < WIDE[0]


def _in_16_colours(color: object) -> object:
    from rich.color import Color, ColorSystem

    assert isinstance(color, Color)
    return color.downgrade(ColorSystem.STANDARD).number


def test_every_state_reads_in_16_colours_and_without_colour() -> None:
    """Theme labels carry their own light-on-dark colours (inside a dimmed solution the
    block's grey met the box's grey: invisible in xterm's 16 colours); a search match is
    reverse video, no colour at all (mlterm drew black on yellow as dark red on red)."""
    from tui.rtl.styled import MATCH_STYLE
    from tui.widgets.detail import ACTIVE_TAG, TAG

    for tag in (TAG, ACTIVE_TAG):
        assert tag.color is not None and tag.bgcolor is not None
        assert _in_16_colours(tag.color) != _in_16_colours(tag.bgcolor)
    assert _in_16_colours(TAG.bgcolor) != _in_16_colours(ACTIVE_TAG.bgcolor)
    assert MATCH_STYLE.reverse and MATCH_STYLE.color is None and MATCH_STYLE.bgcolor is None


async def test_the_current_solution_is_marked_beyond_colour() -> None:
    """After `n` the current solution is bold as well as tinted: a 16-colour terminal drops
    the tint, and nothing showed which solution was current."""
    app = build_app(lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("1", "n", "n")
        await pilot.pause()
        pane = app.query_one(DetailPane)
        current = pane._solution_blocks[1]
        other = pane._solution_blocks[0]
        assert pane.block_style(current).bold and not pane.block_style(other).bold


def test_wrapped_list_rows_hang_under_the_name() -> None:
    """A name that wraps continues under itself, not under the key, in both directions."""
    from tui.rtl.chars import strip_bidi_controls
    from tui.widgets.rtl_text import BidiContext

    english = DepartmentList._prompt("4", "Department of Culture, Sports and Tourism", "(8)",
                                     BidiContext("app", rtl=False))  # fmt: skip
    first, second = (line.plain for line in english.lines(30))
    assert first.startswith("4  Department") and second.startswith("   ")
    assert english.line_count(30) == 2
    arabic = DepartmentList._prompt("b", "لجنة حزب البلدية (اسمها محرّف في الترجمة)", "(7)",
                                    BidiContext("app", rtl=True))  # fmt: skip
    lines = [strip_bidi_controls(line.plain) for line in arabic.lines(30)]
    assert lines[0].endswith("  b") and all(line.endswith("   ") for line in lines[1:])
    assert all(line.cell_len == 30 for line in arabic.lines(30))


async def test_the_matrix_keeps_the_department_names_while_themes_scroll() -> None:
    """Scrolling to the last themes used to scroll the names away; they stay on the start
    side (right in Arabic), marking the cursor's row, and headers wrap between words."""
    from textual.widgets import DataTable

    from tui.screens.matrix import HEADER_WIDTH, header

    for lang, away in (("ar", "left"), ("en", "right")):
        app = build_app(lang=lang)  # type: ignore[arg-type]
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            await pilot.pause()
            names = app.screen.query_one("#matrix-names", DataTable)
            counts = app.screen.query_one("#matrix", DataTable)
            where = names.region
            start_x = counts.scroll_x
            await pilot.press(*[away] * 18, "down", "down")
            await pilot.pause()
            assert counts.scroll_x != start_x
            assert names.region == where and names.scroll_x == 0
            assert names.cursor_row == counts.cursor_row == 2
            on_right = where.x > counts.region.x
            assert on_right == (lang == "ar")
    wrapped = header("Agriculture and rural areas", BidiContext("app", rtl=False))
    assert wrapped.plain.split("\n") == ["Agriculture", "and rural", "areas"]
    assert all(len(line) <= HEADER_WIDTH for line in wrapped.plain.split("\n"))


URL = "https://baotuyenquang.com.vn/thoi-su-chinh-tri/tin-tuc/202509/giai-phap-thuc-hien"


def test_a_url_in_arabic_is_one_left_to_right_unit() -> None:
    """`show 9` printed the source as `/https://…`: a URL stands as if in an LRI isolate,
    its trailing slash in its place, whatever the paragraph's direction."""
    from tui.rtl import layout, reorder_line

    assert reorder_line(URL + "/", "rtl") == URL + "/"
    visual = reorder_line(f"المصدر: {URL}/ وغيره.", "rtl")
    assert f"{URL}/" in visual and not visual.startswith("/")
    lines = layout(f"{URL}/", 30, "rtl")
    assert "".join(line.strip() for line in lines) == URL + "/"


def test_a_url_breaks_only_after_its_slashes_and_dots() -> None:
    from tui.rtl.wrap import URL_BREAKS, wrap_ranges

    text = f"المصدر: {URL}/"
    pieces = [text[a:b] for a, b in wrap_ranges(text, 30)]
    assert pieces[0] == "المصدر:" and pieces[1] == "https://baotuyenquang.com.vn/"
    assert all(piece[-1] in URL_BREAKS for piece in pieces[1:-1])


def test_the_source_is_a_link_to_open_and_u_copies_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, `show` prints the source as an OSC 8 link; the browser draws it as one
    (Textual writes OSC 8) and `u` copies it."""
    monkeypatch.setenv("TERM", "xterm-256color")
    code, out, _ = cli(capsys, "show", "9", "--visual", "--width", "60")
    assert code == 0
    store_url = load_store().source.url
    assert "\x1b]8;id=" in out and f";{store_url}\x1b\\" in out


async def test_the_browser_links_and_copies_the_source() -> None:
    app = build_app(lang="en", department="9")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(DetailPane)
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        links = {
            segment.style.link
            for y in range(pane.size.height)
            for segment in pane.render_line(y)
            if segment.style is not None and segment.style.link
        }
        assert links == {app.store.source.url}
        await pilot.press("u")
        await pilot.pause()
        assert app.clipboard == app.store.source.url


def test_only_a_printable_address_becomes_a_link() -> None:
    from tui.rtl.styled import link_style

    assert link_style("https://example.com/a?b=c").link == "https://example.com/a?b=c"
    for unsafe in ("https://x.com/\x1b]52;c;QQ==\x07", "javascript:alert(1)", "https://a b"):
        assert link_style(unsafe).link is None


async def test_a_toast_is_laid_out_again_when_the_window_resizes() -> None:
    """A toast's visual lines were wrapped again by Textual on a resize: lines reordered, a
    word split. Now its logical text is laid out again for the new width."""
    from rich.cells import cell_len

    app = build_app()
    message = "نُسخ إلى الحافظة: الحل 4 من إدارة الثقافة والرياضة والسياحة في مقاطعة توين كوانغ"
    async with app.run_test(size=WIDE) as pilot:
        app.notify(message, timeout=30)
        await pilot.pause()
        (notification,) = list(app._notifications)
        wide = notification.message
        await pilot.resize_terminal(64, 30)
        await pilot.pause()
        narrow = notification.message
        assert narrow != wide and narrow == app._toast_text(message, 64)
        toast_width = min(60, (64 - 2) // 2) - 4
        assert all(cell_len(line) <= toast_width for line in narrow.split("\n"))


async def test_the_theme_panel_draws_its_highlighted_row_whole() -> None:
    """Opened in Arabic, the panel's scrollbar came after its first lines were drawn, and
    Textual kept the highlighted row as drawn at the old width: two cells off, its check
    box cut away. The screen now shows every row's box."""
    from textual.geometry import Region

    from tui.widgets.theme_filter import UNCHECKED, ThemeFilter

    app = build_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("t")
        await pilot.pause(0.3)
        panel = app.query_one(ThemeFilter)
        rows = panel.render_lines(Region(0, 1, panel.size.width, 3))
        assert all(UNCHECKED in "".join(s.text for s in row) for row in rows)


async def test_toasts_keep_clear_of_the_theme_panel_in_arabic() -> None:
    """The layout mirrors: in Arabic the theme panel is under the list on the right, and the
    toasts (a notice at start) sit at the bottom left, not over it."""
    from tui.widgets.theme_filter import ThemeFilter

    app = build_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.press("t")
        app.notify("داخل tmux: تنبيه عن الطرفية الخارجية", timeout=30)
        await pilot.pause(0.3)
        toast = app.screen.query_one("Toast")
        assert not toast.region.overlaps(app.query_one(ThemeFilter).region)
