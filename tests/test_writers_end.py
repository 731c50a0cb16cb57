"""Leaving ends every session's writer: each session of a run is written, its writer's thread
ends, and nothing is left holding the history (or, in the app, the app) once regulate has
left. A person who stops, then takes the settle exercise, leaves two sessions behind."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

from regulate.core.recorder import Recorder
from regulate.history import History, HistoryPlace
from regulate.system.paths import starter_pack
from regulate.tui import screens
from tests.tui_helpers import make_app, open_exercise, pack_from


def _writers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "regulate-history-writer"}


def test_a_closed_sessions_writer_ends_and_lets_its_history_go(tmp_path: Path) -> None:
    pack = pack_from(starter_pack())
    path = tmp_path / "history.sqlite3"
    place = HistoryPlace(path)
    before = _writers()
    first = Recorder(place, pack, pack.exercises[0])
    first.start(4, 1.0, 60.0)
    second = Recorder(place, pack, pack.exercises[1], follows=first)  # written after the first
    second.start(3, 1.0, 60.0)
    assert first.close(timeout=10) and second.close(timeout=10)
    assert _writers() == before  # both threads ended
    with History.open(path) as store:
        assert [(s.exercise_id, s.before_rating) for s in store.sessions()] == [
            (pack.exercises[1].id, 3), (pack.exercises[0].id, 4)
        ]  # fmt: skip
    gone = weakref.ref(place)
    del place, first, second
    gc.collect()
    assert gone() is None, "an ended writer still holds its history"


async def test_leaving_the_app_ends_the_writer_of_every_session_of_the_run(tmp_path: Path) -> None:
    before = _writers()
    app, _clock, store = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_exercise(pilot, app, 3)
        await pilot.press("enter", "1", "enter")  # low before breath work: support, then
        await pilot.pause()
        assert isinstance(app.screen, screens.SupportScreen)
        await pilot.press("enter")  # the settle exercise, a second session of this run
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        assert len(_writers() - before) == 2
    app.driver.close(timeout=10)  # as regulate does once its window has closed
    assert _writers() == before
    assert [(s.exercise_id, s.outcome) for s in store.sessions()] == [
        ("notice-the-room", "stopped"), ("longer-out-breath", "not_started")
    ]  # fmt: skip
