"""The app's history: opened on a thread of its own after the first screen, the place every
session is written, and what screens read from it (practice days, recent sessions). A part of
`RegulateApp` (app.py), kept apart so each file says one thing."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App

from regulate.tui import screens

if TYPE_CHECKING:
    from regulate.history import History, Place, Session

# the history opened once, and what opening it has to say ("a kept session is now in it")
OpenHistory = Callable[[], "tuple[History | None, tuple[str, ...]]"]


class HistoryReading(App[int]):
    """The history as the app holds it; `RegulateApp.__init__` sets these."""

    _store: History | None
    _open_store: OpenHistory | None
    _place: Place | None
    _place_of: Callable[[], Place] | None
    _opening: bool

    @property
    def store(self) -> History | None:
        """The history, for reading; None until run_app's opener has it (or if it can't)."""
        return self._store

    @property
    def history_place(self) -> Place | None:
        """Where every session is written (its writer opens the history itself): the same place
        before and after the history is open here, so a session begun meanwhile is kept."""
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
        self._store = store
        self._opening = False
        for notice in notices:
            self.notify(notice, timeout=12, markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, screens.Home):
                screen.show_plan()
            elif isinstance(screen, screens.HistoryScreen):
                screen.load()  # opened while the history was being read: read it now

    @property
    def history_reading(self) -> bool:
        """Whether the history is still being opened (its opener's thread not done yet)."""
        return self._store is None and (self._opening or self._open_store is not None)

    @property
    def opened_store(self) -> History | None:
        """The history if it was opened, without opening it (to close it on the way out)."""
        return self._store

    def practice_days(self, pack_id: str) -> list[dt.date] | None:
        """The days a pack was practised; None while the history is still being opened."""
        store = self.store
        if store is None:
            return None if self._opening or self._open_store is not None else []
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
