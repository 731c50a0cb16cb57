"""Starting the full-screen app: the settings and the packs read once, the history opened
once the first screen is drawn, and everything saved on the way out whatever happened."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regulate import i18n, settings
from regulate.domain.model import Exercise, Pack
from regulate.i18n import _
from regulate.packs.library import load_library
from regulate.tui.app import QUIT_SAVE_SECONDS, RegulateApp

if TYPE_CHECKING:
    from regulate.history import History, Place


def _open_history() -> tuple[History | None, tuple[str, ...]]:
    """The history and what opening it has to say; None, and why, when it can't be used.
    Called on a thread of its own (app.py): a history another program holds is waited for
    as long as it is held - meanwhile sessions are written by their own writers, which say
    so - and one that can't be opened is said once; each session's writer keeps it aside."""
    from regulate.history import History, HistoryBusy, HistoryError

    while True:
        try:
            store = History.open()
        except HistoryBusy:
            continue  # SQLite waited ten seconds: try again, the first screen is not held
        except HistoryError as exc:
            return None, (str(exc),)
        return store, tuple(store.notices)


def _history_place() -> Place:
    from regulate.history import HistoryPlace

    return HistoryPlace.default()


def run_app(
    *,
    sound: bool | None = None,
    reduced_motion: bool | None = None,
    pack: Pack | None = None,
    exercise: Exercise | None = None,
    speed: float = 1.0,
    auto_pilot: Any = None,  # benchmarks drive the real app with this
    language: str | None = None,
) -> int:
    prefs = settings.answered_by_option(settings.load(), sound)
    person = i18n.use(i18n.choose(None, language or prefs.language or None))
    notices: list[str] = []
    library = load_library(language=person)
    if library.broken:
        names = ", ".join(Path(folder).name for folder, _ in library.broken)
        notices.append(
            _(
                "Some packs could not be opened ({names}). `regulate check` shows what to fix."
            ).format(names=names)
        )
    if reduced_motion:
        os.environ["TEXTUAL_ANIMATIONS"] = "none"
    app = RegulateApp(
        library,
        None,
        prefs,
        pack=pack,
        exercise=exercise,
        speed=speed,
        sound=sound,
        reduced_motion=reduced_motion,
        notices=tuple(notices),
        language=language,
        open_store=_open_history,  # once the first screen is drawn, off the event loop
        place=_history_place,  # where sessions are written, open or not
        exit_watchdog=True,  # a hang-up or SIGTERM ends the process, whatever Textual does
    )
    try:
        result = app.run(auto_pilot=auto_pilot)
    finally:
        app.driver.close(timeout=QUIT_SAVE_SECONDS)
        if (store := app.store) is not None:
            store.close()
    return result or 0
