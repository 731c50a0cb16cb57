"""One script of a session (core/session.py), two drivers: the same person's choices, made once
through the full-screen app and once through plain mode, leave the same rows in the history.

Each scenario is written once, as what the person does; `_lines` turns it into what a person
types in plain mode and `_keys` into what they press in the app.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from regulate.domain.model import Exercise
from regulate.history import History
from regulate.plain import Plain
from regulate.system.paths import starter_pack
from regulate.tui import screens
from tests.clocks import FakeClock
from tests.tui_helpers import NOW, advance, exercise_from, make_app, pack_from, saved, until_screen


@dataclass(frozen=True)
class Person:
    """What one person does in one session: ratings (None skips), what they choose at the
    support offer, keys pressed while it runs, when (if ever) they stop and what they choose
    then, a note, and what they choose at the summary."""

    exercise: str
    before: int | None
    support: str | None = None  # after a low before-rating: continue | settle | stop
    keys: tuple[tuple[float, str], ...] = ()  # (seconds into the exercise, n | o | back)
    stop_after: float | None = None  # seconds into the exercise
    at_stop: str = "rate"  # rate | settle | home
    after: int | None = None
    note: str = ""
    summary: str = "finish"  # finish | settle
    then_before: int | None = None  # the settle exercise's own before-rating, when asked
    rate_again: bool = False  # a settle exercise that carries a rating: rate anew instead


SCENARIOS = {
    "finished_with_a_note": Person("feet-on-the-floor", 4, after=7, note="felt ok"),
    "low_then_stop_here": Person("feet-on-the-floor", 1, support="stop"),
    "low_then_continue": Person("feet-on-the-floor", 2, support="continue", after=3),
    "low_then_the_settle_exercise": Person("longer-out-breath", 1, support="settle", after=4),
    "low_breathing_then_continue": Person(
        "longer-out-breath", 2, support="continue", after=2, note="kept going"
    ),
    "stopped_and_rated": Person("longer-out-breath", 6, stop_after=20, after=3),
    "stopped_then_the_settle_exercise": Person(
        "longer-out-breath", 6, stop_after=20, at_stop="settle", then_before=5
    ),
    "stopped_then_home": Person("longer-out-breath", 6, stop_after=20, at_stop="home"),
    "an_area_skipped_and_a_stop_mid_scan": Person(
        "hands-and-feet", 5, keys=((50, "n"),), stop_after=60, after=5
    ),
    "a_look_around_then_back": Person(
        "feet-on-the-floor", 5, keys=((10, "o"), (200, "back")), after=6
    ),
    "worse_then_settle_at_the_summary": Person("feet-on-the-floor", 7, after=4, summary="settle"),
    "worse_then_settle_rated_anew": Person(
        "feet-on-the-floor", 7, after=4, summary="settle", then_before=5, rate_again=True
    ),
    "a_small_drop_then_a_note": Person("feet-on-the-floor", 10, after=8, note="tired"),
    "both_ratings_skipped": Person("feet-on-the-floor", None, after=None),
}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


ROW = ("exercise_id", "outcome", "before_rating", "after_rating", "note", "choices",
       "stopped_where")  # fmt: skip


def _rows(store: History) -> list[tuple[object, ...]]:
    """Each session as kept, in order, with the row it follows as its place in that order."""
    sessions = list(reversed(store.sessions()))
    place = {s.id: i for i, s in enumerate(sessions)}
    return [
        (*(getattr(s, f) for f in ROW), None if s.follows is None else place[s.follows])
        for s in sessions
    ]


@functools.cache
def _starter_exercise(name: str) -> Exercise:
    found = pack_from(starter_pack()).exercise(name)
    assert found is not None
    return found


SETTLE = "notice-the-room"


# ------------------------------------------------------------ plain mode


class ScriptedConsole:
    """Plain mode's console as a person at a terminal uses it, with time passing on a fake
    clock: answers are typed when asked; keys (and 'q' at the moment the person stops) are
    typed at their moment."""

    interactive = True

    def __init__(self, answers: list[str], clock: FakeClock, person: Person | None) -> None:
        self.answers = answers
        self.clock = clock
        typed = [(at, "" if key == "back" else key) for at, key in person.keys] if person else []
        if person is not None and person.stop_after is not None:
            typed.append((person.stop_after, "q"))
        self.typed = sorted(typed)
        self.started: float | None = None
        self.out: list[str] = []

    def write(self, text: str) -> None:
        from regulate.i18n import _

        self.out.append(text)
        if text == _("Starting.") and self.started is None:  # in the language spoken
            self.started = self.clock()

    def ask(self) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def wait(self, seconds: float, takes: object = None) -> str | None:
        if self.typed and self.started is not None:
            at, key = self.typed[0]
            if self.clock() + seconds >= self.started + at:
                self.clock.now = max(self.clock.now, self.started + at)
                self.typed.pop(0)
                return key
        self.clock.advance(max(seconds, 0.01))
        return None


def _typed(rating: int | None) -> str:
    return "" if rating is None else str(rating)


def _settle_lines(person: Person, carried: int | None) -> list[str]:
    """The settle exercise chosen along the way: its rating before (the one carried, or a new
    one), then its after-rating and note skipped."""
    if carried is None:
        typed = [_typed(person.then_before)]
    else:
        typed = ["r", _typed(person.then_before)] if person.rate_again else [""]
    return [*typed, "", ""]


def _lines(person: Person) -> list[str]:
    from regulate.core.session import FULLER, care_needed, settle_first
    from regulate.domain.model import DEFAULT_RATING

    typed = [_typed(person.before)]
    played = person.exercise
    if person.support is not None:
        # the choices in the order offered: the settle exercise first before breath or body work
        first = settle_first(_starter_exercise(person.exercise))
        order = ["settle", "continue", "stop"] if first else ["continue", "settle", "stop"]
        typed.append(str(order.index(person.support) + 1))
        if person.support == "stop":
            return typed
        if person.support == "settle":
            played = SETTLE
    if person.stop_after is not None:
        offers = (["settle"] if played != SETTLE else []) + ["rate", "home"]
        typed.append(str(offers.index(person.at_stop) + 1))
        if person.at_stop == "settle":
            return typed + _settle_lines(person, None)
        if person.at_stop == "home":
            return typed
    typed.append(_typed(person.after))
    care = care_needed(person.before, person.after, DEFAULT_RATING)
    if care in FULLER and played != SETTLE:  # the settle exercise offered at the summary
        typed.append("2" if person.summary == "settle" else "1")
        if person.summary == "settle":
            return typed + _settle_lines(person, person.after)
    return [*typed, person.note]


def _plain(person: Person, home: Path) -> list[tuple[object, ...]]:
    starter = pack_from(starter_pack())
    exercise = starter.exercise(person.exercise)
    assert exercise is not None
    store = History.open(home / "plain.sqlite3", now=lambda: NOW)
    clock = FakeClock()
    console = ScriptedConsole(_lines(person), clock, person)
    front = Plain(console, store, starter=starter, clock=clock)
    assert front.play(exercise, starter) == 0, console.out
    assert front.close(timeout=10)
    assert not console.answers, console.out  # every answer was asked for
    return _rows(store)


# ------------------------------------------------------------ the app


async def _rate(pilot, rating: int | None) -> None:
    if rating is None:
        await pilot.press("n")
    else:
        await pilot.press(*str(rating), "enter")
    await pilot.pause()


async def _play_through(app, clock, pilot, person: Person | None) -> None:
    assert isinstance(app.screen, screens.ExerciseScreen)
    now = 0.0
    for at, key in person.keys if person else ():
        await advance(app, clock, at - now, pilot)
        now = at
        await pilot.press("enter" if key == "back" else key)
        await pilot.pause()
    if person is not None and person.stop_after is not None:
        await advance(app, clock, person.stop_after - now, pilot)
        await pilot.press("escape")  # stop
        await until_screen(pilot, screens.Stopped)
        settle = app.screen.settle is not None
        await pilot.press({"settle": "enter", "rate": "r" if settle else "enter",
                           "home": "escape"}[person.at_stop])  # fmt: skip
    else:
        total = app.playing.timeline.total
        await advance(app, clock, total + 1, pilot)
        for _ in range(20):  # the check-ins wait for an answer: keep going
            if not isinstance(app.screen, screens.ExerciseScreen):
                break
            await pilot.press("enter")
            await advance(app, clock, total, pilot)
    await pilot.pause()


async def _settle_keys(person: Person, app, clock, pilot, carried: bool) -> None:
    await until_screen(pilot, screens.PreviewScreen)  # home first, then the settle exercise
    if carried and person.rate_again:
        await pilot.press("r")
    else:
        await pilot.press("enter")
    if not carried or person.rate_again:
        await until_screen(pilot, screens.Rating)
        await _rate(pilot, person.then_before)
    await until_screen(pilot, screens.ExerciseScreen)
    await _play_through(app, clock, pilot, None)
    await _rate(pilot, None)
    await until_screen(pilot, screens.Note)
    await pilot.press("enter")  # no note
    await pilot.pause()


async def _keys(person: Person, app, clock, pilot) -> None:
    from regulate.core.session import care_needed
    from regulate.domain.model import DEFAULT_RATING

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
    await _play_through(app, clock, pilot, person)
    if person.stop_after is not None and person.at_stop == "settle":
        await _settle_keys(person, app, clock, pilot, carried=False)
        return
    if person.stop_after is not None and person.at_stop == "home":
        return
    await _rate(pilot, person.after)
    if care_needed(person.before, person.after, DEFAULT_RATING) is not None:
        await until_screen(pilot, screens.SummaryScreen)  # care before the note
        if person.summary == "settle":
            app.screen.query_one("#settle").press()
            await _settle_keys(person, app, clock, pilot, carried=True)
            return
        await pilot.press("escape")  # go on, to the note
    await until_screen(pilot, screens.Note)
    await pilot.press(*person.note, "enter")
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


def _areas() -> tuple[str, ...]:
    """The starter scan's areas, as its pack names them."""
    from regulate.domain.model import Scan

    exercise = _starter_exercise("hands-and-feet")
    return next(s.regions for s in exercise.steps if isinstance(s, Scan))


_SKIPPED, _STOPPED_IN = _areas()[:2]
_SCAN_ROW = (
    "hands-and-feet",
    "stopped",
    5,
    5,
    None,
    (f"skipped_area:{_SKIPPED}",),
    _STOPPED_IN,
    None,
)

EXPECTED = {
    "finished_with_a_note": [("feet-on-the-floor", "completed", 4, 7, "felt ok", (), None, None)],
    "low_then_stop_here": [("feet-on-the-floor", "not_started", 1, None, None, (), None, None)],
    "low_then_continue": [
        ("feet-on-the-floor", "completed", 2, 3, None, ("continued_low",), None, None)
    ],
    # the low moment is kept with the exercise it came before, the settle exercise linked to it
    "low_then_the_settle_exercise": [
        ("longer-out-breath", "not_started", 1, None, None, ("settle",), None, None),
        ("notice-the-room", "completed", 1, 4, None, (), None, 0),
    ],
    "low_breathing_then_continue": [
        ("longer-out-breath", "completed", 2, 2, "kept going", ("continued_low",), None, None)
    ],
    "stopped_and_rated": [("longer-out-breath", "stopped", 6, 3, None, (), None, None)],
    "stopped_then_the_settle_exercise": [
        ("longer-out-breath", "stopped", 6, None, None, ("settle",), None, None),
        ("notice-the-room", "completed", 5, None, None, (), None, 0),
    ],
    "stopped_then_home": [("longer-out-breath", "stopped", 6, None, None, (), None, None)],
    "an_area_skipped_and_a_stop_mid_scan": [_SCAN_ROW],
    "a_look_around_then_back": [
        ("feet-on-the-floor", "completed", 5, 6, None, ("look_around",), None, None)
    ],
    # the settle exercise takes the rating just given as its rating before
    "worse_then_settle_at_the_summary": [
        ("feet-on-the-floor", "completed", 7, 4, None, ("settle",), None, None),
        ("notice-the-room", "completed", 4, None, None, (), None, 0),
    ],
    "worse_then_settle_rated_anew": [
        ("feet-on-the-floor", "completed", 7, 4, None, ("settle",), None, None),
        ("notice-the-room", "completed", 5, None, None, (), None, 0),
    ],
    "a_small_drop_then_a_note": [
        ("feet-on-the-floor", "completed", 10, 8, "tired", (), None, None)
    ],
    "both_ratings_skipped": [("feet-on-the-floor", "completed", None, None, None, (), None, None)],
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
    from regulate.report.terms import how_it_ended

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
    # (the second cannot know the first one's row, so it is not linked to it)
    rows = _plain(SCENARIOS["worse_then_settle_at_the_summary"], home)
    assert [row[:-1] for row in rows] == [
        row[:-1] for row in EXPECTED["worse_then_settle_at_the_summary"]
    ]
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
    console = ScriptedConsole(_lines(person), clock, person)
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
            await until_screen(pilot, screens.SummaryScreen)  # care before the note
        else:
            assert isinstance(app.screen, screens.SupportScreen)
        text = " ".join(screen_text(app).split())
        assert shown in text and not_shown not in text
        assert "Put your feet on the floor and look around the room." in text


SAFETY_LINE = {
    "en": "regulate is not an emergency service.",
    "es": "regulate no es un servicio de emergencias.",
}
ORIENT = {
    "en": "Before you go, you might open your eyes and look slowly around the room.",
    "es": "Antes de irte, quizá quieras abrir los ojos y mirar despacio alrededor de la habitación.",
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("own_emergency", [False, True])
async def test_the_safety_line_stays_whenever_support_is_shown(
    home: Path, language: str, own_emergency: bool
) -> None:
    """A therapist who writes support text and leaves `emergency:` out never removes
    regulate's own line from the hardest moment: after a stop, in both front ends and both
    languages. A pack's own `emergency:` stands in for it."""
    import shutil

    from regulate import i18n
    from tests.tui_helpers import screen_text

    folder = home / "no-emergency"
    shutil.copytree(starter_pack(language), folder)
    manifest = folder / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    at, end = text.index("support:"), text.index("settle:")
    own = "  emergency: 112\n" if own_emergency else ""
    manifest.write_text(
        text[:at] + "support:\n  text: Put your feet on the floor.\n" + own + text[end:],
        encoding="utf-8",
    )
    person = SCENARIOS["stopped_then_home"]
    i18n.use(language)
    said = " ".join(_plain_said(person, folder, home).split())
    assert "Put your feet on the floor." in said and ORIENT[language] in said  # a stop is cared for
    assert (SAFETY_LINE[language] in said) is not own_emergency
    assert ("112" in said) is own_emergency

    pack = pack_from(folder)
    app, clock, _store = make_app(home, pack=pack, exercise=pack.exercise(person.exercise),
                                  language=language)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await _rate(pilot, person.before)
        await advance(app, clock, 20, pilot)
        await pilot.press("escape")
        await until_screen(pilot, screens.Stopped)
        shown = " ".join(screen_text(app).split())
        assert "Put your feet on the floor." in shown and ORIENT[language] in shown
        assert (SAFETY_LINE[language] in shown) is not own_emergency
        await pilot.press("s")  # and when the person opens it themselves
        await until_screen(pilot, screens.SupportScreen)
        shown = " ".join(screen_text(app).split())
        assert (SAFETY_LINE[language] in shown) is not own_emergency


async def test_a_low_rating_that_did_not_drop_meets_the_moment_not_the_exercise(
    home: Path,
) -> None:
    """'Before 1, after 0: about the same.' is a hard moment now, not something the exercise
    did: the words say so, and the pack's words for after a drop ('this felt harder') are not
    shown - its support text alone - in both front ends."""
    from tests.tui_helpers import screen_text

    person = Person("feet-on-the-floor", 2, support="continue", after=1)
    folder = _pack_with_moment_words(home)
    said = " ".join(_plain_said(person, folder, home).split())
    assert "Before 2, after 1: about the same." in said
    assert "It sounds like a hard moment right now" in said and AFTER_WORDS not in said
    assert said.count("Put your feet on the floor and look around the room.") == 2  # before too

    pack = pack_from(folder)
    app, clock, _store = make_app(home, pack=pack, exercise=pack.exercise(person.exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await _rate(pilot, person.before)
        app.screen.query_one("#continue").press()
        await pilot.pause()
        await pilot.pause()  # the exercise drawn, its frames running
        await _play_through(app, clock, pilot, None)
        await _rate(pilot, person.after)
        await until_screen(pilot, screens.SummaryScreen)
        shown = " ".join(screen_text(app).split())
        assert "It sounds like a hard moment right now" in shown and AFTER_WORDS not in shown
        assert "Put your feet on the floor and look around the room." in shown
        assert "stirs" not in shown
