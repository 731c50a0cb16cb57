"""The app's window size: below 50x16 what can't be seen takes no keys (only leaving acts),
and a short or narrow window gives decorations up first. A part of `RegulateApp` (app.py)."""

from __future__ import annotations

from textual.app import App
from textual.events import Resize

from regulate.system import faults
from regulate.tui import screens

MIN_WIDTH, MIN_HEIGHT = 50, 16


class WindowSize(App[int]):
    """The window's size as classes on the app (the stylesheet and every screen read them)."""

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")
        screen = self.screen_stack[-1] if self.screen_stack else None  # none before the first
        if isinstance(screen, screens.Base):
            try:
                screen.keep_out_of_sight()
            except Exception as exc:  # the window's size is checked again at the next resize
                faults.record(exc, "the window's size check")
        self.set_class(height < 20, "-short")  # decorations give way to content
        self.set_class(width < 60, "-narrow")  # a row of buttons packs closer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.has_class("-too-small"):
            return action in ("quit_now", "quit")  # nothing else acts unseen
        return True
