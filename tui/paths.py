"""Where the bundled data lives: in the wheel when installed, beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """The bundled folder `name` (content, styles)."""
    here = Path(__file__).resolve().parent
    installed = here / "_data" / name
    return installed if installed.is_dir() else here.parent / name


def default_content_dir() -> Path:
    """The bundled store."""
    return data_dir("content")


def styles_dir() -> Path:
    """The bundled stylesheets."""
    return data_dir("styles")


DIALOG_CSS = styles_dir() / "dialogs.tcss"
"""The help, error and matrix screens' stylesheet (read when one of them first opens)."""
