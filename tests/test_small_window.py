"""At the smallest window (50x16) and at 80x24, in English and Spanish: every button whole and in
sight without scrolling, the one Enter presses among them; a passing notice never over the keys; the keys
shown on lines of their own are the footer's, the widget in focus included; the history says
what its arrows do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.widgets import Button, DataTable

from regulate.audio import Silent
from regulate.system.paths import starter_pack
from regulate.tui import screens
from tests.tui_helpers import (
    NOW,
    advance,
    footer_text,
    make_app,
    pack_from,
    rendered_text,
    until_screen,
)

SIZES = [pytest.param((50, 16), id="50x16"), pytest.param((80, 24), id="80x24")]
LANGUAGES = ["en", "es"]


async def _rated(pilot: Pilot, rating: str) -> None:
    await pilot.pause()
    await pilot.press("enter", rating, "enter")
    await pilot.pause()


async def _stopped_when_rated(pilot: Pilot) -> None:
    app: Any = pilot.app
    await advance(app, app.test_clock, 40, pilot)
    await pilot.press("escape")
    await until_screen(pilot, screens.Stopped)


async def _stopped(pilot: Pilot) -> None:
    await _rated(pilot, "5")
    await _stopped_when_rated(pilot)


async def _rating(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await until_screen(pilot, screens.Rating)


async def _low_rating(pilot: Pilot) -> None:
    await _rated(pilot, "1")
    await until_screen(pilot, screens.SupportScreen)


def _app(tmp_path: Path, language: str, exercise: str) -> Any:
    pack = pack_from(starter_pack(language if language != "en" else None))
    app, clock, _store = make_app(
        tmp_path, pack=pack, exercise=pack.exercise(exercise), language=language
    )
    app.test_clock = clock
    return app


def _in_sight(button: Button, page: ScrollableContainer) -> bool:
    """Whole, inside the page's visible part (not under its scroll bar, the keys or the edge)."""
    seen = page.scrollable_content_region
    region = button.region
    return bool(region) and seen.contains_region(region)


async def _buttons_in_sight(pilot: Pilot, scenario: str) -> None:
    """On the screen now (`scenario` names it): every button whole and in sight without
    scrolling, kept at the page's foot only where the words run past the window, the keys
    below them."""
    app: Any = pilot.app
    for _ in range(4):  # stacking and placing take a frame each
        await pilot.pause()
    screen = app.screen
    page = screen.query_one(".page", ScrollableContainer)
    assert page.scroll_y == 0, scenario  # nothing scrolled to reach them
    buttons = [b for b in screen.query(Button) if b.display]
    assert buttons, scenario
    drawn = rendered_text(app)
    for b in buttons:
        assert _in_sight(b, page), (scenario, str(b.label), b.region, drawn)
        assert str(b.label) in drawn, (scenario, str(b.label), drawn)
    # kept at the page's foot only where the words run past the window; else just
    # below the words, where they were
    row = screen.query_one(".page > .buttons")
    assert row.has_class("-docked") == (page.max_scroll_y > 0), (scenario, drawn)
    # the keys stay below the buttons, never over them
    keys_top = min(w.region.y for w in screen.query(".narrow-key, Footer") if w.region.height)
    assert all(b.region.bottom <= keys_top for b in buttons), (scenario, drawn)


Check = Callable[[str], Awaitable[None]]  # the checks on the screen now, named
Walk = Callable[[Pilot, Check], Awaitable[None]]  # the way there, checking on the way


async def _preview_then_support_after_a_low_rating(pilot: Pilot, check: Check) -> None:
    await pilot.pause()
    await check("preview")
    await _low_rating(pilot)
    await check("support after a low rating")


async def _preview_of_a_scan(pilot: Pilot, check: Check) -> None:
    await pilot.pause()
    await check("preview of a scan")


async def _rating_then_stopped(pilot: Pilot, check: Check) -> None:
    await _rating(pilot)
    await check("rating")
    await pilot.press("5", "enter")
    await pilot.pause()
    await _stopped_when_rated(pilot)
    await check("stopped")


async def _support_when_asked(pilot: Pilot, check: Check) -> None:
    await _rated(pilot, "5")
    app: Any = pilot.app
    await advance(app, app.test_clock, 3, pilot)
    await pilot.press("s")
    await until_screen(pilot, screens.SupportScreen)
    await check("support when asked")


async def _stopped_settle_first(pilot: Pilot, check: Check) -> None:
    await _stopped(pilot)
    await check("stopped, settle first")


def _summary(before: str, after: str, scenario: str) -> Walk:
    async def run(pilot: Pilot, check: Check) -> None:
        app: Any = pilot.app
        await _rated(pilot, before)
        await advance(app, app.test_clock, 91, pilot)
        await until_screen(pilot, screens.Rating)
        await pilot.press(after, "enter")
        await pilot.pause()
        if not isinstance(app.screen, screens.SummaryScreen):
            await until_screen(pilot, screens.Note)
            await pilot.press("escape")
        await until_screen(pilot, screens.SummaryScreen)
        await check(scenario)

    return run


# each screen with buttons, reached as a person reaches it, checked on the way: screens a
# person passes on one way are checked on one walk there (the exercise, the walk)
WALKS: dict[str, tuple[str, Walk]] = {
    "preview, support after a low rating": (
        "longer-out-breath",
        _preview_then_support_after_a_low_rating,
    ),
    "preview of a scan": ("body-scan-with-choices", _preview_of_a_scan),
    "rating, stopped": ("notice-the-room", _rating_then_stopped),
    "support when asked": ("longer-out-breath", _support_when_asked),
    "stopped, settle first": ("longer-out-breath", _stopped_settle_first),
    "summary": ("feet-on-the-floor", _summary("4", "7", "summary")),
    "summary after a drop": ("feet-on-the-floor", _summary("6", "3", "summary after a drop")),
}

# the small window in both languages (Spanish runs longer); 80x24 in English, where the
# buttons follow the words
SIZED = [("en", (50, 16)), ("es", (50, 16)), ("en", (80, 24))]

# walks that a test below takes anyway, at the same size in the same language, to check
# more where they end: it checks the buttons on the way as this test would, so they are
# walked there and not twice
WALKED_BELOW = {
    # test_the_support_screen_offers_only_keys_that_act_there
    ("preview, support after a low rating", "en", (50, 16)),
    ("preview, support after a low rating", "en", (80, 24)),
    # test_a_notice_stands_above_the_buttons_kept_at_a_pages_foot
    ("stopped, settle first", "en", (50, 16)),
    ("stopped, settle first", "es", (50, 16)),
}
WALKED_HERE = [
    pytest.param(walk, language, size, id=f"{walk}-{language}-{size[0]}x{size[1]}")
    for walk in WALKS
    for language, size in SIZED
    if (walk, language, size) not in WALKED_BELOW
]


def _checking(pilot: Pilot) -> Check:
    return lambda scenario: _buttons_in_sight(pilot, scenario)


@pytest.mark.parametrize(("walk", "language", "size"), WALKED_HERE)
async def test_every_button_is_whole_and_in_sight_without_scrolling(
    tmp_path: Path, walk: str, language: str, size: tuple[int, int]
) -> None:
    exercise, steps = WALKS[walk]
    app = _app(tmp_path, language, exercise)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await steps(pilot, _checking(pilot))


@pytest.mark.parametrize("size", [(50, 16), (80, 24), (60, 20)])
async def test_a_sound_notice_never_covers_the_keys(tmp_path: Path, size) -> None:
    notice = "Sound is off for now: no sound device could be opened, so the exercise runs silently."
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.cues = Silent(notice)
        app._player = lambda on: Silent(notice)  # sound asked for, but none can be had
        await pilot.press("m")  # sound was off: on, which can't be had - said in a toast
        await pilot.pause(0.1)
        await pilot.pause()
        assert [n.message for n in app._notifications] == [notice]
        screen = app.screen
        keys = [w for w in screen.query(".narrow-key, Footer") if w.region.height]
        toasts = list(screen.query("Toast"))
        assert keys and toasts
        for toast in toasts:
            for key in keys:
                assert not toast.region.overlaps(key.region), (toast.region, key.region)
        drawn = rendered_text(app)
        assert "esc Quit" in drawn and "m Sound" in drawn, drawn


async def test_the_keys_on_lines_of_their_own_are_the_footers_with_the_widgets(
    tmp_path: Path,
) -> None:
    """The rating's Enter belongs to its row of numbers; the note's Enter keeps the note:
    both said at 50 columns, as the footer says them at 80."""
    app = _app(tmp_path, "en", "feet-on-the-floor")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until_screen(pilot, screens.Rating)
        assert "Confirm" in footer_text(app)
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        await pilot.pause()
        lines = " ".join(app.screen.narrow_keys())
        assert lines.startswith("esc Back") and "enter Confirm" in lines, lines
        assert "enter Confirm" in rendered_text(app)
        await pilot.press("5", "enter")
        await advance(app, app.test_clock, 91, pilot)
        await until_screen(pilot, screens.Rating)
        await pilot.press("6", "enter")
        await until_screen(pilot, screens.Note)
        await pilot.pause()
        drawn = rendered_text(app)
        assert "esc Skip the note" in drawn and "enter Keep the note" in drawn, drawn


FIVE = [(13, 3, 6), (12, 5, 5), (8, 2, None), (2, 7, 4), (0, 4, 8)]


def _sessions(store, sessions=tuple(FIVE)) -> None:
    for days_ago, b, a in sessions:
        store.now = lambda d=days_ago: NOW - dt.timedelta(days=d)
        sid = store.start(pack_id="starter", pack_name="Starter pack", exercise_id="x",
                          exercise_title="Notice the room", exercise_sha256="0" * 64,
                          planned_seconds=120, before=b)  # fmt: skip
        store.finish(sid, outcome="completed", played_seconds=120, after=a)


@pytest.mark.parametrize(("language", "said"), [("en", "↑↓ Scroll"), ("es", "↑↓ Desplazar")])
async def test_the_history_says_its_arrows_move_through_the_sessions(
    tmp_path: Path, language: str, said: str
) -> None:
    app, _, store = make_app(tmp_path, language=language)
    _sessions(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await until_screen(pilot, screens.HistoryScreen)
        await pilot.pause()
        keys = footer_text(app)
        assert said in keys and keys.index("esc") < keys.index("↑↓"), keys
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        await pilot.pause()
        assert said in " ".join(app.screen.narrow_keys())
        assert said in rendered_text(app)
        page = app.screen.query_one(".page", ScrollableContainer)
        table = app.screen.query_one(DataTable)
        assert page.scroll_y == 0 and table.cursor_row == 0
        await pilot.press("down", "down")
        await pilot.pause()
        assert table.cursor_row == 2 and page.scroll_y > 0  # the list came into sight
        assert "2 -> -" in rendered_text(app)  # the third session's ratings
        await pilot.press("up", "up", "up")  # up from the first: the chart again
        await pilot.pause()
        assert table.cursor_row == 0 and page.scroll_y == 0


async def test_one_session_comes_into_sight_with_the_down_arrow(tmp_path: Path) -> None:
    app, _, store = make_app(tmp_path)
    _sessions(store, [(0, 4, 8)])
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await until_screen(pilot, screens.HistoryScreen)
        await pilot.pause()
        assert "4 -> 8" not in rendered_text(app)  # below the chart, out of sight
        await pilot.press("down")
        await pilot.pause()
        assert "4 -> 8" in rendered_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_support_screen_offers_only_keys_that_act_there(tmp_path: Path, size) -> None:
    """Reached as test_every_button_is_whole_and_in_sight_without_scrolling's walk "preview,
    support after a low rating" reaches it, its buttons checked on the way as there."""
    app = _app(tmp_path, "en", "longer-out-breath")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _preview_then_support_after_a_low_rating(pilot, _checking(pilot))
        await pilot.pause()
        drawn = rendered_text(app)
        assert "esc Stop here" in drawn and "m Sound" in drawn, drawn
        assert "s Support" not in drawn, drawn  # it is open already: s would do nothing
        await pilot.press("s")
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, screens.SupportScreen)]) == 1


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_notice_stands_above_the_buttons_kept_at_a_pages_foot(
    tmp_path: Path, language: str
) -> None:
    """Reached as test_every_button_is_whole_and_in_sight_without_scrolling's walk "stopped,
    settle first" reaches it, its buttons checked there as in that test."""
    app = _app(tmp_path, language, "longer-out-breath")
    async with app.run_test(size=(50, 16), notifications=True) as pilot:
        await pilot.pause()
        await _stopped_settle_first(pilot, _checking(pilot))  # four frames to settle
        assert app.screen.query_one(".buttons").has_class("-docked")
        app.notify("Sound is off for now: no sound device could be opened.", timeout=30)
        await pilot.pause(0.1)
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        below = [b for b in app.screen.query(Button) if b.display]
        below += [w for w in app.screen.query(".narrow-key") if w.region.height]
        assert toasts and below
        for toast in toasts:
            for widget in below:
                assert not toast.region.overlaps(widget.region), (toast.region, widget.region)
