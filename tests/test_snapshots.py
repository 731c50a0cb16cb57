"""Snapshots of every screen at 80x24 and at the small 50x16 (plain `def` tests, as
pytest-textual-snapshot asks). Update them with `pytest --snapshot-update` after a deliberate
change, and look at `snapshot_report.html` before committing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from regulate.system.paths import starter_pack
from regulate.tui import screens
from regulate.tui.themes import THEMES
from tests.tui_helpers import (
    NOW,
    advance,
    exercise_from,
    make_app,
    pack_from,
    settled,
    until_screen,
)

pytestmark = pytest.mark.snapshot

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((50, 16), id="50x16")]
Before = Callable[[Pilot], Awaitable[None]]


def _starter_exercise(name: str):
    return exercise_from(starter_pack() / f"{name}.yaml")


def _check(
    snap_compare, tmp_path: Path, size, run_before: Before | None = None, **app_args
) -> None:
    app, clock, store = make_app(tmp_path, **app_args)
    app.test_clock = clock  # type: ignore[attr-defined]
    app.test_store = store  # type: ignore[attr-defined]
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def _playing(name: str, seconds: float, keys: tuple[str, ...] = ()) -> Callable[..., Before]:
    async def before(pilot: Pilot) -> None:
        app = pilot.app
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, app.test_clock, seconds, pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await settled(pilot, keys)
        app.screen.refresh_view() if hasattr(app.screen, "refresh_view") else None
        await pilot.pause()

    return before


@pytest.mark.parametrize("size", SIZES)
def test_sound_question(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, sound=None)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_a_therapist_pack(snap_compare, tmp_path: Path, size) -> None:
    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "name: Week 3 - settling practice\nauthor: Dr. Rivera\n"
        "message: Try one of these each day, whichever feels right. Stopping early is always okay.\n"
        f"homework: {{times: 1, per: day, from: {NOW.date().isoformat()}}}\nsupport: Call me.\n"
    )
    (folder / "orienting.yaml").write_text((starter_pack() / "notice-the-room.yaml").read_text())
    _check(snap_compare, tmp_path, size, pack=pack_from(folder))


@pytest.mark.parametrize("size", SIZES)
def test_preview(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, exercise=_starter_exercise("longer-out-breath"))


@pytest.mark.parametrize("size", SIZES)
def test_preview_of_a_scan_lists_its_areas(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, exercise=_starter_exercise("body-scan-with-choices"))


@pytest.mark.parametrize("size", SIZES)
def test_preview_at_speed(snap_compare, tmp_path: Path, size) -> None:
    _check(
        snap_compare, tmp_path, size, exercise=_starter_exercise("resonance-breathing"), speed=20
    )


@pytest.mark.parametrize("size", SIZES)
def test_rating(snap_compare, tmp_path: Path, size) -> None:
    async def before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("enter", "3")
        await pilot.pause()

    _check(snap_compare, tmp_path, size, before, exercise=_starter_exercise("notice-the-room"))


@pytest.mark.parametrize("size", SIZES)
def test_support_after_a_low_rating(snap_compare, tmp_path: Path, size) -> None:
    async def before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("enter", "1", "enter")
        await pilot.pause()

    pack = pack_from(starter_pack())
    _check(
        snap_compare, tmp_path, size, before, pack=pack, exercise=pack.exercise("longer-out-breath")
    )


@pytest.mark.parametrize("size", SIZES)
def test_player_prompt(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("notice-the-room", 5),
           exercise=_starter_exercise("notice-the-room"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_player_breathing(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("longer-out-breath", 17.5),
           exercise=_starter_exercise("longer-out-breath"))  # fmt: skip


# the round guide in every theme a person can choose, at every size down to the smallest; the
# moment 17.5 s in is mid-way through an in-breath (the disc part-grown)
@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("size", [*SIZES, pytest.param((60, 20), id="60x20")])
def test_breathing_guide(snap_compare, tmp_path: Path, size, theme: str) -> None:
    app, clock, store = make_app(tmp_path, exercise=_starter_exercise("longer-out-breath"))
    app.test_clock = clock  # type: ignore[attr-defined]
    app.test_store = store  # type: ignore[attr-defined]
    # the theme as a person who chose it meets the app: put on as it starts, not after
    app.prefs = app.prefs.with_(theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=_playing("longer-out-breath", 17.5))


@pytest.mark.parametrize("size", SIZES)
def test_breathing_guide_as_a_bar(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("longer-out-breath", 17.5, ("g",)),
           exercise=_starter_exercise("longer-out-breath"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_player_breathing_reduced_motion(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("longer-out-breath", 17.5),
           exercise=_starter_exercise("longer-out-breath"), reduced=True)  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_player_scan(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("hands-and-feet", 50),
           exercise=_starter_exercise("hands-and-feet"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_player_check_in(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("resonance-breathing", 152),
           exercise=_starter_exercise("resonance-breathing"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_player_look_around(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("longer-out-breath", 20, ("o",)),
           exercise=_starter_exercise("longer-out-breath"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_player_paused(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("notice-the-room", 40, ("space",)),
           exercise=_starter_exercise("notice-the-room"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_stopped(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("notice-the-room", 40, ("escape",)),
           exercise=_starter_exercise("notice-the-room"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_stopped_with_the_settle_exercise_first(snap_compare, tmp_path: Path, size) -> None:
    pack = pack_from(starter_pack())
    _check(snap_compare, tmp_path, size, _playing("longer-out-breath", 40, ("escape",)),
           pack=pack, exercise=pack.exercise("longer-out-breath"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_summary_after_a_small_drop(snap_compare, tmp_path: Path, size) -> None:
    pack = pack_from(starter_pack())
    _check(snap_compare, tmp_path, size, _summary("9", "7"), pack=pack,
           exercise=pack.exercise("feet-on-the-floor"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_settle_preview_with_the_rating_carried(snap_compare, tmp_path: Path, size) -> None:
    async def before(pilot: Pilot) -> None:
        await _summary("6", "3")(pilot)
        await pilot.press("enter")  # the settle exercise, offered first
        await until_screen(pilot, screens.PreviewScreen)
        await pilot.pause()

    pack = pack_from(starter_pack())
    _check(snap_compare, tmp_path, size, before, pack=pack,
           exercise=pack.exercise("feet-on-the-floor"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_note(snap_compare, tmp_path: Path, size) -> None:
    _check(snap_compare, tmp_path, size, _playing("feet-on-the-floor", 91, ("6", "enter")),
           exercise=_starter_exercise("feet-on-the-floor"))  # fmt: skip


def _summary(before: str, after: str) -> Before:
    async def run(pilot: Pilot) -> None:
        app = pilot.app
        await pilot.pause()
        await pilot.press("enter", before, "enter")
        await pilot.pause()
        await advance(app, app.test_clock, 91, pilot)
        await until_screen(pilot, screens.Rating)  # the exercise has ended and handed over
        await pilot.press(after, "enter")
        await pilot.pause()
        if not isinstance(pilot.app.screen, screens.SummaryScreen):  # care comes before the note
            await until_screen(pilot, screens.Note)
            await pilot.press("escape")
        await until_screen(pilot, screens.SummaryScreen)
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, tmp_path: Path, size) -> None:
    pack = pack_from(starter_pack())
    _check(snap_compare, tmp_path, size, _summary("4", "7"), pack=pack,
           exercise=pack.exercise("feet-on-the-floor"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_summary_when_it_felt_worse(snap_compare, tmp_path: Path, size) -> None:
    pack = pack_from(starter_pack())
    _check(snap_compare, tmp_path, size, _summary("6", "3"), pack=pack,
           exercise=pack.exercise("feet-on-the-floor"))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, tmp_path: Path, size) -> None:
    async def before(pilot: Pilot) -> None:
        store = pilot.app.test_store
        # five sessions over a fortnight, with days away between them
        for days_ago, b, a in [(13, 3, 6), (12, 5, 5), (8, 2, None), (2, 7, 4), (0, 4, 8)]:
            store.now = lambda d=days_ago: NOW - dt.timedelta(days=d)
            sid = store.start(pack_id="starter", pack_name="Starter pack", exercise_id="x",
                              exercise_title="Notice the room", exercise_sha256="0" * 64,
                              planned_seconds=120, before=b)  # fmt: skip
            store.finish(sid, outcome="completed", played_seconds=120, after=a)
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()

    _check(snap_compare, tmp_path, size, before)


def test_too_small(snap_compare, tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    assert snap_compare(app, terminal_size=(40, 10))


def test_exercise_list_is_focused_on_home(tmp_path: Path) -> None:
    """Not a snapshot: a guard that the first key a person presses moves in the list."""
    import asyncio

    async def run() -> None:
        app, _, _ = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.focused, OptionList) and app.focused.id == "exercises"

    asyncio.run(run())
