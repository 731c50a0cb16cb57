"""The seam between the app and its session driver (regulate/tui/seam.py): the driver runs a
whole session on any Textual app that keeps the seam, and neither it nor a screen reaches into
`RegulateApp`."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from textual import on
from textual.app import App

from regulate.audio.silence import CuePlayer, Silent
from regulate.domain.model import Exercise, Pack
from regulate.history import History, HistoryPlace
from regulate.packs.library import load_library
from regulate.tui import messages, screens
from regulate.tui.driver import AppDriver
from regulate.tui.seam import FrontEnd
from tests.clocks import FakeClock

TUI = Path(__file__).resolve().parents[1] / "regulate" / "tui"
TODAY = dt.date(2026, 11, 20)


class Stage(App[None]):
    """The smallest front end: no settings, no sound, no history screen - only the seam."""

    def __init__(self, starter: Pack, place: HistoryPlace) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.speed = 1.0
        self.cues: CuePlayer = Silent()
        self.sound_heard = False
        self.reduced_motion = True
        self.guide_shape = True
        self.starter: Pack | None = starter
        self.told: set[str] = set()
        self.told_playing: set[str] = set()
        self._place = place
        self.places_asked = 0
        self.spoken: list[str | None] = []
        self.changed = 0
        front: FrontEnd = self  # the seam, checked by mypy
        self.driver = AppDriver(front, self)

    def place_for_sessions(self) -> HistoryPlace:
        self.places_asked += 1
        return self._place

    def speak_for(self, pack: Pack | None, exercise: Exercise | None = None) -> bool:
        self.spoken.append(pack.id if pack is not None else None)
        return False

    def sessions_changed(self) -> None:
        self.changed += 1

    def get_default_screen(self) -> screens.Home:
        assert self.starter is not None
        return screens.Home(
            (self.starter,), today=lambda: TODAY, practised={}, speak_for=self.speak_for
        )

    @on(messages.OpenExercise)
    def _chosen(self, message: messages.OpenExercise) -> None:
        self.driver.open_exercise(message.pack, message.exercise)

    @on(messages.StopPractice)
    def _stop(self) -> None:
        self.driver.stop_playing()

    def action_home(self) -> None:
        self.driver.home()


async def test_a_session_runs_and_is_kept_on_any_app_that_keeps_the_seam(tmp_path: Path) -> None:
    starter = load_library(today=TODAY, language="en").packs[0]
    path = tmp_path / "history.sqlite3"
    stage = Stage(starter, HistoryPlace(path))
    async with stage.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stage.places_asked == 0  # nothing about the history is read before a session
        await pilot.press("enter")  # the first exercise: its preview
        await _until(pilot, screens.PreviewScreen)
        await pilot.press("enter")
        await _until(pilot, screens.Rating)
        await pilot.press("6", "enter")
        await _until(pilot, screens.ExerciseScreen)
        stage.clock.advance(3)
        stage.driver.tick()
        await pilot.press("escape")  # stop: the stopped screen, then home
        await _until(pilot, screens.Stopped)
        await pilot.press("escape")
        await _until(pilot, screens.Home)
        for _ in range(200):  # the homework line is told once the history has the session
            if stage.changed:
                break
            await pilot.pause(0.01)
        assert stage.changed == 1 and stage.places_asked == 1
        assert starter.id in stage.spoken  # each screen spoke the pack's language
    with History.open(path) as store:
        (session,) = store.sessions()
    assert (session.exercise_id, session.outcome, session.before_rating) == (
        starter.exercises[0].id,
        "stopped",
        6,
    )


async def _until(pilot, kind: type) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{kind.__name__} never came; {type(pilot.app.screen).__name__} is shown")


def _imports_and_reaches(path: Path) -> tuple[set[str], set[str]]:
    """The modules a file imports (type-only ones too) and the attributes it reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    reached = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    return imported, reached


def test_the_driver_and_the_screens_never_reach_into_the_app() -> None:
    app_modules = {"regulate.tui.app", "regulate.tui.app_history", "regulate.tui.app_size"}
    files = [TUI / "driver.py", TUI / "seam.py", *sorted((TUI / "screens").glob("*.py"))]
    files += sorted((TUI / "widgets").glob("*.py"))
    for path in files:
        imported, reached = _imports_and_reaches(path)
        assert not imported & app_modules, f"{path.name} imports the app"
        assert "RegulateApp" not in {name.rsplit(".", 1)[-1] for name in imported}, path.name
        assert "rapp" not in reached, f"{path.name} reaches into the app through rapp"
