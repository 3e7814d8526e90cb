"""The browser's widgets, one per file."""
