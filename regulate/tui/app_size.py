"""The app's window size: below 50x16 what can't be seen takes no keys (only leaving acts),
and a short or narrow window gives decorations up first. A part of `RegulateApp` (app.py)."""

from __future__ import annotations

import weakref
from typing import Any

from textual.app import App
from textual.events import Resize
from textual.screen import Screen

from regulate.system import faults
from regulate.tui import screens

MIN_WIDTH, MIN_HEIGHT = 50, 16


class WindowSize(App[int]):
    """Whether each screen was last told the window is too small (`RegulateApp.__init__` makes
    the dictionary: screens come and go)."""

    _out_of_sight: weakref.WeakKeyDictionary[Screen[Any], bool]

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")
        if self.screen_stack:  # none before the first screen is up
            try:
                self.keep_out_of_sight(self.screen)
            except Exception as exc:  # the window's size is checked again at the next resize
                faults.record(exc, "the window's size check")
        self.set_class(height < 20, "-short")  # decorations give way to content
        self.set_class(width < 60, "-narrow")  # a row of buttons packs closer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.has_class("-too-small"):
            return action in ("quit_now", "quit")  # nothing else acts unseen
        return True

    def keep_out_of_sight(self, screen: Screen[Any]) -> None:
        """While the window is too small, what can't be seen can't take keys either."""
        small = self.has_class("-too-small")
        for page in screen.query(".page"):
            page.disabled = small
        if self._out_of_sight.get(screen) == small:
            return  # unchanged: refreshing the bindings would rebuild the footer for nothing
        self._out_of_sight[screen] = small
        screen.refresh_bindings()
        if isinstance(screen, screens.Base):
            screen.refresh_keys()  # the keys in sight say only what acts now
