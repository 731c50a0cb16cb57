"""Keys pressed at random while the breathing guide moves - g for its look, space, n, o, h -
with time passing and the window resized between them, as an unlucky or impatient person
would: nothing breaks, the keys in sight always name the look not shown, the guide's lines
are always the ones Textual would draw, and stopping keeps the rating given before."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widget import Widget

from regulate.tui import screens
from regulate.tui.widgets import BreathGuide
from tests.helpers import fuzz_examples
from tests.tui_helpers import advance, make_app, rendered_text, saved
from tests.tui_helpers import start_longer_out_breath as _start_longer_out_breath

SIZES = [(50, 16), (80, 24), (100, 30)]
ACTS = st.one_of(
    st.sampled_from(["g", "g", "space", "n", "o", "h", "x", "enter"]).map(lambda k: ("key", k)),
    st.floats(0.05, 6.0).map(lambda s: ("wait", s)),
    st.sampled_from(SIZES).map(lambda size: ("size", size)),
)


def _check_guide(app) -> None:  # type: ignore[no-untyped-def]
    player = app.screen
    if not isinstance(player, screens.ExerciseScreen):
        return
    shown = [g for g in player.query(BreathGuide) if g.display]
    if not shown or player.reduced:
        return
    (guide,) = shown
    offered = "g Bar" if guide.shape else "g Shape"
    text = rendered_text(app)
    assert offered in text, text.splitlines()[-3:]
    width, height = guide.size
    if width and height:
        crop = guide.size.region
        ours = guide.render_lines(crop)
        guide._styles_cache.clear()
        assert [list(s) for s in ours] == [list(s) for s in Widget.render_lines(guide, crop)]


async def _run(size: tuple[int, int], acts: list[tuple[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as home:
        app, clock, store = make_app(Path(home))
        async with app.run_test(size=size) as pilot:
            await _start_longer_out_breath(pilot, app)
            await advance(app, clock, 16, pilot)  # into the breathing step
            for kind, value in acts:
                if kind == "key":
                    await pilot.press(str(value))
                elif kind == "wait":
                    await advance(app, clock, float(value))  # type: ignore[arg-type]
                else:
                    await pilot.resize_terminal(*value)  # type: ignore[misc]
                await pilot.pause()
                assert app.is_running
                said = [n.message for n in app._notifications]
                assert not any(m.startswith("Something went wrong") for m in said)
                _check_guide(app)
            if isinstance(app.screen, screens.ExerciseScreen):
                await pilot.press("escape")  # stop: always one key away
                await pilot.pause()
            app.driver._end_frames()
        (session,) = saved(app, store)
        assert session.before_rating == 4


@pytest.mark.slow
@settings(
    max_examples=fuzz_examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.sampled_from(SIZES), st.lists(ACTS, min_size=1, max_size=14))
def test_keys_time_and_sizes_at_random_while_breathing_keep_the_guide_true(
    size: tuple[int, int], acts: list[tuple[str, object]]
) -> None:
    asyncio.run(_run(size, acts))
