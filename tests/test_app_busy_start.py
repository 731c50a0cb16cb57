"""The full-screen app never waits for the history: it is opened off the event loop, keys are
answered meanwhile, the homework line is filled in when it arrives, and an exercise played
meanwhile is still kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from regulate import i18n
from regulate.history import History, HistoryPlace
from regulate.packs.library import load_library
from regulate.settings import Settings
from regulate.tui import screens
from regulate.tui.app import RegulateApp
from tests.clocks import FakeClock
from tests.tui_helpers import NOW, advance, pack_from, screen_text

PACK = "name: Week 3\nsupport: Call me.\nhomework: {times: 1, per: day}\n"
SHORT = "title: Short\nkind: grounding\nrating: false\nsteps:\n  - prompt: Look.\n    for: 10\n"


async def test_keys_are_answered_while_the_history_opens_and_its_words_come_after(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK)
    (folder / "a.yaml").write_text(SHORT)
    path = tmp_path / "history.sqlite3"
    with History.open(path, now=lambda: NOW) as earlier:  # practised once today already
        earlier.not_started(
            pack_id="week3", pack_name="Week 3", exercise_id="a", exercise_title="Short",
            exercise_sha256="ab" * 32, planned_seconds=10, before=None,
        )  # fmt: skip
    free = threading.Event()
    waited_out: list[bool] = []

    def opener() -> tuple[History | None, tuple[str, ...]]:
        # a history another program holds: open only once the test lets go (or 5 s pass,
        # which is what happens if the app opens it on its event loop and so stops with it)
        waited_out.append(not free.wait(timeout=5))
        return History.open(path, now=lambda: NOW), ("Your history is open now.",)

    clock = FakeClock()
    app = RegulateApp(
        load_library(today=NOW.date(), language=i18n.choose(None, None)),
        None,
        Settings(sound=False),
        clock=clock,
        pack=pack_from(folder),
        save_settings=False,
        today=lambda: NOW.date(),
        open_store=opener,
        place=lambda: HistoryPlace(path, now=lambda: NOW),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Homework: once a day." in screen_text(app)
        assert "Practised" not in screen_text(app)  # not known yet: nothing that could be wrong
        await pilot.press("enter")  # the preview, while the history is still being opened
        await pilot.pause()
        assert isinstance(app.screen, screens.PreviewScreen)
        await pilot.press("enter")  # nothing to rate: start
        await pilot.pause()
        await advance(app, clock, 11, pilot)
        assert isinstance(app.screen, screens.Note)
        await pilot.press("enter")  # no note
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
        free.set()
        for _ in range(500):  # frames, not seconds: until the opener's answer arrives
            if app.store is not None:
                break
            await pilot.pause()
        await pilot.pause()
        assert "Homework: once a day. Practised today." in screen_text(app)
    assert waited_out == [False]  # the app never sat in the opener's wait
    with History.open(path) as store:
        kept = [(s.exercise_id, s.outcome) for s in store.sessions(include_previews=True)]
    assert ("a", "completed") in kept and len(kept) == 2


async def test_the_history_screen_opened_while_the_history_opens_fills_in_when_it_arrives(
    tmp_path: Path,
) -> None:
    """Found on Python 3.14 (a drill pressed h at once): the history screen said "No sessions
    yet" when the history was only still being opened; it now says it is reading, and shows
    the sessions as soon as they can be read."""
    path = tmp_path / "history.sqlite3"
    with History.open(path, now=lambda: NOW) as earlier:
        kept = earlier.start(
            pack_id="starter", pack_name="Starter pack", exercise_id="notice-the-room",
            exercise_title="Notice the room", exercise_sha256="ab" * 32, planned_seconds=120,
            before=6,
        )  # fmt: skip
        earlier.finish(kept, outcome="completed", played_seconds=120.0, after=8)
    free = threading.Event()

    def opener() -> tuple[History | None, tuple[str, ...]]:
        free.wait(timeout=5)
        return History.open(path, now=lambda: NOW), ()

    app = RegulateApp(
        load_library(today=NOW.date(), language=i18n.choose(None, None)),
        None,
        Settings(sound=False),
        clock=FakeClock(),
        save_settings=False,
        today=lambda: NOW.date(),
        open_store=opener,
        place=lambda: HistoryPlace(path, now=lambda: NOW),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, screens.HistoryScreen)
        assert "Reading your history..." in screen_text(app)
        assert "No sessions yet" not in screen_text(app)
        free.set()
        for _ in range(200):  # the opener's thread hands the history over
            await pilot.pause(0.01)
            if "Reading your history" not in screen_text(app):
                break
        assert [(s.before_rating, s.after_rating) for s in app.screen.sessions] == [(6, 8)]
        assert "No sessions yet" not in screen_text(app)
        assert "before" in screen_text(app)  # the chart's legend: the chart is drawn


def test_the_history_opened_after_the_first_screen_brings_no_other_screen_in(
    tmp_path: Path,
) -> None:
    """A moment into the first screen the history arrives; the history screen is looked for
    among the screens shown, but its module (its chart and Textual's table, 0.4 MB of the
    first screen's memory) is not imported to ask. A fresh interpreter: other tests import it."""
    script = textwrap.dedent(
        """
        import asyncio, json, sys
        from pathlib import Path
        from regulate.history import History, HistoryPlace
        from regulate.packs.library import load_library
        from regulate.settings import Settings
        from regulate.tui.app import RegulateApp

        path = Path(sys.argv[1])
        app = RegulateApp(
            load_library(), None, Settings(sound=False), save_settings=False,
            open_store=lambda: (History.open(path), ()), place=lambda: HistoryPlace(path),
        )

        async def main():
            async with app.run_test(size=(80, 24)) as pilot:
                for _ in range(500):  # frames: until the opener's thread hands it over
                    await pilot.pause()
                    if app.store is not None:
                        break
                await pilot.pause()
                shown = type(app.screen).__name__
                loaded = "regulate.tui.screens.history" in sys.modules
                print(json.dumps([app.store is not None, shown, loaded]))

        asyncio.run(main())
        """
    )
    env = {**os.environ, "REGULATE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "history.sqlite3")],
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert json.loads(done.stdout.splitlines()[-1]) == [True, "Home", False]
