"""The baseline for first paint and memory: a Textual app with one Static and a Footer.

Run as `python -m tests.benchmarks.minimal_app`; its first frame is the one that shows
`MINIMAL_TEXT`.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

MINIMAL_TEXT = "Minimal Textual app: ready"
"""What the first frame shows; the benchmark waits for it."""


class MinimalApp(App[None]):
    """Nothing but a line of text and the key bar."""

    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def compose(self) -> ComposeResult:
        """One Static and a Footer."""
        yield Static(MINIMAL_TEXT)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
