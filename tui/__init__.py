"""A terminal browser for Arabic policy content, with right-to-left text done properly."""

from __future__ import annotations

__version__ = "0.1.0"
