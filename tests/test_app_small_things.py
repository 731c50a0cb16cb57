"""Small things a person meets in the app (issue 39): the sound question's "Not now", space in a
window too small to show the exercise, every choice within reach of the arrows, the no-sound
notice once a run, Enter with no rating chosen, an empty history, the keys Enter and Tab named,
and one order of packs for both front ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, OptionList, Static

from regulate.settings import Settings
from regulate.tui import screens
from tests.helpers import regulate
from tests.tui_helpers import advance, footer_text, make_app, screen_text, until_screen


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


async def _open(pilot, app, index: int) -> None:
    exercises = app.screen.query_one("#exercises", OptionList)
    exercises.highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def test_not_now_on_the_sound_question_asks_again_next_start(home: Path, monkeypatch) -> None:
    """Not now: silent for this run and never written into the settings, so the next start
    asks again; an answer is kept and never asked again."""
    from regulate import settings

    written: list[Settings] = []
    monkeypatch.setattr(settings, "save", lambda prefs: written.append(prefs))
    app, _, _ = make_app(home, sound=None)
    app.save_settings = True  # as regulate runs: what is chosen is written (here, noted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, screens.Home)
        assert app.prefs.sound is None and not app.sound_heard  # silent now, nothing kept
    assert all(prefs.sound is None for prefs in written), written  # Not now never written
    # the next start: asked again, with what this run left
    again, _, _ = make_app(home, sound=app.prefs.sound)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, screens.SoundQuestion)
        await pilot.press("n")
        await pilot.pause()
        assert again.prefs.sound is False  # an answer: kept, never asked again
    after, _, _ = make_app(home, sound=again.prefs.sound)
    async with after.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(after.screen, screens.Home)


async def test_below_50x16_space_pauses_and_carries_on_and_the_line_says_so(home: Path) -> None:
    app, clock, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter", "5", "enter")
        await until_screen(pilot, screens.ExerciseScreen)
        await advance(app, clock, 2, pilot)
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        line = app.screen.query_one(".too-small", Static)
        assert (
            line.display
            and "The exercise goes on meanwhile: space pauses or carries on, esc stops."
            in str(line.render())
        )
        await pilot.press("space")
        await pilot.pause()
        assert app.playing is not None and app.playing.status == "paused"
        await pilot.press("space")
        await pilot.pause()
        assert app.playing.status == "running"
        await pilot.press("n")  # other keys still do nothing unseen
        await pilot.pause()
        assert app.playing.timeline.current_segment().step == 0


async def test_the_notice_the_room_choice_after_a_low_rating_is_reached_with_the_arrows(
    home: Path,
) -> None:
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)
        await pilot.press("enter", "1", "enter")
        await until_screen(pilot, screens.SupportScreen)
        # before breath work the settle exercise comes first (issue 40); each reached by arrows
        assert app.screen.focused is app.screen.query_one("#settle", Button)
        await pilot.press("right")
        assert app.screen.focused is app.screen.query_one("#continue", Button)
        await pilot.press("right")
        assert app.screen.focused is app.screen.query_one("#stop", Button)
        await pilot.press("left", "left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        assert app.playing is not None and app.playing.exercise.id == "notice-the-room"


async def test_the_no_sound_notice_is_said_once_a_run(home: Path, monkeypatch) -> None:
    """Asked for at the first start with no device: said then, and not again on the
    exercise a moment later."""
    from regulate import audio
    from regulate.audio import player as player_module

    monkeypatch.setattr(player_module, "make_player",
                        lambda on, volume=70: audio.Silent(audio.NO_DEVICE if on else None))  # fmt: skip
    app, clock, _ = make_app(home, sound=None)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(str(message)))
        monkeypatch.setattr(app.driver, "say", lambda text, seconds: said.append(text))
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter", "n")
        await until_screen(pilot, screens.ExerciseScreen)
        await advance(app, clock, 2, pilot)
    assert said.count(audio.NO_DEVICE) == 1


async def test_enter_on_the_rating_with_nothing_chosen_says_what_to_do(home: Path) -> None:
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, app, 0)
        await pilot.press("enter")
        await until_screen(pilot, screens.Rating)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.Rating)  # nothing chosen, nothing taken
        said = [n.message for n in app._notifications]
    assert said == [
        "No number is chosen yet: type one from 0 to 10, or use the arrows, then press Enter. "
        "n skips."
    ]


async def test_an_empty_history_shows_no_bare_table_header(home: Path) -> None:
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await until_screen(pilot, screens.HistoryScreen)
        await pilot.pause()
        assert "No sessions yet." in screen_text(app)
        assert not app.screen.query_one(DataTable).display


async def test_home_s_footer_names_enter_and_tab(home: Path) -> None:
    from regulate.system.paths import packs_dir

    app, _, _ = make_app(home)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "⏎ Open" in footer_text(app)
        assert "Other list" not in footer_text(app)  # one pack: no Tab to name
    folder = packs_dir() / "week1"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text("name: Week 1\n", encoding="utf-8")
    (folder / "look.yaml").write_text(
        "title: Look around\nkind: grounding\nsteps:\n  - prompt: Look around.\n    for: 20\n",
        encoding="utf-8",
    )
    app, _, _ = make_app(home)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "tab Other list" in footer_text(app)
        exercises = app.screen.query_one("#exercises", OptionList)
        assert exercises.has_focus
        await pilot.press("tab")
        assert app.screen.query_one("#packs", OptionList).has_focus
        await pilot.press("enter")  # on the packs: into the pack's exercises
        assert exercises.has_focus


async def test_both_front_ends_list_the_packs_in_one_order(home: Path, tmp_path: Path) -> None:
    """The therapist's packs first (the one the app opens on), the starter pack last - in the
    app's list and in plain mode's."""
    for name in ("Week 1", "Week 2"):
        folder = tmp_path / name.replace(" ", "").lower()
        folder.mkdir()
        (folder / "pack.yaml").write_text(f"name: {name}\n", encoding="utf-8")
        (folder / "look.yaml").write_text(
            "title: Look\nkind: grounding\nsteps:\n  - prompt: Look around.\n    for: 20\n",
            encoding="utf-8",
        )
        added = regulate("pack", "add", str(folder))
        assert added.returncode == 0, added.stderr
    plain = regulate("--plain", "--no-sound", stdin="q\n")
    listed = [line.split(": ", 1)[1] for line in plain.stdout.splitlines() if line.startswith("  ")]
    app, _, _ = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        packs = app.screen.query_one("#packs", OptionList)
        shown = [str(packs.get_option_at_index(i).prompt) for i in range(packs.option_count)]
        assert app.screen.pack.name == shown[0]  # opened on the first listed
    assert shown == listed
    assert shown[-1] == "Starter pack" and set(shown[:2]) == {"Week 1", "Week 2"}


@pytest.mark.parametrize("size", [(80, 24), (50, 16)])
async def test_paused_while_breathing_the_words_say_so_in_sight(home: Path, size) -> None:
    """At 50x16 the round guide leaves no room below it: the pause is said in the guide's own
    line, where the breath words were, at every size."""
    app, clock, _ = make_app(home)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _open(pilot, app, 3)  # Longer out-breath
        await pilot.press("enter", "n")
        await until_screen(pilot, screens.ExerciseScreen)
        await pilot.press("n")  # on to the breathing
        await advance(app, clock, 2, pilot)
        await pilot.press("space")
        await advance(app, clock, 1, pilot)
        assert app.playing is not None and app.playing.status == "paused"
        shown = screen_text(app)
        assert "Paused: space carries on, esc stops." in shown
        assert shown.count("Paused") == 1  # said once, not again below
