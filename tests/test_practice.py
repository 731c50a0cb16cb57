"""The practice core: one flow for every front end. The same commands through the app and
through plain mode give the same sounds and the same history row; plain mode offers every
option the app does; a busy history never holds up the clock or a key."""

from __future__ import annotations

import collections
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from regulate.core.practice import Practice, settle_offer
from regulate.domain.model import Pack
from regulate.history import History
from regulate.plain import LineConsole, Plain, parse_rating
from regulate.system.paths import starter_pack
from tests.clocks import FakeClock
from tests.helpers import LoggingPlayer, make_wav, wait_until
from tests.tui_helpers import advance, make_app, pack_from, saved

# ---------------------------------------------------------------- stand-ins


class ScriptConsole:
    """A person at a terminal, on a fake clock: lines typed at given moments, answers to
    questions in order."""

    interactive = True

    def __init__(
        self, clock: FakeClock, answers: list[str | None], typed: list[tuple[float, str]]
    ) -> None:
        self.clock = clock
        self.start = clock()
        self.answers = collections.deque(answers)
        self.typed = collections.deque(typed)
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.extend(text.split("\n"))

    def ask(self) -> str | None:
        return self.answers.popleft() if self.answers else None

    def wait(self, seconds: float, takes: object = None) -> str | None:
        if self.typed:
            at, line = self.typed[0]
            due = self.start + at
            if due <= self.clock() + seconds:
                self.clock.now = max(self.clock.now, due)
                self.typed.popleft()
                return line
        self.clock.advance(seconds)
        return None


PACK = {
    "pack.yaml": """\
        name: Voice pack
        id: voice
        settle: arrive.yaml
        """,
    "arrive.yaml": """\
        title: Arrive
        kind: grounding
        steps:
          - prompt: Let your eyes rest on something near you.
            for: 10
            audio: voice.wav
          - breathe: {inhale: 4, hold: 2, exhale: 6, cycles: 4,
                      text: "Breathe along with the guide, if you like."}
          - prompt: Look around the room once more.
            for: 20
        """,
}


@pytest.fixture
def voice_pack(tmp_path: Path) -> Pack:
    folder = tmp_path / "voice"
    folder.mkdir()
    for name, text in PACK.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    make_wav(folder / "voice.wav", seconds=8.0)
    return pack_from(folder)


# One scripted sequence: (seconds after the start, command)
SEQUENCE = [
    (3.0, "pause"),
    (5.0, "pause"),  # resumes after 2 s paused
    (7.5, "look_around"),
    (37.5, "next"),  # back from the look-around, which waits for the person
    (40.0, "skip_holds"),
    (47.0, "next"),
    (49.0, "stop"),
]


def _row(session) -> tuple:
    return (
        session.outcome,
        session.before_rating,
        round(session.played_seconds, 3),
        session.stopped_at_step,
        session.steps_skipped,
        session.holds_skipped,
    )


def _plain_run(voice_pack: Pack, tmp_path: Path) -> tuple[list, tuple, list[str]]:
    clock = FakeClock()
    letters = {"pause": "p", "look_around": "o", "skip_holds": "h", "next": "n", "stop": "q"}
    typed = [(at, letters[name]) for at, name in SEQUENCE]
    console = ScriptConsole(clock, ["5", "", ""], typed)
    player = LoggingPlayer()
    store = History.open(tmp_path / "plain.sqlite3")
    front = Plain(console, store, player=player, clock=clock)
    front.play(voice_pack.exercises[0], voice_pack)
    assert front.close(timeout=10)
    (session,) = store.sessions()
    return player.sounds(), _row(session), console.out


async def _app_run(voice_pack: Pack, tmp_path: Path) -> tuple[list, tuple]:
    app, clock, store = make_app(tmp_path, pack=voice_pack, exercise=voice_pack.exercises[0])
    player = LoggingPlayer()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.cues = player
        await pilot.press("enter")  # start, from the preview
        await pilot.pause()
        await pilot.press("5", "enter")  # the before-rating
        await pilot.pause()
        now = 0.0
        keys = {"pause": "space", "look_around": "o", "skip_holds": "h", "next": "n",
                "stop": "escape"}  # fmt: skip
        for at, name in SEQUENCE:
            await advance(app, clock, at - now)
            now = at
            await pilot.press(keys[name])
            await pilot.pause()
        sessions = saved(app, store)
    return player.sounds(), _row(sessions[0])


async def test_one_script_through_the_app_and_plain_mode_gives_the_same_sounds_and_row(
    voice_pack: Pack, tmp_path: Path
) -> None:
    plain_sounds, plain_row, out = _plain_run(voice_pack, tmp_path)
    app_sounds, app_row = await _app_run(voice_pack, tmp_path)
    assert plain_sounds == app_sounds
    assert plain_row == app_row
    # what the row says is true: paused 2 s, 30 s looking around not counted as played,
    # stopped in step 3
    assert plain_row[0] == "stopped" and plain_row[1] == 5
    assert plain_row[3] == 3 and plain_row[5] is True
    # the voice paused at 3 s and carried on from 3 s; the look-around stopped it at 5.5 s in
    voice = [entry for entry in plain_sounds if entry[0] == "recording"]
    assert voice == [("recording", "voice.wav", 0.0), ("recording", "voice.wav", 3.0),
                     ("recording", "voice.wav", 5.5)]  # fmt: skip
    assert "Paused. Type p (or press Enter) to carry on, or q to stop. (0:03 of 1:18)" in out


def test_plain_mode_offers_every_command(voice_pack: Pack, tmp_path: Path) -> None:
    clock = FakeClock()
    typed = [(2.0, "x"), (3.0, "s"), (4.0, "o"), (36.0, ""), (37.0, "h"), (40.0, "h")]
    console = ScriptConsole(clock, ["", "", None], typed)
    store = History.open(tmp_path / "h.sqlite3")
    front = Plain(console, store, clock=clock)
    assert front.play(voice_pack.exercises[0], voice_pack) == 0
    out = console.out
    assert any("'x' is not a command here." in line for line in out)
    # support: the exercise waits while it is read
    assert "The exercise waits. Press Enter to carry on, or type q to stop." in out
    assert any("Let your eyes move slowly around the room" in line for line in out)
    assert any(line.startswith("Breathe in") for line in out)
    assert any("Breath holds skipped. The exercise now takes 1:10." in line for line in out)
    assert "There are no breath holds left to skip." in out
    assert "That is the end of the exercise." in out
    assert out[-2:] == [
        "You skipped both ratings. That is fine.",
        "Thank you for taking this time.",
    ]
    assert front.close(timeout=10)
    (session,) = store.sessions()
    assert session.outcome == "completed" and session.holds_skipped


def test_a_gap_is_said_once_and_the_exercise_carries_on_when_the_person_is_ready(
    voice_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()

    class Sleepy(ScriptConsole):
        slept = False

        def wait(self, seconds: float, takes: object = None) -> str | None:
            if not self.slept and clock() - self.start > 4:
                self.slept = True
                clock.advance(600)  # the laptop lid closed for ten minutes
                return None
            return super().wait(seconds)

    console = Sleepy(clock, ["", "", ""], [(620.0, "")])
    front = Plain(console, None, clock=clock)
    front.play(voice_pack.exercises[0], voice_pack)
    gap = [line for line in console.out if "long gap" in line]
    assert len(gap) == 1 and gap[0].startswith("Paused") and gap[0].endswith("(0:04 of 1:18)")
    assert "Carrying on." in console.out[console.out.index(gap[0]) :]
    assert "That is the end of the exercise." in console.out


def test_nothing_starts_before_the_person_says_so(tmp_path: Path) -> None:
    path = tmp_path / "quiet.yaml"
    path.write_text("title: Quiet\nkind: grounding\nrating: false\nsteps:\n"
                    "  - prompt: Look around.\n    for: 5\n")  # fmt: skip
    from regulate.loader import load_exercise

    exercise = load_exercise(path).value
    assert exercise is not None
    clock = FakeClock()
    console = ScriptConsole(clock, ["q"], [])
    store = History.open(tmp_path / "h.sqlite3")
    assert Plain(console, store, clock=clock).play(exercise, None) == 0
    assert "Press Enter to start, or type q and press Enter to leave." in console.out
    assert "Nothing was started." in console.out
    assert store.sessions() == []


def test_lines_typed_during_the_exercise_never_answer_a_later_question() -> None:
    read, write = os.pipe()
    stream = os.fdopen(read, "r")
    console = LineConsole(stream, lambda text: None, interactive=True)
    os.write(write, b"o\n7\n")
    wait_until(lambda: len(console.lines) == 2, "the reader thread takes both lines")
    # the question is shown after they were typed: they are set aside, not taken as the answer
    console.write("How calm do you feel right now? (after the exercise)")
    answer = []
    thread = threading.Thread(target=lambda: answer.append(console.ask()))
    thread.start()
    # both earlier lines set aside: the question now waits for what is typed after it
    wait_until(lambda: not console.lines, "the question sets the earlier lines aside")
    os.write(write, b"4\n")
    thread.join(timeout=5)
    assert answer == ["4"]
    os.close(write)


@pytest.mark.parametrize("text", ["²", "①", "٣", "1" * 5000, "-1", "11", " 10 "])
def test_odd_ratings_are_refused_or_read_never_crash(text: str) -> None:
    assert parse_rating(text) == (10 if text.strip() == "10" else None)


def test_the_starter_settle_exercise_is_kept_under_the_starter_pack(voice_pack: Pack) -> None:
    starter = pack_from(starter_pack())
    no_settle = Pack(voice_pack.id, voice_pack.name, voice_pack.exercises)
    offer = settle_offer(no_settle, starter, voice_pack.exercises[0])
    assert offer is not None and offer.pack is starter
    assert offer.exercise.id == starter.settle


def _hold_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding the history locked until it is sent a line."""
    code = textwrap.dedent(f"""
        import sqlite3, sys
        db = sqlite3.connect({str(path)!r}, isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        sys.stdin.readline()
        db.execute("COMMIT")
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_a_history_held_locked_never_holds_up_the_clock_or_stop(
    voice_pack: Pack, tmp_path: Path
) -> None:
    """Locked by another process for as long as the exercise, stop and the rating take (the
    lock is let go only after them: any of them waiting on it would wait SQLite's own 10 s,
    then fail): the exercise keeps time, stop acts, and the row ends up exactly right once
    the file is free."""
    path = tmp_path / "history.sqlite3"
    History.open(path).close()
    holder = _hold_lock(path)
    clock = FakeClock()
    store = History.open(path)
    practice = Practice(voice_pack.exercises[0], voice_pack, store=store, clock=clock)
    practice.begin(4)
    for _ in range(40):  # 20 s of exercise, frame by frame
        clock.advance(0.5)
        practice.update()
    assert practice.snapshot().played == pytest.approx(20.0)
    practice.stop()
    practice.rate_after(6, "busy day")
    wait_until(lambda: practice.recorder.problem is not None, "the person is told it waits")
    assert holder.poll() is None  # all of it while the history was still locked
    # the person is told, in words, while it waits
    assert practice.recorder.problem is not None and "busy" in practice.recorder.problem
    assert holder.stdin is not None
    holder.stdin.write("done\n")
    holder.stdin.close()
    holder.wait(timeout=30)
    assert practice.recorder.close(timeout=20)
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT outcome, before_rating, after_rating, note, played_seconds, stopped_at_step "
            "FROM sessions"
        ).fetchall()
    assert row == [("stopped", 4, 6, "busy day", 20.0, 2)]
    assert not list(tmp_path.glob("*unreadable*"))  # busy is not broken: nothing moved aside
