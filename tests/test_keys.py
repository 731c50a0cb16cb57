"""The README's key table is the screens' own bindings, and esc goes back or stops on every
screen - never on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from regulate.tui import screens
from regulate.tui.keys import END, START, in_readme, key_table
from tests.helpers import REPO
from tests.tui_helpers import advance, make_app, screen_text


def test_the_readme_key_table_is_made_from_the_bindings() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme
    assert in_readme(readme) == readme, "run: python -m regulate.tui.keys --write"
    assert "`esc` back" in key_table() and "`ctrl+q`" in key_table()


async def test_esc_goes_back_or_stops_on_every_screen_and_never_starts_anything(
    tmp_path: Path,
) -> None:
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        async def esc() -> object:
            await pilot.press("escape")
            await pilot.pause()
            return app.screen

        app.screen.query_one("#exercises", OptionList).highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.PreviewScreen)
        assert isinstance(await esc(), screens.Home)  # preview: back
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.Rating)
        assert isinstance(await esc(), screens.PreviewScreen)  # rating: back, never start
        assert app.playing is None
        await pilot.press("enter", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        await advance(app, clock, 3, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, screens.SupportScreen)
        assert isinstance(await esc(), screens.ExerciseScreen)  # support: close, the exercise waits
        assert isinstance(await esc(), screens.Stopped)  # exercise: stop
        assert app.playing is not None and app.playing.outcome == "stopped"
        assert isinstance(await esc(), screens.Home)  # after a stop: home
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, screens.HistoryScreen)
        assert isinstance(await esc(), screens.Home)  # history: back


async def test_below_the_smallest_size_keys_act_unseen_never_but_stop_always_does(
    tmp_path: Path,
) -> None:
    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "5", "enter", "enter", "space", "h")
        await pilot.pause()
        assert isinstance(app.screen, screens.Home) and app.playing is None, "a key acted unseen"
        # the same app, the window made big enough, and small again in the exercise
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        app.screen.query_one("#exercises", OptionList).highlighted = 0
        await pilot.press("enter", "enter", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        await pilot.press("n")  # unseen: nothing
        await pilot.pause()
        assert app.playing is not None and app.playing.status == "running"
        assert app.playing.timeline.current_segment().step == 0
        await pilot.press("space")  # but the one line says space pauses and carries on
        await pilot.pause()
        assert app.playing.status == "paused"
        await pilot.press("space")
        await pilot.pause()
        assert app.playing.status == "running"
        await advance(app, clock, 2, pilot)
        await pilot.press("escape")  # stop still stops
        await pilot.pause()
        assert app.playing.outcome == "stopped"


async def test_at_50x16_every_key_of_the_exercise_is_in_sight(tmp_path: Path) -> None:
    from regulate.tui.widgets import Line

    folder = tmp_path / "holds"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: Holds\nsupport: Call me.\n")
    (folder / "b.yaml").write_text(
        "title: Box\nkind: breathing\nsteps:\n"
        "  - breathe: {inhale: 4, hold: 4, exhale: 4, pause: 4, cycles: 4}\n"
    )
    from tests.tui_helpers import pack_from

    app, clock, _ = make_app(tmp_path, pack=pack_from(folder))
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter", "n")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        await advance(app, clock, 1, pilot)
        lines = [w.text for w in app.screen.query(".narrow-key").results(Line)]
        assert all(w.region.width <= 50 for w in app.screen.query(".narrow-key"))
        shown = "  ".join(lines)
        for key in ("esc Stop", "space Pause", "n Next", "o Look around", "h Skip holds",
                    "s Support", "m Sound"):  # fmt: skip
            assert key in shown, (key, lines)
        assert all(len(line) <= 48 for line in lines) and lines[0].startswith("esc Stop")


async def test_the_colour_themes_have_names_a_person_can_picture(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = []
        for _ in range(6):
            await pilot.press("t")
            await pilot.pause()
            said.append(list(app._notifications)[-1].message)
        assert said == ["Colours: Light.", "Colours: Dusk blue.", "Colours: Warm paper.",
                        "Colours: Earth.", "Colours: Soft ink.", "Colours: Dark."]  # fmt: skip
        assert not any("textual" in words or "-" in words for words in said)


async def test_a_sound_notice_never_covers_the_exercises_keys_or_clock(tmp_path: Path) -> None:
    from regulate.audio import Silent

    app, clock, _ = make_app(tmp_path)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        notice = "Sound is off for now: no sound device could be opened."
        app.cues = Silent(notice)
        app.notify("a toast from the home screen", timeout=30)
        app.screen.query_one("#exercises", OptionList).highlighted = 0
        await pilot.press("enter", "enter", "n")
        await pilot.pause()
        assert isinstance(app.screen, screens.ExerciseScreen)
        assert not list(app._notifications)  # no toast over the player
        await advance(app, clock, 1, pilot)
        text = screen_text(app)
        assert notice in " ".join(text.split()) and "left in this step" in text
        assert "esc Stop" in text and "m Sound" in text
        await pilot.press("m")  # sound on, but it can't be had: said in the same line
        await pilot.pause()
        assert not list(app._notifications)
