"""The main screen: department list beside the detail pane, with filter and search panels."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, NamedTuple, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from tui import keyboard
from tui.history import History
from tui.i18n import ui
from tui.keys import latin_key
from tui.model import Department, Lang, Store
from tui.reading_state import ReadingState
from tui.rtl.chars import FSI, PDI, content_piece
from tui.selection import Match, Selection, StoreViews, department_text, matches, select
from tui.widgets.department_list import DepartmentList
from tui.widgets.detail import DetailPane, DetailView
from tui.widgets.key_bar import KeyBar, key_label, key_text
from tui.widgets.rtl_text import BidiContext, BidiText

if TYPE_CHECKING:
    from tui.app import PolicyBrowser
    from tui.widgets.search_bar import SearchBar
    from tui.widgets.theme_filter import ThemeFilter

MIN_SIZE = (20, 6)
"""Below this many columns or rows the screen says so instead of drawing a broken layout."""

NARROW_WIDTH = 80
"""Below this many columns the screen shows one pane at a time."""


Where = tuple[str, int | None]
"""A text of a department: its field, and the solution's index for a solution."""
Spans = tuple[tuple[int, int], ...]


class Place(NamedTuple):
    """Where the reader is: what history keeps."""

    department: str | None
    solution: int | None
    themes: frozenset[str]


class MainScreen(Screen[None]):
    """Browse departments; jump by key, filter by theme, search as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [*keyboard.MAIN]

    # `var`, not `reactive`: a change repaints only what its watcher updates, not the screen.
    themes: var[frozenset[str]] = var(frozenset(), init=False)
    """The active theme filter (empty: no filter)."""
    search_query: var[str] = var("", init=False)
    """The active search query (empty: no search)."""
    only_matching: var[bool] = var(False, init=False)
    """Hide the solutions that do not match the filter or search."""
    selected: var[str | None] = var(None, init=False)
    """The id of the department shown in the detail pane."""
    parallel: var[bool] = var(False, init=False)
    """Show the other language beside the UI's, solution by solution."""
    narrow_view: var[str] = var("list", init=False)
    """In the narrow layout, which pane is shown: 'list' or 'detail'."""

    def __init__(
        self, *, start_department: str | None = None, start_themes: frozenset[str] = frozenset()
    ) -> None:
        # The direction classes are there before the first styling pass (set later, they
        # would restyle every widget on the screen a second time).
        super().__init__(classes="-rtl" if self.context.rtl else "-ltr")
        self._start_department = start_department
        self._start_themes = start_themes
        self._views = StoreViews(self.store)
        self.current_solution: int | None = None
        self._match: tuple[int, int] | None = None
        """Which match n and N are at, and of how many (None: none yet)."""
        self._current_match: Match | None = None
        self._selection = Selection([], None, None)
        self._flash = ""
        self._flash_timer: Timer | None = None
        self._typed = ""
        """The start of a department's key typed so far (`1` of `12`), shown in the status."""
        self._typed_timer: Timer | None = None

    # -- the app's state, read where it lives -------------------------------------------------

    @property
    def browser(self) -> PolicyBrowser:
        """The app, which owns the store, the language and the bidi mode."""
        return cast("PolicyBrowser", self.app)

    @property
    def store(self) -> Store:
        """The departments shown."""
        return self.browser.store

    @property
    def lang(self) -> Lang:
        """The language of content and UI."""
        return self.browser.lang

    @property
    def context(self) -> BidiContext:
        """How text meets this terminal."""
        return self.browser.context

    # -- building -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # No container for the body: the bars and the list's column are splits of the screen
        # (each takes its edge of what the ones before it left, in this order) and the detail
        # fills the rest. One container fewer to style, lay out and draw before the first
        # frame. The key bar comes before the column, so that the column stops above it.
        yield BidiText(id="title-bar")
        yield BidiText(id="status-bar", classes="-idle")
        # The search bar and the theme panel are mounted when first opened (`_search_bar`,
        # `_theme_panel`): the first frame does not wait for their widgets and styles.
        yield KeyBar(id="key-bar")
        with Vertical(id="side"):
            yield DepartmentList(id="departments")
        yield DetailPane(id="detail")
        # "#too-small" is mounted by `on_resize` the first time the window is too small.

    def on_mount(self) -> None:
        self.set_reactive(MainScreen.themes, self._start_themes)
        self._relocalize()
        self.watch(self.app, "lang", self._relocalize, init=False)
        self.watch(self.app, "bidi_mode", self._relocalize, init=False)
        self.watch(self.app, "store", self._replace_store, init=False)
        self.watch(self.app, "index_progress", self._index_progressed, init=False)
        self.watch(self.app, "reading", self._update_status, init=False)
        self.watch(self.app, "files_read", self._update_status, init=False)
        self.query_one(DepartmentList).focus()
        if self._start_department:
            self.jump_to(self._start_department, remember=False)
        self._history = History(self._place())
        self._opened_on = self.selected
        resume = self.browser.resume
        if resume is not None and resume.department == self.selected:
            self.call_after_refresh(self._resume, resume)

    def _resume(self, state: ReadingState) -> None:
        """Back to the solution or the scroll position where reading stopped."""
        pane = self.query_one(DetailPane)
        if state.solution is not None:
            self.current_solution = state.solution
            pane.set_current(state.solution)
        else:
            pane.scroll_to(y=state.scroll_y, animate=False, immediate=True)

    def resume_late(self, state: ReadingState) -> None:
        """Where reading stopped, once a store read in parts has it; not if the reader has
        moved or searched since the start."""
        if self.selected != self._opened_on or self.search_query.strip():
            return
        if self.jump_to(state.department or "", remember=False):
            self._history = History(self._place())
            self._opened_on = self.selected
            self.call_after_refresh(self._resume, state)

    def place(self) -> ReadingState:
        """Where the reader is, as the next start should open (`PolicyBrowser.exit`)."""
        return ReadingState(
            department=self.selected,
            solution=self.current_solution,
            scroll_y=self.query_one(DetailPane).scroll_y,
            lang=self.lang,
            themes=tuple(sorted(self.themes)),
        )

    def _relocalize(self) -> None:
        """Redraw every text for the app's language and bidi mode (also the first draw)."""
        lang, context = self.lang, self.context
        self.set_class(context.rtl, "-rtl")
        self.set_class(not context.rtl, "-ltr")
        self.query_one("#title-bar", BidiText).update(self.store.title.get(lang), context)
        if (bar := self._mounted_bar()) is not None:
            bar.prepare(lang, context)
        self._show_keys()
        self._refresh_everything()

    def _show_keys(self) -> None:
        """The key bar: the keys in use now (a keymap may rebind them), in the UI language;
        no language key where there is no other language to show."""
        two = self.browser.arabic_available and len(self.store.languages) > 1
        shown = [b for b in self._all_bindings() if b.show and (two or b.id != "lang")]
        self.query_one(KeyBar).show(shown, self.lang, self.context)

    def _key_of(self, binding_id: str) -> str:
        """The key a command runs on now (a keymap may have moved it), as help writes it."""
        binding = next(b for b in self._all_bindings() if b.id == binding_id)
        return key_text(key_label(binding))

    def _all_bindings(self) -> list[Binding]:
        return keyboard.rebound([*keyboard.APP, *keyboard.MAIN], keyboard.app_keys(self.app).keys)

    @property
    def views(self) -> StoreViews:
        """The shown store's indexes (the theme filter's, the go-to prompt's)."""
        return self._views

    def _replace_store(self, store: Store) -> None:
        """Show a reloaded store, keeping selection, filter and search where they still apply."""
        self._views = StoreViews(store)
        known = {t.id for t in store.themes}
        # set without the watcher: one refresh below, keeping the scroll position
        self.set_reactive(MainScreen.themes, frozenset(t for t in self.themes if t in known))
        department = store.department(self.selected) if self.selected else None
        if department is None or (self.current_solution or 0) >= len(department.solutions):
            self.current_solution = None  # the department lost that solution, or went
        self.query_one("#title-bar", BidiText).update(store.title.get(self.lang), self.context)
        self._show_keys()  # the keymap was read again too
        self._refresh_everything(keep_scroll=True)

    # -- state to screen ----------------------------------------------------------------------

    @property
    def _filtered(self) -> bool:
        """Whether a theme filter or a search narrows what is listed (a search does once
        its index is there)."""
        return bool(self.themes) or self._selection.hits is not None

    def _select(self) -> Selection:
        query = self.search_query
        # no index yet: everything stays listed until it comes (`_index_progressed`)
        index = self.browser.ready_index() if query.strip() else None
        lang = "both" if self._parallel_lang else self.lang  # both columns show their matches
        hits = index.results(query, lang) if index is not None else None
        return select(self.store, self._views, self.themes, hits)

    def _refresh_everything(self, keep_scroll: bool = False, follow: bool = True) -> None:
        """Show the current selection; with `follow` off (a query being typed) the detail
        stays on the department being read, listed or not."""
        self._selection = self._select()
        self._match, self._current_match = None, None  # the matches are new
        listing = self.query_one(DepartmentList)
        keep = None if follow else self.selected
        listing.show(self._selection.rows, self.lang, self.context, self._filtered, keep=keep)
        moved = follow and listing.highlighted_id != self.selected
        if moved:
            self.selected = listing.highlighted_id  # its watcher shows the detail
        if self.has_class("-filtering"):  # drawn when open: a hidden panel need not be
            self._show_themes()
        hits = self._selection.hits
        if self.search_query.strip() and (bar := self._mounted_bar()) is not None:
            if hits is None:  # the index is not there yet
                self._show_pending(bar)
            else:
                bar.show_results(self.store, hits, self.search_query, self.lang, self.context)
        self._update_status()
        if not moved:
            self._show_detail(keep_scroll=keep_scroll)

    def flash(self, message: str, seconds: float) -> None:
        """Show a message in the status row for a while (where toasts cannot be used)."""
        self._flash = message
        self._update_status()
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(seconds, self._end_flash)

    def _end_flash(self) -> None:
        self._flash = ""
        self._flash_timer = None
        self._update_status()

    def _mounted_bar(self) -> SearchBar | None:
        """The search bar, if it has been opened once."""
        return cast("SearchBar | None", self.query_one_optional("#search-bar"))

    def _mounted_panel(self) -> ThemeFilter | None:
        """The theme panel, if it has been opened once."""
        return cast("ThemeFilter | None", self.query_one_optional("#theme-filter"))

    def _open(self, panel: Widget | None, state: str, opening: bool) -> None:
        """Show or hide a panel, the screen's class `state` saying which."""
        self.set_class(opening, state)
        if panel is not None:
            panel.display = opening

    async def _search_bar(self) -> SearchBar:
        """The search bar, mounted below the status row the first time it is wanted (its
        module too: neither is on the start path)."""
        bar = self._mounted_bar()
        if bar is None:
            from tui.widgets.search_bar import SearchBar

            bar = SearchBar(id="search-bar")
            await self.mount(bar, after="#status-bar")
            self.watch(bar.input, "value", self._set_search_query, init=False)
            bar.prepare(self.lang, self.context)
        return bar

    async def _theme_panel(self) -> ThemeFilter:
        """The theme panel, mounted under the list the first time it is wanted."""
        panel = self._mounted_panel()
        if panel is None:
            from tui.widgets.theme_filter import ThemeFilter

            panel = ThemeFilter(id="theme-filter")
            await self.query_one("#side").mount(panel)
        return panel

    def _clear_search_field(self) -> None:
        if (bar := self._mounted_bar()) is not None:
            bar.input.value = ""

    def _show_themes(self) -> None:
        panel = self._mounted_panel()
        if panel is None:
            return
        panel.show(self.store, self._views.theme_counts, self.themes, self.lang, self.context)

    def _update_status(self) -> None:
        parts = [self._flash] if self._flash else []
        if self._typed:
            parts.insert(0, ui("keys.pending", self.lang, keys=self._typed))
        if self.themes:
            labels = [
                content_piece(t.label.get(self.lang))
                for t in self.store.themes
                if t.id in self.themes
            ]
            joined = ui("sep.list", self.lang).join(labels)
            parts.append(ui("filter.active", self.lang, themes=joined))
        if self.search_query.strip():
            parts.append(ui("search.active", self.lang, q=FSI + self.search_query.strip() + PDI))
        if self._match is not None:
            parts.append(ui("find.position", self.lang, n=self._match[0] + 1, total=self._match[1]))
        rows = self._selection.rows
        departments, solutions = len(rows), sum(row.shown for row in rows)
        all_departments = len(self.store.departments)
        all_solutions = self._views.solution_total
        filtered = self._filtered
        if filtered:
            counts = ui(
                "status.shown",
                self.lang,
                d=departments,
                dt=all_departments,
                s=solutions,
                st=all_solutions,
            )
        elif (reading := self.browser.reading) is not None:
            read = max(self.browser.files_read, all_departments)
            counts = ui("status.reading", self.lang, n=read, t=reading.total, d=all_departments)
        else:
            counts = ui("status.all", self.lang, d=all_departments, s=all_solutions)
        # The row is always there (a filter toggle does not move the screen by a line).
        status = self.query_one("#status-bar", BidiText)
        status.update("   ".join([*parts, counts]), self.context)
        status.set_class(not filtered, "-idle")

    def _show_detail(self, keep_scroll: bool = False) -> None:
        pane = self.query_one(DetailPane)
        department = self.store.department(self.selected) if self.selected else None
        scroll_y = pane.scroll_y
        if department is None:
            pane.show(None, ui("detail.empty", self.lang), self.context)
            return
        pane.show(self._detail_view(department), "", self.context)
        if keep_scroll:
            pane.scroll_to(y=scroll_y, animate=False, immediate=True)

    def _highlights(self, department: Department, lang: Lang) -> dict[Where, Spans]:
        """The search's spans in a department's texts in `lang`, by field and solution."""
        hits = self._selection.hits
        if hits is None:
            return {}
        return {
            (hit.field, hit.solution): hit.spans
            for hit in hits.in_department(department.id)
            if hit.lang == lang
        }

    @property
    def _parallel_lang(self) -> Lang | None:
        """The language shown beside the UI's, in the parallel view."""
        others = [lang for lang in self.store.languages if lang != self.lang]
        return others[0] if self.parallel and others else None

    def _detail_view(self, department: Department) -> DetailView:
        solution_hits = self._selection.solution_hits
        beside = self._parallel_lang
        return DetailView(
            department=department,
            store=self.store,
            lang=self.lang,
            context=self.context,
            themes=self.themes,
            only_matching=self.only_matching,
            highlights=self._highlights(department, self.lang),
            search_matches=(
                solution_hits.get(department.id, frozenset()) if solution_hits is not None else None
            ),
            parallel=beside,
            current_match=(
                (m.field, m.solution, m.span)
                if (m := self._current_match) is not None and m.department_id == department.id
                else None
            ),
            parallel_highlights=self._highlights(department, beside) if beside else {},
        )

    def watch_themes(self) -> None:
        self._refresh_everything()

    def watch_search_query(self) -> None:
        if self.search_query.strip() and self.browser.ready_index() is None:
            # its index is being built: nothing is narrowed yet, the list stays as it is
            if (bar := self._mounted_bar()) is not None:
                self._show_pending(bar)
            self._update_status()
        else:
            self._refresh_everything(follow=False)

    def watch_only_matching(self) -> None:
        self._show_detail()

    def watch_parallel(self) -> None:
        if self.search_query.strip():
            self._refresh_everything(keep_scroll=True, follow=False)  # both languages searched
        else:
            self._show_detail(keep_scroll=True)

    def watch_selected(self) -> None:
        self.current_solution = None
        self._show_detail()

    def watch_narrow_view(self, view: str) -> None:
        self.set_class(view == "detail", "-show-detail")
        (self.query_one(DetailPane) if view == "detail" else self.query_one(DepartmentList)).focus()

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        self.set_class(width < NARROW_WIDTH, "-narrow")
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if too_small:
            message = ui("small.screen", self.lang)
            note = self.query_one_optional("#too-small", BidiText)
            if note is None:
                self.mount(BidiText(message, self.context, id="too-small", justify="center"))
            else:
                note.update(message, self.context)
        self.set_class(too_small, "-too-small")

    # -- messages up --------------------------------------------------------------------------

    @on(DepartmentList.Highlighted)
    def _highlighted(self, event: DepartmentList.Highlighted) -> None:
        # A message from a highlight the screen itself moved since (a jump after a filter
        # was cleared) is old news: the list's highlight now is what counts.
        if event.department_id == self.query_one(DepartmentList).highlighted_id:
            self.selected = event.department_id

    @on(DepartmentList.Chosen)
    def _chosen(self, event: DepartmentList.Chosen) -> None:
        self.selected = event.department_id
        if self.has_class("-narrow"):
            self.narrow_view = "detail"
        else:
            self.query_one(DetailPane).focus()

    def on_theme_filter_toggled(self, event: ThemeFilter.Toggled) -> None:
        """A theme was picked or unpicked in the panel."""
        self.toggle_theme(event.theme_id)

    def _index_progressed(self) -> None:
        """The search index got further, or is there: a search typed meanwhile runs now."""
        if not self.search_query.strip():
            return
        if self.browser.ready_index() is not None:
            self._refresh_everything(follow=False)
        elif (bar := self._mounted_bar()) is not None:
            self._show_pending(bar)

    def _show_pending(self, bar: SearchBar) -> None:
        """Under a search typed before its index is there: what it waits for."""
        if self.browser.reading is not None:
            bar.show_pending(ui("search.reading", self.lang), self.context)
        else:
            text = ui("search.indexing", self.lang, n=self.browser.index_progress)
            bar.show_pending(text, self.context)

    def _set_search_query(self, query: str) -> None:
        """The search field changed (its watcher: in the keystroke's turn, not a message's)."""
        self.search_query = query

    def on_search_bar_chosen(self, event: SearchBar.Chosen) -> None:
        """A search result was chosen: show it, and give the keys back to the browser (the
        hidden field must not keep taking them)."""
        self._open(self._mounted_bar(), "-searching", False)
        self.jump_to(event.department_id, event.solution)
        if not self.has_class("-narrow"):
            self.query_one(DetailPane).focus()

    # -- actions ------------------------------------------------------------------------------

    def _place(self) -> Place:
        return Place(self.selected, self.current_solution, self.themes)

    def jump_to(
        self,
        department_id: str,
        solution: int | None = None,
        *,
        themes: frozenset[str] | None = None,
        remember: bool = True,
    ) -> bool:
        """Show a department (clearing a filter that hides it) and scroll to a solution;
        with `themes`, under that filter. History keeps where the reader was."""
        here = self._place()
        if themes is not None:
            self.themes = themes
        if not self._show_department(department_id, solution):
            return False
        if remember:
            self._history.visit(here, self._place())
        return True

    def _show_department(self, department_id: str, solution: int | None) -> bool:
        listing = self.query_one(DepartmentList)
        if not listing.select_id(department_id):
            self.themes = frozenset()
            self.search_query = ""
            self._clear_search_field()
            if not listing.select_id(department_id):
                return False
        self.selected = department_id
        if self.has_class("-narrow"):
            self.narrow_view = "detail"
        if solution is not None:
            self.current_solution = solution
            self.query_one(DetailPane).set_current(solution)
        return True

    def toggle_theme(self, theme_id: str) -> None:
        """Add a theme to the filter, or take it out."""
        self.themes = self.themes ^ {theme_id}

    def action_toggle_theme(self, theme_id: str) -> None:
        """A click on a theme label in the detail pane (its @click action)."""
        self.toggle_theme(theme_id)

    def on_key(self, event: events.Key) -> None:
        """A department's key jumps to it, wherever the focus is (except in the search field),
        typed a character at a time, the start so far shown in the status row; what an Arabic
        layout sends on a key counts as that key. Escape or a second of nothing forgets it."""
        if self.focused is not None and self.focused.id == "search-input":
            return
        pending = self._typed
        character = event.character if event.key != "escape" else None
        typed = self._key_typed(character) if character and character.isprintable() else None
        if typed is None and not pending:
            return  # not a key's start: the bindings have it
        if typed is None:  # what was typed starts no key: forget it, say so, pass the key on
            self._type_key("")
            if character:
                self.flash(ui("keys.unknown", self.lang, keys=pending + character), 2.0)
            if event.key == "escape":
                event.stop()
                event.prevent_default()
            return
        event.stop()
        event.prevent_default()
        department = self.store.department(typed)
        if department is not None and department.key == typed:
            self._type_key("")
            self.jump_to(department.id)
        else:
            self._type_key(typed)

    def _key_typed(self, character: str) -> str | None:
        """What is typed of a department's key with `character` after what was before, as
        typed or as the Latin key an Arabic layout sends it on; None when no key goes so."""
        after = self._typed
        used = self.store.key_continues(after) if after else keyboard.app_keys(self.app).used
        for char in (character, latin_key(character, used)):
            typed = after + (char or "")
            if char and (self.store.key_continues(typed) or self._is_key(typed)):
                return typed
        return None

    def _is_key(self, typed: str) -> bool:
        department = self.store.department(typed)
        return department is not None and department.key == typed

    def _type_key(self, typed: str) -> None:
        """Remember `typed` as the start of a key for a second ("": forget it)."""
        self._typed = typed
        if self._typed_timer is not None:
            self._typed_timer.stop()
        self._typed_timer = self.set_timer(1.0, partial(self._type_key, "")) if typed else None
        self._update_status()

    async def action_search(self) -> None:
        """Open the search panel and focus the field."""
        bar = await self._search_bar()
        self._open(bar, "-searching", True)
        bar.input.focus()

    async def action_themes(self) -> None:
        """Open or close the theme panel."""
        panel = await self._theme_panel()
        opening = not self.has_class("-filtering")
        self._open(panel, "-filtering", opening)
        if opening:
            self._show_themes()
            panel.focus()
        else:
            self.query_one(DepartmentList).focus()

    def action_clear(self) -> None:
        """Clear the theme filter and the search."""
        self._clear_search_field()
        self.themes = frozenset()
        self.search_query = ""

    def action_parallel(self) -> None:
        """Arabic and English side by side (one under the other in a narrow pane)."""
        if len(self.store.languages) < 2:
            self.app.notify(ui("parallel.one_language", self.lang))
            return
        self.parallel = not self.parallel

    def action_only_matching(self) -> None:
        """Hide or show the solutions that do not match."""
        self.only_matching = not self.only_matching

    def action_matrix(self) -> None:
        """Open the theme x department matrix."""
        from tui.screens.matrix import MatrixScreen

        def opened(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                department_id, theme_id = choice
                self.jump_to(department_id, themes=frozenset({theme_id}))

        self.app.push_screen(MatrixScreen(self.store, self.lang, self.context), opened)

    def action_copy(self) -> None:
        """Copy the current solution (or the whole department) as logical text."""
        department = self.store.department(self.selected) if self.selected else None
        if department is None:
            return
        name = department.name.get(self.lang)
        if self.current_solution is not None:
            n = self.current_solution
            text = department.solutions[n].text.get(self.lang)
            what = ui("copy.solution", self.lang, n=n + 1, dept=name)
        else:
            text = department_text(department, self.lang)
            what = ui("copy.department", self.lang, dept=name)
        self.browser.copy_out(text, what)

    def action_cite(self, style: str = "plain") -> None:
        """Copy a citation of the current solution (or the department): speaker and role,
        department, solution, outlet, date and address, in the UI's language."""
        from tui.citation import cite

        department = self.store.department(self.selected) if self.selected else None
        if department is None:
            return
        name = department.name.get(self.lang)
        n = self.current_solution
        cited = (
            ui("copy.solution", self.lang, n=n + 1, dept=name)
            if n is not None
            else ui("copy.department", self.lang, dept=name)
        )
        text = cite(
            self.store, department.id, n, self.lang, "markdown" if style == "markdown" else "plain"
        )
        self.browser.copy_out(text, ui("copy.citation", self.lang, what=cited))

    def action_toggle_pin(self) -> None:
        """Pin the current solution (or take its pin away); the pins are kept in the user's
        data folder and listed by P."""
        from tui.pins import Pin, add, change_pins, remove, text_hash

        department = self.store.department(self.selected) if self.selected else None
        n = self.current_solution
        if department is None:
            return
        if n is None:
            keys = {"next": self._key_of("next"), "prev": self._key_of("prev")}
            self.app.notify(ui("pin.no_solution", self.lang, **keys))
            return
        pin_id = Pin(department.id, n, text_hash(department.solutions[n])).id
        what = ui("copy.solution", self.lang, n=n + 1, dept=department.name.get(self.lang))
        pinned = False

        def edit(pins: tuple[Pin, ...]) -> tuple[Pin, ...]:
            nonlocal pinned
            if any(pin.id == pin_id for pin in pins):
                return remove(pins, pin_id)
            pinned = True
            return add(pins, self.store, department.id, n)

        try:
            change_pins(edit)
        except (OSError, LookupError, ValueError) as error:
            self.app.notify(ui("pins.not_saved", self.lang, problem=str(error)), severity="error")
            return
        said = "pin.added" if pinned else "pin.removed"
        self.app.notify(ui(said, self.lang, what=what, pins=self._key_of("pins")))

    def action_goto(self) -> None:
        """`:` a department by key, number, id or the start of its name, completed as typed."""
        from tui.screens.palette import BidiCommandPalette, GoToDepartment

        palette = BidiCommandPalette(self.browser, [GoToDepartment], "goto.placeholder")
        self.app.push_screen(palette)
        self.call_after_refresh(self._index_goto)

    def _index_goto(self) -> None:
        """The prompt's tables, built while it opens, not on its first keystroke."""
        _ = self._views.goto

    def action_pins(self) -> None:
        """The pins: Enter opens one here (a place in history)."""
        from tui.screens.pins import PinsScreen

        def opened(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.jump_to(*choice)

        self.app.push_screen(PinsScreen(self.store, self.lang, self.context), opened)

    def action_copy_link(self) -> None:
        """Copy the source's address (the detail pane shows it as a link to open)."""
        url = self.store.source.url
        self.browser.copy_out(url, ui("copy.link", self.lang, url=url))

    def _step_solution(self, step: int) -> None:
        pane = self.query_one(DetailPane)
        shown = pane.shown_solutions
        if pane.view is None or not shown:
            return
        if self.current_solution in shown:
            position = shown.index(self.current_solution) + step
        else:
            position = 0 if step > 0 else len(shown) - 1
        self.current_solution = shown[max(0, min(len(shown) - 1, position))]
        pane.set_current(self.current_solution)

    def action_next_match(self) -> None:
        """n: the next match while a search is active (as less's n), else the next solution."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """N: the previous match while a search is active, else the previous solution."""
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.search_query.strip():
            self._step_solution(step)
            return
        found = matches(self._selection, self.lang)
        if not found:
            self.app.notify(ui("find.none", self.lang))
            return
        if self._match is None:
            index = self._first_match(found, step)
        else:
            index = (self._match[0] + step) % len(found)
            if index == (0 if step > 0 else len(found) - 1):
                self.app.notify(ui("find.wrapped" if step > 0 else "find.wrapped_back", self.lang))
        self._show_match(found, index)

    def _first_match(self, found: list[Match], step: int) -> int:
        """From the department being read: its first match (n) or its last (N)."""
        order = {row.department.id: n for n, row in enumerate(self._selection.rows)}
        here = order.get(self.selected or "", -1)
        places = [order[m.department_id] for m in found]
        if step > 0:
            return next((n for n, place in enumerate(places) if place >= here), 0)
        before = [n for n, place in enumerate(places) if place <= here]
        return before[-1] if before else len(found) - 1

    def _show_match(self, found: list[Match], index: int) -> None:
        """Show match `index` of `found`: its department, its text brought up, marked."""
        match = found[index]
        if match.department_id != self.selected:
            self._show_department(match.department_id, None)
        self._match, self._current_match = (index, len(found)), match
        self._show_detail()
        self.current_solution = match.solution
        pane = self.query_one(DetailPane)
        if match.solution is not None:
            pane.set_current(match.solution)
        pane.scroll_to_text(match.field, match.solution)
        self._update_status()

    def action_next_solution(self) -> None:
        """Move to the next solution of the department."""
        self._step_solution(1)

    def action_previous_solution(self) -> None:
        """Move to the previous solution of the department."""
        self._step_solution(-1)

    def action_history_back(self) -> None:
        """Back to where the reader was before the last jump."""
        self._go_to(self._history.back(self._place()))

    def action_history_forward(self) -> None:
        """Forward again, after going back."""
        self._go_to(self._history.forward(self._place()))

    def _go_to(self, place: Place | None) -> None:
        if place is None or place.department is None:
            return
        if self.store.department(place.department) is None:
            return  # gone with a reload
        self.themes = place.themes
        if not self._show_department(place.department, None):
            return
        department = self.store.department(place.department)
        solutions = len(department.solutions) if department is not None else 0
        self.current_solution = place.solution if (place.solution or 0) < solutions else None
        self.query_one(DetailPane).set_current(self.current_solution)

    def action_switch_pane(self) -> None:
        """Move the focus between the list and the detail pane."""
        if self.has_class("-narrow"):
            self.narrow_view = "detail" if self.narrow_view == "list" else "list"
        elif isinstance(self.focused, DepartmentList):
            self.query_one(DetailPane).focus()
        else:
            self.query_one(DepartmentList).focus()

    def action_list_down(self) -> None:
        """Next department (vim's j)."""
        self.query_one(DepartmentList).action_cursor_down()

    def action_list_up(self) -> None:
        """Previous department (vim's k)."""
        self.query_one(DepartmentList).action_cursor_up()

    def action_back(self) -> None:
        """Escape closes the innermost thing: search, theme panel, then the narrow detail."""
        if self.has_class("-searching"):
            self._open(self._mounted_bar(), "-searching", False)
            self.query_one(DepartmentList).focus()
        elif self.has_class("-filtering"):
            self._open(self._mounted_panel(), "-filtering", False)
            self.query_one(DepartmentList).focus()
        elif self.has_class("-narrow") and self.narrow_view == "detail":
            self.narrow_view = "list"
