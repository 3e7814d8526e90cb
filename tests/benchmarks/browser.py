"""`python -m tui` with a steady text cursor, for the keystroke figures.

The search field's cursor blinks twice a second, and each blink is a frame; with it steady,
a screen that stops changing means the app has finished with a keystroke. Everything else
(the store, the content watcher, the terminal plan) is the real start path.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> int:
    """Run the browser's command line with cursor blinking off."""
    from tui.startup import set_frame_rate

    set_frame_rate()  # as `tui.cli.main` does, before Textual loads (imported just below)
    from tui.app import PolicyBrowser
    from tui.cli import main as cli_main

    original = PolicyBrowser.__init__

    def steady_cursor(self: PolicyBrowser, *args: Any, **kwargs: Any) -> None:
        kwargs["cursor_blink"] = False
        original(self, *args, **kwargs)

    PolicyBrowser.__init__ = steady_cursor  # type: ignore[method-assign]
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
