"""One script of a session (core/session.py), two drivers: the same person's choices, made once
through the full-screen app and once through plain mode, leave the same rows in the history.

Each scenario is written once, as what the person does; `_lines` turns it into what a person
types in plain mode and `_keys` into what they press in the app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from regulate.history import History
from regulate.paths import starter_pack
from regulate.plain import Plain
from regulate.tui import screens
from tests.clocks import FakeClock
from tests.tui_helpers import NOW, advance, exercise_from, make_app, pack_from, saved, until_screen


@dataclass(frozen=True)
class Person:
    """What one person does in one session: ratings (None skips), what they choose at the
    support offer, when (if ever) they stop, a note, and what they choose at the summary."""

    exercise: str
    before: int | None
    support: str | None = None  # after a low before-rating: continue | settle | stop
    stop_after: float | None = None  # seconds into the exercise
    after: int | None = None
    note: str = ""
    summary: str = "finish"  # finish | settle
    then_before: int | None = None  # the settle exercise's own before-rating, when chosen


SCENARIOS = {
    "finished_with_a_note": Person("feet-on-the-floor", 4, after=7, note="felt ok"),
    "low_then_stop_here": Person("feet-on-the-floor", 1, support="stop"),
    "low_then_continue": Person("feet-on-the-floor", 2, support="continue", after=3),
    "low_then_the_settle_exercise": Person("longer-out-breath", 1, support="settle", after=4),
    "stopped_and_rated": Person("longer-out-breath", 6, stop_after=20, after=3),
    "worse_then_settle_at_the_summary": Person(
        "feet-on-the-floor", 7, after=4, summary="settle", then_before=5
    ),
    "both_ratings_skipped": Person("feet-on-the-floor", None, after=None),
}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


ROW = ("exercise_id", "outcome", "before_rating", "after_rating", "note")


def _rows(store: History) -> list[tuple[object, ...]]:
    return [tuple(getattr(s, f) for f in ROW) for s in reversed(store.sessions())]


# ------------------------------------------------------------ plain mode


class ScriptedConsole:
    """Plain mode's console as a person at a terminal uses it, with time passing on a fake
    clock: answers are typed when asked; 'q' is typed at the moment the person stops."""

    interactive = True

    def __init__(self, answers: list[str], clock: FakeClock, stop_at: float | None) -> None:
        self.answers = answers
        self.clock = clock
        self.stop_at = stop_at
        self.started: float | None = None
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.append(text)
        if text.startswith("Starting"):
            self.started = self.clock()

    def ask(self) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def wait(self, seconds: float, takes: object = None) -> str | None:
        self.clock.advance(max(seconds, 0.01))
        at = self.stop_at
        if at is not None and self.started is not None and self.clock() - self.started >= at:
            self.stop_at = None
            return "q"
        return None


def _lines(person: Person) -> list[str]:
    typed = ["" if person.before is None else str(person.before)]
    if person.support is not None:
        # the choices: 1 continue, 2 the settle exercise (when offered), last: stop here
        typed.append({"continue": "1", "settle": "2", "stop": "3"}[person.support])
        if person.support == "stop":
            return typed
    typed += ["" if person.after is None else str(person.after), person.note]
    if person.summary == "settle":
        typed += ["2", str(person.then_before), "", ""]  # its rating before; after, note skipped
    return typed


def _plain(person: Person, home: Path) -> list[tuple[object, ...]]:
    starter = pack_from(starter_pack())
    exercise = starter.exercise(person.exercise)
    assert exercise is not None
    store = History.open(home / "plain.sqlite3", now=lambda: NOW)
    clock = FakeClock()
    console = ScriptedConsole(_lines(person), clock, person.stop_after)
    front = Plain(console, store, starter=starter, clock=clock)
    assert front.play(exercise, starter) == 0, console.out
    assert front.close(timeout=10)
    return _rows(store)


# ------------------------------------------------------------ the app


async def _rate(pilot, rating: int | None) -> None:
    if rating is None:
        await pilot.press("n")
    else:
        await pilot.press(*str(rating), "enter")
    await pilot.pause()


async def _play_through(app, clock, pilot, stop_after: float | None) -> None:
    assert isinstance(app.screen, screens.ExerciseScreen)
    if stop_after is not None:
        await advance(app, clock, stop_after, pilot)
        await pilot.press("escape")  # stop
        await pilot.pause()
        await pilot.press("enter")  # rate how I feel
    else:
        total = app.playing.timeline.total
        await advance(app, clock, total + 1, pilot)
        for _ in range(20):  # the check-ins wait for an answer: keep going
            if not isinstance(app.screen, screens.ExerciseScreen):
                break
            await pilot.press("enter")
            await advance(app, clock, total, pilot)
    await pilot.pause()


async def _keys(person: Person, app, clock, pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # start, from the preview
    await pilot.pause()
    await _rate(pilot, person.before)
    if person.support is not None:
        assert isinstance(app.screen, screens.SupportScreen)
        app.screen.query_one(f"#{person.support}").press()
        await pilot.pause()
        if person.support == "stop":
            return
        if person.support == "settle":
            await pilot.press("enter")  # the settle exercise's preview
            await pilot.pause()
    await _play_through(app, clock, pilot, person.stop_after)
    await _rate(pilot, person.after)
    await until_screen(pilot, screens.Note)
    await pilot.press(*person.note, "enter")
    await pilot.pause()
    if person.summary == "settle":
        assert isinstance(app.screen, screens.Summary)
        app.screen.query_one("#settle").press()
        await until_screen(pilot, screens.Preview)  # home first, then the settle exercise
        await pilot.press("enter")
        await until_screen(pilot, screens.Rating)
        await _rate(pilot, person.then_before)
        await _play_through(app, clock, pilot, None)
        await _rate(pilot, None)
        await pilot.press("enter")  # no note
        await pilot.pause()


async def _app(person: Person, home: Path) -> list[tuple[object, ...]]:
    starter = pack_from(starter_pack())
    exercise = exercise_from(starter_pack() / f"{person.exercise}.yaml")
    app, clock, store = make_app(home, pack=starter, exercise=exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await _keys(person, app, clock, pilot)
        saved(app, store)
    return _rows(store)


# ------------------------------------------------------------ the same rows


EXPECTED = {
    "finished_with_a_note": [("feet-on-the-floor", "completed", 4, 7, "felt ok")],
    "low_then_stop_here": [("feet-on-the-floor", "not_started", 1, None, None)],
    "low_then_continue": [("feet-on-the-floor", "completed", 2, 3, None)],
    "low_then_the_settle_exercise": [("notice-the-room", "completed", 1, 4, None)],
    "stopped_and_rated": [("longer-out-breath", "stopped", 6, 3, None)],
    "worse_then_settle_at_the_summary": [
        ("feet-on-the-floor", "completed", 7, 4, None),
        ("notice-the-room", "completed", 5, None, None),
    ],
    "both_ratings_skipped": [("feet-on-the-floor", "completed", None, None, None)],
}


@pytest.mark.parametrize("name", SCENARIOS)
async def test_both_front_ends_keep_the_same_sessions(name: str, home: Path) -> None:
    person = SCENARIOS[name]
    from_plain = _plain(person, home)
    from_app = await _app(person, home)
    assert from_plain == EXPECTED[name]
    assert from_app == EXPECTED[name]


def test_a_rated_not_started_session_reads_neutrally_everywhere(home: Path) -> None:
    """'Rated, not started' is what happened - never 'stopped early' or a failure - and
    forget removes it like any other session."""
    from regulate.history import outcome_words, table_rows
    from regulate.report.build import build
    from regulate.report.markdown import page
    from regulate.report.words import how_it_ended

    _plain(SCENARIOS["low_then_stop_here"], home)
    store = History.open(home / "plain.sqlite3", now=lambda: NOW)
    (session,) = store.sessions()
    assert outcome_words(session) == "rated, not started"
    (row,) = table_rows([session])
    assert row[2:] == ("1 -> -", "0:00", "rated, not started")
    report = page(build(store, {}, today=NOW.date() + dt.timedelta(days=1)))
    assert "rated, not started" in report
    assert how_it_ended(session) == "rated, not started"  # not 'stopped early', no shortfall
    assert "fail" not in report.lower()
    assert store.forget(everything=True) == 1 and store.sessions() == []


def test_a_session_begun_while_the_last_ones_writes_wait_still_lands_after_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A settle exercise begun the moment the first session ended (plain mode from a pipe, a
    busy disk) is kept after the first, never before it: the history's order is the order lived
    (CI once found the two rows the wrong way round on a loaded machine)."""
    import time

    real_start = History.start

    def slow_start(self: History, **fields: object) -> int:
        if fields["exercise_id"] == "feet-on-the-floor":
            # the first session's writer held up, as a loaded machine or a busy file holds it
            time.sleep(0.5)
        return real_start(self, **fields)  # type: ignore[arg-type]

    monkeypatch.setattr(History, "start", slow_start)
    rows = _plain(SCENARIOS["worse_then_settle_at_the_summary"], home)
    assert rows == EXPECTED["worse_then_settle_at_the_summary"]


def test_a_session_whose_writes_fail_never_holds_up_the_next(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next session's writes wait for the last one's - and a last one the disk refused
    (kept aside) never stops the next from being written: both sessions are in the history,
    in the order they were lived."""
    import sqlite3

    from regulate.history.errors import plain_error
    from regulate.history.kept import FOLDER

    real_start = History.start

    def failing_start(self: History, **fields: object) -> int:
        if fields["exercise_id"] == "feet-on-the-floor":
            raise plain_error(sqlite3.OperationalError("disk I/O error"), self.path)
        return real_start(self, **fields)  # type: ignore[arg-type]

    monkeypatch.setattr(History, "start", failing_start)
    # the first session is kept aside, and taken in when the next one's writer opens the file
    rows = _plain(SCENARIOS["worse_then_settle_at_the_summary"], home)
    assert rows == EXPECTED["worse_then_settle_at_the_summary"]
    kept = home / FOLDER  # where the refused session waited, looked at without opening
    assert kept.is_dir() and not list(kept.iterdir())  # it was there, and was taken in


# ------------------------------------------------------------ support for the moment

BEFORE_WORDS = "It is okay to start from where you are today."
AFTER_WORDS = "It is okay that this felt harder today."


def _pack_with_moment_words(home: Path) -> Path:
    """The starter pack, with support words for each moment as a therapist writes them."""
    import shutil

    folder = home / "moments"
    shutil.copytree(starter_pack(), folder)
    manifest = folder / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    at = text.index("support:")
    end = text.index("settle:")
    manifest.write_text(
        text[:at]
        + "support:\n  text: Put your feet on the floor and look around the room.\n"
        + f"  before: {BEFORE_WORDS}\n  after: {AFTER_WORDS}\n"
        + text[end:],
        encoding="utf-8",
    )
    return folder


def _plain_said(person: Person, pack_folder: Path, home: Path) -> str:
    pack = pack_from(pack_folder)
    exercise = pack.exercise(person.exercise)
    assert exercise is not None
    store = History.open(home / "plain.sqlite3", now=lambda: NOW)
    clock = FakeClock()
    console = ScriptedConsole(_lines(person), clock, person.stop_after)
    front = Plain(console, store, starter=pack_from(starter_pack()), clock=clock)
    assert front.play(exercise, pack) == 0, console.out
    assert front.close(timeout=10)
    return "\n".join(console.out)


@pytest.mark.parametrize(
    ("name", "shown", "not_shown"),
    [
        ("low_then_stop_here", BEFORE_WORDS, AFTER_WORDS),
        ("worse_then_settle_at_the_summary", AFTER_WORDS, BEFORE_WORDS),
    ],
)
async def test_support_words_fit_the_moment_they_are_shown_in(
    home: Path, name: str, shown: str, not_shown: str
) -> None:
    """After a low rating before starting nothing has happened yet, so the words for after
    ('this felt harder') are not shown there, and the other way round - in both front ends."""
    from tests.tui_helpers import screen_text

    person = SCENARIOS[name]
    folder = _pack_with_moment_words(home)
    said = _plain_said(person, folder, home)
    assert shown in said and not_shown not in said
    assert "Put your feet on the floor and look around the room." in said

    pack = pack_from(folder)
    exercise = pack.exercise(person.exercise)
    app, clock, _store = make_app(home, pack=pack, exercise=exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await _rate(pilot, person.before)
        if person.support is None:
            await _play_through(app, clock, pilot, None)
            await _rate(pilot, person.after)
            await pilot.press("enter")  # no note
            await until_screen(pilot, screens.Summary)
        else:
            assert isinstance(app.screen, screens.SupportScreen)
        text = " ".join(screen_text(app).split())
        assert shown in text and not_shown not in text
        assert "Put your feet on the floor and look around the room." in text
