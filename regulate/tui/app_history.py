"""The app's history: opened on a thread of its own after the first screen, the place every
session is written, and what the app gives screens from it (practice days, recent sessions).
A part of `RegulateApp` (app.py), kept apart so each file says one thing."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import App

from regulate.tui import screens
from regulate.tui.lazy import handed_out

if TYPE_CHECKING:
    from regulate.domain.model import Pack
    from regulate.history import History, Place, Session

# the history opened once, and what opening it has to say ("a kept session is now in it")
OpenHistory = Callable[[], "tuple[History | None, tuple[str, ...]]"]


class HistoryReading(App[int]):
    """The history as the app holds it; `RegulateApp.__init__` sets these."""

    store: History | None  # for reading; None until run_app's opener has it (or if it can't)
    _open_store: OpenHistory | None
    _place: Place | None
    _place_of: Callable[[], Place] | None
    _opening: bool

    def place_for_sessions(self) -> Place | None:
        """Where every session is written (its writer opens the history itself), found the
        first time it is asked: the same place before and after the history is open here, so
        a session begun meanwhile is kept."""
        if self._place is None and self._place_of is not None:
            self._place = self._place_of()
        return self._place

    def _open_history(self, opener: OpenHistory) -> None:
        """Opened on a thread of its own: a history another program holds (or a thousand kept
        sessions) never holds a key or the first screen. What it says comes when it is open."""

        def opening() -> None:
            store, notices = opener()
            try:
                self.call_from_thread(self._history_opened, store, notices)
            except RuntimeError:  # the app ended first: nothing will read it
                if store is not None:
                    store.close()

        threading.Thread(target=opening, name="regulate-history-opener", daemon=True).start()

    def _history_opened(self, store: History | None, notices: tuple[str, ...]) -> None:
        self.store = store
        self._opening = False
        for notice in notices:
            self.notify(notice, timeout=12, markup=False)
        self.sessions_changed()
        # only a history screen already made can be on the stack: asking for its class would
        # import it, its chart and Textual's table (0.4 MB) a moment into the first screen
        if not handed_out(screens, "HistoryScreen"):
            return
        for screen in self.screen_stack:
            if isinstance(screen, screens.HistoryScreen):
                # opened while the history was being read: its sessions now
                screen.show_sessions(self.recent_sessions(limit=2000))

    def sessions_changed(self) -> None:
        """The history has more to say (it is open now, or a session has reached it): the
        home screen's homework line counts it."""
        for screen in self.screen_stack:
            if isinstance(screen, screens.Home):
                screen.use_practice(self.practised(screen.packs))

    @property
    def history_reading(self) -> bool:
        """Whether the history is still being opened (its opener's thread not done yet)."""
        return self.store is None and (self._opening or self._open_store is not None)

    def practised(self, packs: Iterable[Pack]) -> dict[str, list[dt.date]] | None:
        """The days each pack with homework was practised (a pack without reads no history);
        None while the history is still being opened."""
        if self.history_reading:
            return None
        return {p.id: self.practice_days(p.id) for p in packs if p.homework is not None}

    def practice_days(self, pack_id: str) -> list[dt.date]:
        """The days a pack was practised; none when there is no history to read."""
        store = self.store
        if store is None:
            return []
        from regulate.history import HistoryError

        try:
            return store.practice_days(pack_id)
        except HistoryError:
            return []

    def recent_sessions(self, limit: int = 200) -> list[Session]:
        store = self.store
        if store is None:
            return []
        from regulate.history import HistoryError

        try:
            return store.sessions(limit=limit)
        except HistoryError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return []
