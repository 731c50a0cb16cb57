"""Building the app for Pilot and snapshot tests: a fake clock, a temporary history, no sound."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from textual.widgets import OptionList

from regulate import i18n
from regulate.domain.model import Exercise, Pack
from regulate.history import History
from regulate.loader import load_exercise, load_pack
from regulate.packs.library import Library, load_library, pack_folders
from regulate.settings import Settings
from regulate.system.paths import starter_pack
from regulate.tui.app import RegulateApp
from tests.clocks import FakeClock

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)

# the apps made for the test running now, and their histories: once it ends they leave as
# regulate does after its window closes (tests/conftest.py), so no history writer's thread,
# and the app it holds, lives on into the next test
made: list[tuple[RegulateApp, History]] = []


@functools.cache
def _read_once(folders: tuple[Path, ...], language: str, speaking: str) -> Library:
    return load_library(today=NOW.date(), language=language)


def library(language: str) -> Library:
    """The packs as the app reads them at start. With only the starter pack (most tests) they
    are read once a run and shared (the Library is frozen; reading it, pack cache and all, is
    tested in test_pack_cache.py and test_starter_pack.py); a home with added packs reads
    its own."""
    folders = tuple(pack_folders(language))
    if len(folders) == 1:
        return _read_once(folders, language, i18n.current())
    return load_library(today=NOW.date(), language=language)


def make_app(
    home: Path,
    *,
    sound: bool | None = False,
    pack: Pack | None = None,
    exercise: Exercise | None = None,
    speed: float = 1.0,
    reduced: bool = False,
    language: str = "",
) -> tuple[RegulateApp, FakeClock, History]:
    """The app as a person with these settings meets it (`language`: their chosen one)."""
    clock = FakeClock()
    store = History.open(home / "history.sqlite3", now=lambda: NOW)
    app = RegulateApp(
        library(i18n.choose(None, language or None)),
        store,
        Settings(sound=sound, reduced_motion=reduced, language=language),
        clock=clock,
        pack=pack,
        exercise=exercise,
        speed=speed,
        save_settings=False,
        today=lambda: NOW.date(),
    )
    made.append((app, store))
    return app, clock, store


async def advance(app: RegulateApp, clock: FakeClock, seconds: float, pilot=None) -> None:
    """Let time pass as frames would: a tick every quarter second of the fake clock."""
    left = seconds
    while left > 1e-9:
        step = min(0.25, left)
        clock.advance(step)
        left -= step
        app.tick()
    if pilot is not None:
        await pilot.pause()


def pack_from(folder: Path) -> Pack:
    """The pack in `folder`, which must load cleanly. A starter pack bundled with regulate is
    read once a run (in each language spoken while reading it): nothing changes it, and the
    Pack is frozen."""
    if folder in _BUNDLED:
        return _bundled(folder, i18n.current())
    loaded = load_pack(folder)
    assert loaded.value is not None, [str(p) for p in loaded.problems]
    return loaded.value


_BUNDLED = {starter_pack(language) for language in i18n.languages()}


@functools.cache
def _bundled(folder: Path, speaking: str) -> Pack:
    loaded = load_pack(folder)
    assert loaded.value is not None, [str(p) for p in loaded.problems]
    return loaded.value


def exercise_from(path: Path) -> Exercise:
    loaded = load_exercise(path)
    assert loaded.value is not None, [str(p) for p in loaded.problems]
    return loaded.value


def screen_text(app: RegulateApp) -> str:
    """Every visible Static's text on the current screen, as plain text."""
    from textual.widgets import Static

    from regulate.tui.widgets import Line

    parts = []
    for widget in app.screen.query("Static, Line"):
        if widget.display and widget.parent is not None and widget.parent.display:
            parts.append(widget.text if isinstance(widget, Line) else str(widget.render()))
    assert all(isinstance(w, Static | Line) for w in app.screen.query("Static, Line"))
    return "\n".join(parts)


def saved(app: RegulateApp, store: History) -> list:
    """The history's sessions once every write the app has asked for is done (writes happen
    on a thread of their own, so a test waits for them as a person's next look would)."""
    for practice in (app.playing, app.driver.last):
        if practice is not None:
            assert practice.recorder.flush(timeout=10), "the history writes did not finish"
    return store.sessions()


def footer_text(app: RegulateApp) -> str:
    """The footer's keys as shown: 'esc Back  s Support ...'."""
    from textual.widgets._footer import FooterKey

    keys = app.screen.query(FooterKey)
    return "  ".join(f"{key.key_display} {key.description}" for key in keys)


def rendered_text(app: RegulateApp) -> str:
    """The screen exactly as drawn, one line per row, toasts and footer included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until_screen(pilot, kind: type, tries: int = 100) -> None:
    """Let the app settle until `kind` of screen is on top (a screen the flow pushes after a
    timer or a worker can be a few frames away); fails rather than typing into the wrong one."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{kind.__name__} never came; {type(pilot.app.screen).__name__} is shown")


async def settled(pilot, keys: tuple[str, ...], tries: int = 200) -> None:
    """After keys pressed in an exercise, wait until the app has acted on them (a key posts a
    message that the app handles in its own turn; a busy machine can take a few frames), so a
    snapshot never catches the moment before."""
    from regulate.tui import screens

    app = pilot.app
    done = {
        ("space",): lambda: app.playing is not None and app.playing.status == "paused",
        ("o",): lambda: app.playing is not None and app.playing.status == "interlude",
        ("escape",): lambda: isinstance(app.screen, screens.Stopped),
        ("6", "enter"): lambda: isinstance(app.screen, screens.Note),
    }.get(keys)
    for _ in range(tries if done is not None else 0):
        if done():
            return
        await pilot.pause(0.01)
    if done is not None:
        raise AssertionError(f"the app never acted on {keys}")


async def open_exercise(pilot, app, index: int) -> None:
    """On home: the exercise at `index` highlighted and opened."""
    exercises = app.screen.query_one("#exercises", OptionList)
    exercises.highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def start_longer_out_breath(pilot, app) -> None:
    """From home: Longer out-breath opened, rated 4 before, started."""
    await pilot.pause()
    await open_exercise(pilot, app, 3)
    await pilot.press("enter", "4", "enter")
    await pilot.pause()
