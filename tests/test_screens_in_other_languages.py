"""Every screen in Spanish (snapshots at 80x24 and 50x16), and every screen in a made-up
language that lengthens each sentence by 40% and brackets it: no English word outside a pack's
own text, and no key dropped from a narrow window."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.pilot import Pilot

from regulate import i18n
from regulate.domain.model import Pack
from regulate.system.paths import starter_pack
from regulate.tui import screens
from tests.tui_helpers import (
    NOW,
    advance,
    make_app,
    pack_from,
    rendered_text,
    settled,
    until_screen,
)

pytestmark = pytest.mark.snapshot

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((50, 16), id="50x16")]
Before = Callable[[Pilot], Awaitable[None]]


def _keys(*keys: str) -> Before:
    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run


def _playing(seconds: float, keys: tuple[str, ...] = ()) -> Before:
    async def run(pilot: Pilot) -> None:
        app: Any = pilot.app
        await pilot.pause()
        await pilot.press("enter", "n")  # start, and skip the rating before
        await pilot.pause()
        await advance(app, app.test_clock, seconds, pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await settled(pilot, keys)
        if hasattr(app.screen, "refresh_view"):
            app.screen.refresh_view()
        await pilot.pause()

    return run


def _summary(before: str, after: str) -> Before:
    async def run(pilot: Pilot) -> None:
        app: Any = pilot.app
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


async def _history(pilot: Pilot) -> None:
    app: Any = pilot.app
    title = app.start_pack.exercises[0].title
    for days_ago, b, a in [(13, 3, 6), (12, 5, 5), (8, 2, None), (2, 7, 4), (0, 4, 8)]:
        app.test_store.now = lambda d=days_ago: NOW - __import__("datetime").timedelta(days=d)
        sid = app.test_store.start(pack_id="starter", pack_name=app.start_pack.name,
                                   exercise_id="notice-the-room", exercise_title=title,
                                   exercise_sha256="0" * 64, planned_seconds=120, before=b)  # fmt: skip
        app.test_store.finish(sid, outcome="completed", played_seconds=120, after=a)
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()


# name: (what a person does first, app settings, the exercise opened at start)
SCENARIOS: dict[str, tuple[Before | None, dict[str, Any], str | None]] = {
    "sound_question": (None, {"sound": None}, None),
    "home": (None, {}, None),
    "preview": (None, {}, "longer-out-breath"),
    "preview_at_speed": (None, {"speed": 20}, "resonance-breathing"),
    "rating": (_keys("enter", "3"), {}, "notice-the-room"),
    "support_after_a_low_rating": (_keys("enter", "1", "enter"), {}, "longer-out-breath"),
    "player_prompt": (_playing(5), {}, "notice-the-room"),
    "player_breathing": (_playing(17.5), {}, "longer-out-breath"),
    "player_breathing_reduced_motion": (_playing(17.5), {"reduced": True}, "longer-out-breath"),
    "player_scan": (_playing(50), {}, "hands-and-feet"),
    "player_check_in": (_playing(152), {}, "resonance-breathing"),
    "player_look_around": (_playing(20, ("o",)), {}, "longer-out-breath"),
    "player_paused": (_playing(40, ("space",)), {}, "notice-the-room"),
    "stopped": (_playing(40, ("escape",)), {}, "notice-the-room"),
    "stopped_with_the_settle_exercise_first": (_playing(40, ("escape",)), {}, "longer-out-breath"),
    "note": (_playing(91, ("6", "enter")), {}, "feet-on-the-floor"),
    "summary": (_summary("4", "7"), {}, "feet-on-the-floor"),
    "summary_when_it_felt_worse": (_summary("6", "3"), {}, "feet-on-the-floor"),
    "summary_after_a_small_drop": (_summary("9", "7"), {}, "feet-on-the-floor"),
    "history": (_history, {}, None),
}


def _app(tmp_path: Path, scenario: str, pack: Pack, language: str) -> Any:
    _before, settings, exercise = SCENARIOS[scenario]
    chosen = pack.exercise(exercise) if exercise else None
    app, clock, store = make_app(tmp_path, pack=pack, exercise=chosen, language=language,
                                 **settings)  # fmt: skip
    app.test_clock, app.test_store = clock, store
    return app


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_screen_in_spanish(snap_compare, tmp_path: Path, scenario: str, size) -> None:
    app = _app(tmp_path, scenario, pack_from(starter_pack("es")), "es")
    assert snap_compare(app, terminal_size=size, run_before=SCENARIOS[scenario][0])


# ---------------------------------------------------------------- the made-up language

PACK_TEXT = ("name", "author", "message", "title", "about", "prompt", "text", "check_in",
             "question", "low", "mid", "high", "regions")  # fmt: skip
# what may stay as it is: the program's name, the keys' own names, and month names (they come
# from Babel's data for the language - English for the made-up one - not from the catalogue)
UNTRANSLATABLE = {"regulate", "esc", "space", "enter", "tab", "ctrl"} | {
    m.lower()
    for m in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}


def _pseudo_pack(folder: Path) -> Pack:
    """The starter pack with its own words in the made-up language too, so that any English
    left on a screen can only be the program's."""

    def convert(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: convert(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [convert(v, key) for v in node]
        if isinstance(node, str) and key in PACK_TEXT:
            return i18n.pseudo(node)
        return node

    folder.mkdir()
    for source in starter_pack().glob("*.yaml"):
        data = convert(yaml.safe_load(source.read_text(encoding="utf-8")))
        if source.name == "pack.yaml":
            data["id"] = "pseudo"  # shown beside the starter pack, not in place of it
        (folder / source.name).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return pack_from(folder)


def _untranslated(text: str, pack_names: list[str]) -> list[str]:
    outside = re.sub(r"⟦.*?⟧", " ", " ".join(text.splitlines()), flags=re.S)
    for name in pack_names:  # another pack's own name, listed beside it
        outside = outside.replace(name, " ")
    return [w for w in re.findall(r"[A-Za-z]{2,}", outside) if w.lower() not in UNTRANSLATABLE]


@pytest.fixture(scope="module")
def pseudo_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """Made once for the module: the Pack is frozen, and every scenario only reads it."""
    return _pseudo_pack(tmp_path_factory.mktemp("made-up") / "pseudo")


def _check_untranslated_and_keys(app: Any, scenario: str, size: tuple[int, int]) -> None:
    text = rendered_text(app)
    assert _untranslated(text, [p.name for p in app.library.packs]) == [], (size, text)
    screen = app.screen
    if isinstance(screen, screens.Base) and screen.query(".narrow-key") and size[0] < 60:
        # a narrow window lists the screen's keys on two lines of their own: none dropped
        shown = " ".join(screen.narrow_keys())
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            acts = screen.check_action(*parse_action(binding.action)[1:]) is not False
            if binding.show and binding.description and acts:
                assert i18n._(binding.description) in shown, (scenario, size, shown)


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_no_screen_shows_an_untranslated_sentence_or_drops_a_key(
    tmp_path: Path, scenario: str, pseudo_pack: Pack
) -> None:
    """Each scenario is walked once, in the narrow 50x16 it opens in (where a key could be
    dropped), then the same screen is read again with the window widened to 80x24 - as a
    person's resized window would show it - instead of walking it again in a second app."""
    app = _app(tmp_path, scenario, pseudo_pack, i18n.PSEUDO)
    before = SCENARIOS[scenario][0]
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        if before is not None:
            await before(pilot)
        await pilot.pause()
        _check_untranslated_and_keys(app, scenario, (50, 16))
        await pilot.resize_terminal(80, 24)
        assert app.size == (80, 24)
        if app.playing is not None:
            app.tick()  # the frame after a resize: lines drawn each frame, laid out anew
        await pilot.pause()
        _check_untranslated_and_keys(app, scenario, (80, 24))
