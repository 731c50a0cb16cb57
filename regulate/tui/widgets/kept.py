"""Widgets whose own lines are drawn once and kept until something about them changes."""

from __future__ import annotations

from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class KeptLines(Widget):
    """A widget whose own lines - a container's background, a page's padding, a screen's
    ground - are drawn once and kept while its size, colours and the app's filters stay the
    same and nothing marks it for redrawing. Textual draws again, whole, every widget that
    stands beside one that changed (it asks whether the container overlaps, not the widget),
    so while breathing the screen, the page, its two groups and the footer were drawn afresh
    eight times a second around a guide that alone had changed: a fifth of each frame.

    Named after the Textual class it joins (`class KeysFooter(Footer, KeptLines)`): Textual
    reads a widget's CSS from its first base alone."""

    _kept: tuple[object, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # Its colours are not in the key: they blend over its ancestors' backgrounds, and
        # when a colour or opacity of a widget changes Textual refreshes its children too
        # (which lets their lines go, below). Asking for the blended colours cost a third of
        # drawing the widget, every frame.
        app = self.app
        key = (crop, self._size, app._css_update_count, tuple(app.get_line_filters()))
        kept = self._kept
        if kept is not None and kept[0] == key:
            return kept[1]
        strips = super().render_lines(crop)
        self._kept = (key, strips)
        return strips

    def _set_dirty(self, *regions: Region) -> None:
        # every refresh, of a part or the whole, comes through here
        self._kept = None
        super()._set_dirty(*regions)

    def notify_style_update(self) -> None:
        self._kept = None
        super().notify_style_update()


class KeptVertical(Vertical, KeptLines):
    """A Vertical container whose own lines are kept (see KeptLines)."""
