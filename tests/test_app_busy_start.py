"""The full-screen app never waits for the history: it is opened off the event loop, keys are
answered meanwhile, the homework line is filled in when it arrives, and an exercise played
meanwhile is still kept."""

from __future__ import annotations

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
        assert isinstance(app.screen, screens.Preview)
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
