"""Widgets whose own lines are drawn once and kept until something about them changes. They
reach past Textual's public API, so they live in `regulate.tui.textual_internals`, with every
other such use and the start-up check that falls back to Textual's own way on a version they
were not tested with."""

from regulate.tui.textual_internals import KeptLines, KeptVertical

__all__ = ["KeptLines", "KeptVertical"]
