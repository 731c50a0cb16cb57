"""The client's whole path through the app, with Pilot and a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, OptionList, Static

from regulate.tui import screens
from tests.helpers import make_wav
from tests.tui_helpers import (
    NOW,
    advance,
    exercise_from,
    footer_text,
    make_app,
    pack_from,
    saved,
    screen_text,
    until_screen,
)
from tests.tui_helpers import open_exercise as _open
from tests.tui_helpers import start_longer_out_breath as _start_longer_out_breath


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


async def test_home_lists_the_starter_pack_with_true_durations(home: Path) -> None:
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
        options = app.screen.query_one("#exercises", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == "Notice the room  (grounding, 2:00)"
        assert labels[-1] == "Body scan with choices  (body scan, 10:30)"
        assert "You can pause or stop at any time." in screen_text(app)


def _no_device(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sound turned on opens no device: these tests are about the setting, and opening one
    costs a tenth of a second of CPU."""
    from regulate import audio
    from regulate.audio import player as player_module

    monkeypatch.setattr(player_module, "make_player", lambda on, volume=70: audio.Silent())


async def test_first_run_asks_about_sound_once(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_device(monkeypatch)
    app, _, _ = make_app(home, sound=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.SoundQuestion)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, screens.Home) and app.prefs.sound is True


async def test_esc_on_the_first_run_question_means_not_now_and_m_is_not_a_silent_answer(
    home: Path,
) -> None:
    app, _, _ = make_app(home, sound=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")  # the question is about sound: m does not answer it unseen
        await pilot.pause()
        assert isinstance(app.screen, screens.SoundQuestion) and app.prefs.sound is None
        assert "esc Not now" in footer_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # not now: silent this time, nothing kept (asked again next start)
        assert isinstance(app.screen, screens.Home) and app.prefs.sound is None


async def test_with_sound_off_a_step_with_a_recording_says_so_and_how_to_hear_it(
    home: Path, tmp_path: Path
) -> None:
    from regulate.loader import load_exercise

    folder = tmp_path / "voice-pack"
    (folder / "voice").mkdir(parents=True)
    make_wav(folder / "voice" / "hello.wav", seconds=2)
    (folder / "ex.yaml").write_text(
        "title: Voice\nkind: grounding\nrating: false\nsteps:\n"
        "  - prompt: Listen to my voice.\n    for: 30\n    audio: voice/hello.wav\n"
    )
    exercise = load_exercise(folder / "ex.yaml").value
    app, clock, _ = make_app(home, exercise=exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await advance(app, clock, 2, pilot)
        assert isinstance(app.screen, screens.ExerciseScreen)
        assert "this step has a recording: press m to hear it" in screen_text(app)


async def test_the_whole_path_home_to_history(home: Path) -> None:
    """Home, preview, the rating before (where digits typed together make one number), the
    exercise, the rating after, the note, the summary, home and history."""
    from regulate.tui.widgets import RatingRow

    app, clock, store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 0)  # Notice the room
        assert isinstance(app.screen, screens.PreviewScreen)
        text = screen_text(app)
        assert (
            "Total time: 2:00, in 8 steps." in text and "You can pause or stop at any time." in text
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.Rating)
        # typing 1 then 0 rates ten; a pause between them makes a new rating
        row = app.screen.query_one(RatingRow)
        await pilot.press("1", "0")
        assert row.value == 10, "1 then 0 did not rate ten"
        await pilot.press("1")
        clock.advance(1.5)  # a moment later: a new rating, not a second digit
        await pilot.press("0")
        assert row.value == 0, "a digit a moment later did not start a new rating"
        await pilot.press("7")
        assert row.value == 7
        clock.advance(1.5)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        (session,) = saved(app, store)
        assert (session.before_rating, session.outcome) == (4, "in progress")  # saved at once
        assert "2:00 left" in screen_text(app)
        await advance(app, clock, 30, pilot)
        assert "1:30 left" in screen_text(app) and "Step 2 of 8" in screen_text(app)
        assert "0:05 left in this step" in screen_text(app)
        await advance(app, clock, 90, pilot)
        await pilot.pause()
        assert isinstance(app.screen, screens.Rating)
        await pilot.press("7", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.Note)
        await pilot.press(*"a bit [bold] better")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.SummaryScreen)
        assert "Before 4, after 7: a little calmer." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, screens.HistoryScreen)
    (session,) = saved(app, store)
    assert (session.outcome, session.before_rating, session.after_rating) == ("completed", 4, 7)
    assert session.played_seconds == pytest.approx(120) and session.note == "a bit [bold] better"


async def test_escape_stops_at_once_and_offers_the_after_rating(home: Path) -> None:
    app, clock, store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)  # Longer out-breath
        await pilot.press("enter", "n")  # start, skip the rating
        await pilot.pause()
        await advance(app, clock, 20, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, screens.Stopped)
        text = " ".join(screen_text(app).split())
        assert "You stopped here. Your session is kept." in text
        # cared for: a look around the room first, the pack's support, regulate's own line
        assert "Before you go, you might open your eyes and look slowly around the room." in text
        assert "If this feels like too much right now" in text
        assert "regulate is not an emergency service." in text
        assert [str(b.label) for b in app.screen.query(Button).results(Button)] == [
            "Notice the room (enter)", "Rate how I feel (r)", "Home (esc)",
        ]  # fmt: skip
        assert app.focused is not None and app.focused.id == "settle"  # offered first
        (session,) = saved(app, store)
        assert (session.outcome, session.stopped_at_step, session.played_seconds) == (
            "stopped",
            2,
            20,
        )
        await pilot.press("r", "5", "enter")  # rate after stopping: optional, its own key
        await pilot.pause()
        await pilot.press("escape")  # no note
        await pilot.pause()
        assert "After: 5. (You skipped the rating before.)" in screen_text(app)
    assert saved(app, store)[0].after_rating == 5


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quit_at_once_from_the_player_keeps_the_session_as_stopped(
    home: Path, key: str
) -> None:
    app, clock, store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter", "3", "enter")
        await pilot.pause()
        await advance(app, clock, 12, pilot)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0
    (session,) = saved(app, store)
    assert (session.outcome, session.before_rating, session.played_seconds) == ("stopped", 3, 12)


async def test_player_keys_pause_next_holds_and_look_around(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "box.yaml"
    path.write_text(
        "title: Box\nkind: breathing\nsteps:\n  - prompt: Settle.\n    for: 10\n"
        "  - breathe: {inhale: 4, hold: 4, exhale: 4, pause: 4, cycles: 4}\n"
        "  - prompt: Look around the room.\n    for: 10\n"
    )
    app, clock, store = make_app(home, exercise=exercise_from(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "It has breath holds. Press h at any time to skip them." in screen_text(app)
        await pilot.press("enter", "n")
        await pilot.pause()
        assert "1:24 left" in screen_text(app)
        await pilot.press("space")
        await advance(app, clock, 3, pilot)
        assert "Paused. Press space to carry on" in screen_text(app) and "1:24 left" in screen_text(
            app
        )
        await pilot.press("space", "n")  # resume, next step
        await pilot.pause()
        assert "Breathe in" in screen_text(app) or app.screen.query_one("#guide1").display
        await pilot.press("h")  # skip holds: 4 cycles x 8 s of holds leave the schedule
        await pilot.pause()
        assert "0:42 left" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "Looking around the room" in text and "0:42 left" in text  # the exercise waits
        assert "press Enter or n to go back to the exercise, or esc to stop" in text
        await advance(app, clock, 300, pilot)  # no clock takes the person back
        assert "Looking around the room" in screen_text(app) and "0:42 left" in screen_text(app)
        assert "space" not in footer_text(app)  # nothing to pause: it already waits
        await pilot.press("enter")  # back, to where it was
        await pilot.pause()
        assert "Step 2 of 3" in screen_text(app) and "0:42 left" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("n")  # n goes back too, and skips nothing
        await pilot.pause()
        assert "Step 2 of 3" in screen_text(app) and "0:42 left" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    (session,) = saved(app, store)
    assert (
        session.holds_skipped
        and session.steps_skipped == 1
        and session.played_seconds == pytest.approx(0)
        and session.choices == ("look_around",)
    )


async def test_check_in_waits_and_offers_three_choices_and_the_footer_says_what_keys_do(
    home: Path,
) -> None:
    """Running: space pauses. Paused: space carries on (never 'Pause' again). At the check-in
    half way the clock waits, with three answers: no Pause in the footer, and e (skip to the
    end) shown. (One walk to the check-in for both; the footer's part was in test_keys.py.)"""
    app, clock, _store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 4)  # Resonance breathing: a check-in half way
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 2, pilot)
        assert "space Pause" in footer_text(app) and "Carry on" not in footer_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert app.playing.status == "paused"
        assert "space Carry on" in footer_text(app) and "Pause" not in footer_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert app.playing.status == "running" and "space Pause" in footer_text(app)
        await advance(app, clock, 20 + 132 - 2, pilot)
        assert app.playing.status == "check_in"
        shown = footer_text(app)
        assert "e To the end" in shown and "Pause" not in shown and "Carry on" not in shown
        assert "You are half way. Would you like to keep going?" in screen_text(app)
        buttons = [str(b.label) for b in app.screen.query(".check-in Button").results(Button)]
        assert buttons == ["Keep going (n)", "To the end (e)", "Stop here (esc)"]
        left = next(line for line in screen_text(app).splitlines() if line.endswith("left"))
        await advance(app, clock, 60, pilot)  # the clock waits
        assert left in screen_text(app)
        assert app.focused is not None and app.focused.id == "continue"
        await pilot.press("right")  # the arrows move between the answers
        assert app.focused.id == "skip_to_end"
        await pilot.press("left", "left")
        assert app.focused.id == "stop"
        await pilot.press("e")  # the key on the button
        await pilot.pause()
        assert "Let your breathing find its own rhythm again." in screen_text(app)
        await advance(app, clock, 16, pilot)
        await pilot.pause()
        assert isinstance(app.screen, screens.Rating)


async def test_low_before_rating_shows_support_and_offers_settle(home: Path) -> None:
    app, _clock, store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.SupportScreen)
        assert "regulate is not an emergency service." in screen_text(app)
        buttons = [str(b.label) for b in app.screen.query(Button).results(Button)]
        # before breath work, the gentler exercise is the first choice and Enter's default
        assert buttons == ["Notice the room (enter)", "Continue this exercise (c)", "Stop (esc)"]
        await pilot.press("enter")
        await pilot.pause()
        assert (
            isinstance(app.screen, screens.ExerciseScreen)
            and app.playing.exercise.id == "notice-the-room"
        )
    settled, low = saved(app, store)
    assert settled.exercise_id == "notice-the-room" and settled.follows == low.id
    assert (low.exercise_id, low.outcome, low.choices) == (
        "longer-out-breath", "not_started", ("settle",)
    )  # fmt: skip


async def test_a_low_rating_before_a_grounding_exercise_offers_continuing_first(
    home: Path,
) -> None:
    """The buttons name their keys, continuing first; the footer's esc says it stops here.
    (The footer's part was in test_keys.py: one walk to this screen for both.)"""
    app, _clock, _store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 2)  # Feet on the floor: grounding
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.SupportScreen)
        buttons = [str(b.label) for b in app.screen.query(Button).results(Button)]
        assert buttons == ["Continue (enter)", "Notice the room", "Stop (esc)"]
        # esc says it stops here (it is not a Close), and it does: home
        assert "esc Stop here" in footer_text(app) and "Close" not in footer_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, screens.Home), "esc after a low rating did not stop"


async def test_low_before_rating_never_blocks(home: Path) -> None:
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)
        await pilot.press("enter", "0", "enter")
        await pilot.pause()
        await pilot.press("c")  # continuing is chosen explicitly
        await pilot.pause()
        assert (
            isinstance(app.screen, screens.ExerciseScreen)
            and app.playing.exercise.id == "longer-out-breath"
        )


async def test_feeling_worse_after_shows_support_and_the_settle_exercise(home: Path) -> None:
    app, clock, _store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 2)  # Feet on the floor, 1:30
        await pilot.press("enter", "6", "enter")
        await pilot.pause()
        await advance(app, clock, 91, pilot)
        await pilot.pause()
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.SummaryScreen)  # care before the note
        text = " ".join(screen_text(app).split())
        assert "Before 6, after 3: a little less calm." in text
        # words that fit a grounding exercise: nothing about breath or body
        assert "Stopping to notice where you are, or what you feel, sometimes brings" in text
        assert "breath" not in text and "body" not in text
        assert [str(b.label) for b in app.screen.query(Button).results(Button)] == [
            "Notice the room (enter)", "Go on (esc)",
        ]  # fmt: skip
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, screens.Note)


async def test_a_low_moment_that_did_not_worsen_is_not_called_a_worsening(home: Path) -> None:
    app, clock, _store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 2)  # Feet on the floor, 1:30; 2 and below count as low
        await pilot.press("enter", "3", "enter")
        await pilot.pause()
        await advance(app, clock, 91, pilot)
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Before 3, after 2: about the same." in text
        assert "stirs things up" not in text  # the numbers did not worsen
        assert "It sounds like a hard moment right now" in text  # the support is still there
        assert "Notice the room (enter)" in [str(b.label) for b in app.screen.query(Button)]


async def test_support_key_pauses_and_returns_and_a_too_small_window_keeps_time(
    home: Path,
) -> None:
    """s from the player opens support with the exercise waiting, esc returns to it; a window
    made too small shows one line and the exercise keeps time. (One walk into the exercise
    for both: the walk is the cost.)"""
    app, clock, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter", "n")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, screens.SupportScreen)
        await advance(app, clock, 20)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen), "support did not return"
        assert "2:00 left" in screen_text(app), "the exercise did not wait under support"
        await advance(app, clock, 10, pilot)
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert app.has_class("-too-small")
        await advance(app, clock, 10, pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.has_class("-too-small")
        assert "1:40 left" in screen_text(app), "the time did not go on in a too small window"


async def test_pack_text_with_markup_is_shown_literally(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "name: '[bold]Odd[/] pack'\nmessage: 'Hello [@click=app.quit]there[/] [/]'\nsupport: '[red]help[/]'\n"
    )
    (folder / "a.yaml").write_text(
        "title: '[b]Title[/b]'\nkind: mixed\nsteps:\n  - prompt: 'Look [/] around [@click=app.quit]x[/]'\n    for: 10\n"
    )
    app, _clock, _ = make_app(home, pack=pack_from(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Odd[/] pack" in text and "Hello [@click=app.quit]there[/] [/]" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "[b]Title[/b]" in screen_text(app)
        await pilot.press("enter", "n")
        await pilot.pause()
        assert "Look [/] around [@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert "[red]help[/]" in screen_text(app)
    assert app.return_code is None or app.return_code == 0


async def test_reduced_motion_guide_is_text(home: Path) -> None:
    app, clock, _ = make_app(home, reduced=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 16, pilot)
        guide = app.screen.query_one("#guide1")
        assert "in 1 2 3 4 - out 1 2 3 4 5 6" in guide.render_line(0).text  # what is drawn


async def test_the_guide_fills_on_the_in_breath_and_a_late_frame_after_closing_is_harmless(
    home: Path, tmp_path: Path
) -> None:
    """The bar fills on the in-breath and empties on the out-breath; and once the app has
    closed mid-exercise, a frame that still fires draws nothing and raises nothing."""
    path = tmp_path / "b.yaml"
    path.write_text(
        "title: B\nkind: breathing\nrating: false\nsteps:\n"
        "  - breathe: {inhale: 4, exhale: 4, cycles: 3}\n"
    )
    app, clock, _ = make_app(home, exercise=exercise_from(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        guide = app.screen.query_one("#guide0")
        guide.shape = False  # the bar, as a person may choose it (g)
        await pilot.pause()

        def filled() -> float:
            drawn = guide.render_line(0).text  # what is on screen, read from the clock
            return drawn.count("█") / len(drawn)

        seen = []
        for _ in range(4):  # a quarter, half, three quarters of the in-breath, then half out
            await advance(app, clock, 1 if len(seen) < 3 else 3, pilot)
            seen.append(filled())
        for got, expected in zip(seen, [0.25, 0.5, 0.75, 0.5], strict=True):
            assert abs(got - expected) < 0.03
    # The frame timer can fire once more after the last screen has gone (seen on 3.14 in CI):
    # leaving mid-exercise must never end in a traceback.
    assert app.playing is not None and not app.screen_stack
    app.tick()  # the late frame: nothing on screen to draw, nothing raised


async def test_sound_theme_and_reduced_motion_keys_are_kept_as_settings(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_device(monkeypatch)
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert app.prefs.sound is True, "m did not turn sound on"
        await pilot.press("m")
        assert app.prefs.sound is False, "m did not turn sound off again"
        await pilot.press("t")
        assert app.theme == "textual-light" and app.prefs.theme == "textual-light"
        await pilot.press("r")
        assert app.prefs.reduced_motion and app.reduced_motion


async def test_worse_after_says_each_thing_once_and_enter_does_what_it_says(home: Path) -> None:
    app, clock, _ = make_app(home)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 2)
        await pilot.press("enter", "6", "enter")
        await pilot.pause()
        await advance(app, clock, 91, pilot)
        await pilot.press("3", "enter")  # the summary comes first, before the note
        await pilot.pause()
        text = screen_text(app)
        assert text.count("Thank you for checking in") == 1
        assert app.screen.query_one(VerticalScroll).scroll_y == 0  # the words first, even small
        await pilot.press("enter")  # the focused button says "(enter)": the settle exercise
        await pilot.pause()
        assert (
            isinstance(app.screen, screens.PreviewScreen)
            and app.screen.exercise.id == "notice-the-room"
        )
        assert app.screen.query_one(VerticalScroll).scroll_y == 0


async def test_the_homework_line_counts_a_session_as_soon_as_it_ends(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "name: Week 3\nsupport: Call me.\nhomework: {times: 1, per: day}\n"
    )
    (folder / "a.yaml").write_text(
        "title: Short\nkind: grounding\nrating: false\nsteps:\n  - prompt: Look.\n    for: 10\n"
    )
    app, clock, _ = make_app(home, pack=pack_from(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Homework: once a day." in screen_text(app)  # nothing yet: the plan alone
        assert " of " not in screen_text(app)
        await pilot.press("enter")  # the preview
        await pilot.pause()
        await pilot.press("enter")  # nothing to rate: start
        await pilot.pause()
        await advance(app, clock, 11, pilot)
        assert isinstance(app.screen, screens.Note)
        await pilot.press("enter")  # no note
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
        # The app's today is the fixed NOW, a Friday: the fifth day of its week.
        assert NOW.weekday() == 4
        # what was done, with no denominator a person could read as a grade
        assert "Homework: once a day. Practised today." in screen_text(app)
        assert " of " not in screen_text(app).split("Homework:")[1].split("\n")[0]


async def test_the_note_takes_keys_as_letters_keeps_1000_characters_and_never_blinks_or_rings(
    home: Path,
) -> None:
    """Inside the note, s, m, n and h are letters, not keys; a paste past the limit keeps the
    note's first 1000 characters and says so once; its cursor does not blink, and the app
    never rings the bell. (One walk to the note for all: the walk is the cost.)"""
    from textual import events

    app, clock, store = make_app(home)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 2)
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 91, pilot)
        await pilot.press("n")  # skip the after rating
        await pilot.pause()
        assert isinstance(app.screen, screens.Note)
        assert "s Support" not in footer_text(app)  # s is a letter here, not a key
        note = app.screen.query_one(Input)
        assert note.cursor_blink is False, "the note's cursor blinks"
        rang = []
        app._driver.write = lambda data, _w=app._driver.write: (rang.append(data), _w(data))[1]  # type: ignore[union-attr]
        app.bell()
        await pilot.pause()
        assert not any("\a" in chunk for chunk in rang), "the bell rang"
        await pilot.press(*"smnh ok")
        assert note.value == "smnh ok"  # letters, none taken as a key
        real_notify = app.notify
        app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
        note.post_message(events.Paste("word " * 300))  # 1,500 characters more
        await pilot.pause()
        kept = ("smnh ok" + "word " * 300)[:1000]
        assert len(note.value) == 1000 and note.value == kept, "not the first 1000 characters"
        # never cut without a word, and said once, not again at each letter typed past it
        cut = "Your note was longer than regulate keeps, so its first 1000 characters are kept."
        await pilot.press("x", "y")
        assert said == [cut] and len(note.value) == 1000
        app.notify = real_notify  # type: ignore[method-assign]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.SummaryScreen)
    assert saved(app, store)[0].note == kept


async def test_a_sound_notice_is_said_once_a_run_not_at_every_exercise(
    home: Path, monkeypatch
) -> None:
    from regulate import audio
    from regulate.audio import player as player_module

    monkeypatch.setattr(player_module, "make_player",
                        lambda on, volume=70: audio.Silent(audio.NOT_INSTALLED if on else None))  # fmt: skip
    app, clock, _ = make_app(home, sound=True)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        # in an exercise it is said in the player's own line (the driver's say), not a toast
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(str(message)))
        monkeypatch.setattr(app.driver, "say", lambda text, seconds: said.append(text))
        await pilot.pause()
        for _ in range(2):
            await _open(pilot, app, 0)
            await pilot.press("enter", "n")  # start, skipping the rating
            await pilot.pause()
            assert isinstance(app.screen, screens.ExerciseScreen)
            await advance(app, clock, 2, pilot)
            await pilot.press("escape", "escape")  # stop, then home
            await pilot.pause()
            assert isinstance(app.screen, screens.Home)
    assert said.count(audio.NOT_INSTALLED) == 1


async def test_a_fault_in_the_flow_ends_the_exercise_gently_and_keeps_the_ratings(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should anything between the screens fail, the person is brought home with one plain
    line (no traceback, no screen left waiting forever) and the session keeps what they gave."""
    app, clock, store = make_app(home)

    async def broken(*_args: object) -> object:
        raise RuntimeError("a fault in the flow")

    monkeypatch.setattr(app.driver, "_summary", broken)  # fails where the summary would open
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_longer_out_breath(pilot, app)
        await advance(app, clock, 20, pilot)
        await pilot.press("escape")  # stop
        await pilot.pause()
        await pilot.press("r", "6", "enter")  # rate after stopping
        await pilot.pause()
        await pilot.press("escape")  # no note: the summary would come next, and fails
        await pilot.pause()
        assert isinstance(app.screen, screens.Home) and app.is_running
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Something went wrong in that exercise") for m in said)
        await _open(pilot, app, 0)  # and the next exercise opens as ever
        assert isinstance(app.screen, screens.PreviewScreen)
    (session,) = saved(app, store)
    assert (session.outcome, session.before_rating, session.after_rating) == ("stopped", 4, 6)
    _assert_logged("(the app's flow)", "RuntimeError: a fault in the flow")


def _assert_logged(where: str, fault: str) -> None:
    """The fault is in the error.log the command line writes: 0600, with its traceback."""
    import stat

    from regulate.system import faults

    log = faults.log_path()
    text = log.read_text(encoding="utf-8")
    assert where in text and fault in text and "Traceback (most recent call last)" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


async def test_a_fault_in_a_frame_ends_the_exercise_gently_and_keeps_the_rating(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frames are run by the event loop itself (not a Textual timer): a fault in one must still
    bring the person home with one plain line, the app running and the rating kept."""
    app, clock, store = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_longer_out_breath(pilot, app)
        await advance(app, clock, 5, pilot)
        player = app.screen
        assert isinstance(player, screens.ExerciseScreen)

        def broken(*_args: object) -> None:
            raise RuntimeError("a fault in a frame")

        monkeypatch.setattr(player, "refresh_view", broken)
        alarm = app.driver._frame_timer
        assert alarm is not None
        alarm.handle._run()  # the frame the loop was about to run, run now
        await pilot.pause()
        assert isinstance(app.screen, screens.Home) and app.is_running
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Something went wrong in that exercise") for m in said)
        assert app.driver._frame_timer is None  # no frame left to come
    (session,) = saved(app, store)
    assert (session.outcome, session.before_rating) == ("stopped", 4)
    _assert_logged("(a frame of the exercise)", "RuntimeError: a fault in a frame")


async def test_a_fault_in_the_size_check_is_logged_and_the_app_goes_on(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def broken(*_args: object) -> None:
            raise RuntimeError("a fault in the size check")

        monkeypatch.setattr(app.screen, "keep_out_of_sight", broken)
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, screens.Home)
    _assert_logged("(the window's size check)", "RuntimeError: a fault in the size check")


async def test_a_link_in_place_of_the_error_log_is_not_written_through(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from regulate.system import faults

    elsewhere = tmp_path / "someone-elses.txt"
    elsewhere.write_text("theirs")
    faults.log_path().parent.mkdir(parents=True, exist_ok=True)
    faults.log_path().symlink_to(elsewhere)
    assert faults.record(RuntimeError("a fault"), "a test") is None
    assert elsewhere.read_text() == "theirs"


async def test_a_frame_before_the_exercise_is_built_waits_for_it(home: Path) -> None:
    """The event loop's alarm can ring between the exercise screen going on top and its lines
    being mounted (seen under load): that frame draws nothing, and the exercise goes on."""
    app, clock, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_longer_out_breath(pilot, app)
        player = app.screen
        assert isinstance(player, screens.ExerciseScreen)
        # as just pushed: nothing drawn, its lines not yet there
        player._ready, player._lines, player._shown, player._texts = False, {}, (), {}
        await player.query_one(".page").remove()
        clock.advance(1.0)
        app.driver._ring()
        await pilot.pause()
        assert app.screen is player and app.driver._frame_timer is not None  # frames go on
        said = [n.message for n in app._notifications]
        assert not any(m.startswith("Something went wrong") for m in said)
        app.driver._end_frames()


def test_leaving_in_the_very_moment_the_app_starts_is_quiet(tmp_path: Path) -> None:
    """A signal or ctrl+q before the first screen is built (the terminal closed as it opened):
    the app leaves cleanly, with no traceback."""
    app, _clock, store = make_app(tmp_path)

    async def leave_at_once(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=leave_at_once)
    store.close()
    assert app.return_code == 0


async def test_the_app_gives_the_signals_back_when_it_is_gone(home: Path) -> None:
    """While the app runs, SIGTERM and SIGHUP keep the session and leave; once it has gone,
    they mean what they meant before (so `timeout 300 pytest` stops a test run)."""
    import signal

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert signal.getsignal(signal.SIGTERM) != before[0]  # the app's own, while it runs
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before


async def test_home_opens_on_the_therapists_pack_with_its_message(home: Path) -> None:
    """After `pack add`, home opens on the therapist's pack (its homework runs now), with its
    message in sight and its exercises under the keyboard - not on the starter pack."""
    from regulate.system.paths import packs_dir

    folder = packs_dir() / "week1"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        "name: Week 1\nmessage: One of these each day, whichever feels right.\n"
        "homework:\n  times: 1\n  per: day\n  from: 2026-11-16\n  until: 2026-11-29\n"
        "support: Use the plan we made.\n", encoding="utf-8",
    )  # fmt: skip
    (folder / "look.yaml").write_text(
        "title: Look around\nkind: grounding\nsteps:\n  - prompt: Look around the room.\n"
        "    for: 20\n", encoding="utf-8",
    )  # fmt: skip
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.Home) and app.screen.pack.id == "week1"
        assert "One of these each day, whichever feels right." in screen_text(app)
        exercises = app.screen.query_one("#exercises", OptionList)
        assert exercises.has_focus and exercises.get_option_at_index(0).id == "look"
        packs = app.screen.query_one("#packs", OptionList)
        assert packs.get_option_at_index(packs.highlighted).id == "week1"


async def test_sound_that_goes_away_mid_exercise_is_said_once_in_the_exercise(
    home: Path, monkeypatch
) -> None:
    """Headphones unplugged mid-exercise: the exercise goes on, and its own line says so once
    (not a toast over the keys, not again at each frame)."""
    from regulate.audio import player as player_module
    from regulate.audio.mixer import DEVICE_GONE
    from tests.helpers import LoggingPlayer

    player = LoggingPlayer()
    monkeypatch.setattr(player_module, "make_player", lambda on, volume=70: player)
    app, clock, _ = make_app(home, sound=True)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(str(message)))
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 2, pilot)
        player.notice = DEVICE_GONE  # the device went away
        await advance(app, clock, 2, pilot)
        await advance(app, clock, 2, pilot)
        assert isinstance(app.screen, screens.ExerciseScreen)
        line = str(app.screen.query_one(".notice", Static).render())
        assert "stopped answering" in line
        assert app.playing is not None and app.playing.status == "running"
    assert said == []  # no toast


async def test_the_ratings_anchor_words_stand_in_one_column(home: Path) -> None:
    """'0  Not calm...' and '10  Completely...' begin their words at the same column, and a
    line that wraps goes on in that column, never under the number. One rating screen, the
    window resized under it through each size (a fresh app for each only repeated the walk)."""
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.Rating)
        for size in [(80, 24), (60, 20), (50, 16)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            words = list(app.screen.query(".anchor-words"))
            numbers = list(app.screen.query(".anchor-number"))
            assert len(words) == len(numbers) == 3, size
            assert len({w.region.x for w in words}) == 1, size  # one column for the words
            assert all(w.region.x > n.region.right for w, n in zip(words, numbers, strict=True)), (
                size
            )
            # the numbers right-aligned
            assert {n.region.right for n in numbers} == {numbers[0].region.right}, size
            if size[0] <= 60:
                # wrapped, and still in its column
                assert any(w.region.height > 1 for w in words), size


async def test_every_button_after_a_low_rating_is_whole_in_spanish(home: Path) -> None:
    """Spanish words are longer: at 50 columns the three answers after a low rating stand one
    under another instead of running off the edge ("Para..." was all that showed of Stop).
    Opened at 50x16, then the window widened under it to 80x24."""
    app, _, _ = make_app(home, language="es")
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)
        await pilot.press("enter", "1", "enter")
        await until_screen(pilot, screens.SupportScreen)
        for size in [(50, 16), (80, 24)]:
            await pilot.resize_terminal(*size)
            # the buttons are fitted after the refreshes a resize brings (base.fit_buttons)
            for _ in range(4):
                await pilot.pause()
            buttons = [b for b in app.screen.query(Button) if b.display]
            assert len(buttons) == 3, size
            for b in buttons:
                assert b.region.right <= size[0] and b.region.width >= len(str(b.label)), (
                    size,
                    str(b.label),
                )


async def test_a_long_step_text_scrolls_in_about_half_the_window(tmp_path: Path) -> None:
    """A prompt of 2,000 characters keeps the clock, the breathing guide's room and the keys in
    sight: it scrolls in a box of at most half the window, and at least a third of it. One
    exercise, the window resized under it through each size."""
    long = tmp_path / "long.yaml"
    words = "A long sentence to read slowly. " * 55
    long.write_text(
        "title: Long\nkind: breathing\nsteps:\n"
        f'  - prompt: "{words.strip()}"\n    for: 60s\n'
        "  - breathe: {inhale: 4, exhale: 6, cycles: 3}\n"
    )
    app, clock, _ = make_app(tmp_path / "home", exercise=exercise_from(long))
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 2, pilot)
        for size in [(50, 16), (60, 20), (80, 24), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            box = app.screen.query_one(".text-box", VerticalScroll)
            height = size[1]
            assert height / 3 <= box.region.height <= height / 2, (size, box.region.height)
            assert box.max_scroll_y > 0, size  # the rest of the words are a scroll away
            assert "left" in screen_text(app) and footer_text(app), size
