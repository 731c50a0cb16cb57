"""The round breathing guide: a disc that grows with the in-breath and shrinks with the
out-breath, drawn in braille, redrawn only when a dot of it changes; the bar kept as a choice
(g, remembered), and text alone with reduced motion."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest
from textual.geometry import Region

from regulate.domain.model import Exercise
from regulate.system.paths import starter_pack
from regulate.tui import screens
from regulate.tui.widgets import BreathGuide
from regulate.tui.widgets.guide import disc_size, shape_lines
from tests.helpers import fuzz_examples
from tests.tui_helpers import advance, exercise_from, make_app, rendered_text


def _dots(lines: tuple[str, ...]) -> set[tuple[int, int]]:
    """The lit dots of a braille picture, as (x, y) in dots."""
    bits = {0x01: (0, 0), 0x02: (0, 1), 0x04: (0, 2), 0x08: (1, 0), 0x10: (1, 1), 0x20: (1, 2),
            0x40: (0, 3), 0x80: (1, 3)}  # fmt: skip
    lit = set()
    for row, line in enumerate(lines):
        for col, ch in enumerate(line):
            code = ord(ch) - 0x2800 if ch != " " else 0
            for bit, (dx, dy) in bits.items():
                if code & bit:
                    lit.add((col * 2 + dx, row * 4 + dy))
    return lit


@functools.cache
def _breathing() -> Exercise:
    """The starter pack's breathing exercise, read once (an Exercise is frozen)."""
    return exercise_from(starter_pack() / "longer-out-breath.yaml")


def _breathing_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The app on the starter pack's breathing exercise, with a fake clock."""
    return make_app(tmp_path, exercise=_breathing())


async def _started(pilot) -> None:  # type: ignore[no-untyped-def]
    """From its preview, the exercise started with the rating skipped."""
    await pilot.pause()
    await pilot.press("enter", "n")
    await pilot.pause()


@pytest.mark.parametrize("rows", [3, 5, 9])
def test_the_disc_is_round_and_grows_with_the_breath(rows: int) -> None:
    sizes = []
    for step in range(11):
        lines = shape_lines(step / 10, rows)
        assert len(lines) == rows and len({len(line) for line in lines}) == 1  # fits its box
        dots = _dots(lines)
        xs, ys = [x for x, _ in dots], [y for _, y in dots]
        width, height = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
        assert abs(width - height) <= 1  # as wide as it is high: round on a terminal's cells
        sizes.append(len(dots))
    assert sizes == sorted(sizes) and sizes[0] > 0  # grows the whole way; never vanishes
    radius, cols = disc_size(rows)
    assert sizes[-1] >= 0.9 * 3.14159 * radius**2  # full lungs: the whole box's disc
    assert len(shape_lines(1.0, rows)[0]) == cols


async def test_the_guide_is_redrawn_only_when_a_dot_changes(tmp_path: Path, monkeypatch) -> None:
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(pilot)
        await advance(app, clock, 15.5, pilot)  # the breathing step, in a breath
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        app.driver._end_frames()  # this test draws the frames itself, none of the app's own
        asked: list[int] = []
        monkeypatch.setattr(guide, "refresh", lambda *a, **k: asked.append(1))
        pictures = []
        for _ in range(40):  # four seconds of frames, as the app draws them
            clock.advance(0.1)
            pictures.append(guide.picture())
            guide.advance()
            guide._drawn = guide.picture()  # what the refresh would have drawn
        changes = sum(1 for a, b in itertools.pairwise(pictures) if a != b)
        assert 0 < len(asked) <= changes + 1  # a redraw only for a changed picture
        assert changes >= 20  # and it moves smoothly: most frames show a new picture
        app.screen.query_one(".phase")  # the phase word and its seconds stay beside it


async def test_g_chooses_the_bar_and_it_is_kept(tmp_path: Path) -> None:
    app, clock, _ = _breathing_app(tmp_path)
    stored = []
    app._store_prefs = lambda prefs: (stored.append(prefs), setattr(app, "prefs", prefs))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 3, pilot)  # step 1 is words: no g yet
        assert "g " not in _footer(app)
        await advance(app, clock, 13, pilot)
        assert isinstance(app.screen, screens.ExerciseScreen)
        assert "g Bar" in _footer(app)
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        assert guide.size.height > 1 and any(
            0x2800 < ord(ch) <= 0x28FF for line in guide.picture() for ch in line
        )
        await pilot.press("g")
        await pilot.pause()
        assert guide.size.height == 1 and set(guide.picture()[0]) <= set(" ▏▎▍▌▋▊▉█")
        assert "g Shape" in _footer(app)
        assert stored[-1].breath_bar is True


async def test_reduced_motion_shows_words_and_no_shape(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, exercise=_breathing(), reduced=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
        await advance(app, clock, 16, pilot)
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        (line,) = guide.picture()
        assert not any(0x2800 <= ord(ch) <= 0x28FF or ch in "▏▎▍▌▋▊▉█" for ch in line)
        assert "g " not in _footer(app)  # nothing moves: nothing to choose



async def test_a_resized_window_has_its_breath_count_at_its_new_edge_by_the_next_frame(
    tmp_path: Path,
) -> None:
    """The phase line ('Breathe in  2 s ... breath 1 of 15') is laid out for its width: a
    window widened (or narrowed) mid-breath has it laid out anew at the next frame, not once
    the second changes - the count standing mid-line, or cut, until then."""
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(50, 16)) as pilot:
        await _started(pilot)
        await advance(app, clock, 17.5, pilot)  # breathing, its line drawn at 50 columns
        for size in [(80, 24), (60, 20), (50, 16)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            app.tick()  # the next frame, the clock where it was
            await pilot.pause()
            phase = app.screen.query_one(".phase")
            shown = phase.text
            assert "breath 1 of 15" in shown, (size, shown)
            assert len(shown) == phase.size.width and shown.endswith("15"), (size, shown)

def _footer(app) -> str:
    from tests.tui_helpers import footer_text

    return footer_text(app)


# ------------------------------------------------------------ frames only on a change

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from regulate.tui.widgets.guide import bar, next_change  # noqa: E402


@settings(max_examples=fuzz_examples(400), deadline=None)
@given(
    fraction=st.floats(0, 1),
    rising=st.booleans(),
    rows=st.integers(1, 9),
    width=st.integers(10, 120),
    shape=st.booleans(),
)
def test_the_next_change_of_the_picture_is_found_exactly(
    fraction: float, rising: bool, rows: int, width: int, shape: bool
) -> None:
    """The app draws a frame when the guide's picture next changes and not before: the
    fullness it is told is the true edge - the same picture until just before it, a new one
    just after - and 'no change' means none until the breath turns."""

    def picture(f: float) -> tuple[str, ...]:
        return shape_lines(f, rows) if shape else (bar(f, width),)

    edge = next_change(fraction, rising, rows, width, shape)
    if edge is None:
        assert picture(1.0 if rising else 0.0) == picture(fraction)
        return
    towards = 1 if rising else -1
    assert (edge - fraction) * towards > 0
    assert picture(edge - towards * 1e-7) == picture(fraction)
    assert picture(edge + towards * 1e-7) != picture(fraction)


async def test_frames_come_when_something_shown_changes_and_not_between(tmp_path: Path) -> None:
    """A step of words with a count of seconds: the next frame is when the count changes
    (not 15 times a second); breathing: when the disc next changes, at most 15 a second; a
    boundary nearer than the frame has a timer of its own, on its moment."""
    from regulate.tui.driver import FRAME_SECONDS

    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(pilot)
        await advance(app, clock, 3.7, pilot)  # the first step: words, counting down
        app.tick()
        driver = app.driver
        assert driver._frame_timer.seconds == pytest.approx(0.3, abs=0.01)  # the next second
        await advance(app, clock, 11.8, pilot)  # 15.5 s: in a breath
        app.tick()
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        wait = driver._frame_timer.seconds
        assert FRAME_SECONDS <= wait < 0.5
        shown = guide.picture()
        if wait == pytest.approx(FRAME_SECONDS):  # as fast as frames come: it has changed by then
            clock.advance(wait)
            assert guide.picture() != shown
        else:
            clock.advance(wait - 0.01)
            assert guide.picture() == shown  # nothing changes before the frame
            clock.advance(0.02)
            assert guide.picture() != shown  # and it has by then
        app.driver._end_frames()


async def test_every_key_of_the_breathing_screen_is_in_sight(tmp_path: Path) -> None:
    """'g Bar' joins the keys while a guide shows; where the footer's one line can't hold them
    all (at 60 columns it cut 'm Sound' to 'm'), they stand on lines of their own. One app,
    breathing, taken through each window size (a fresh app for each cost five times the CPU)."""
    from tests.tui_helpers import rendered_text

    sizes = [(60, 20), (64, 20), (66, 24), (80, 24), (50, 16)]
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=sizes[0]) as pilot:
        await _started(pilot)
        await advance(app, clock, 15.5, pilot)  # breathing: the guide and its g key shown
        app.driver._end_frames()
        for size in sizes:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            shown = rendered_text(app)
            keys = app.screen.key_texts()
            assert "g Bar" in keys, size
            for key in keys:
                assert key in shown, (size, key, shown.splitlines()[-3:])


def _backgrounds(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Every background colour on the screen as drawn now."""
    colours = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if segment.style is not None and segment.style.bgcolor is not None:
                colours.add(segment.style.bgcolor.get_truecolor().hex)
    return colours


async def test_colours_chosen_mid_breath_reach_every_part_of_the_screen(tmp_path: Path) -> None:
    """The screen, the page, its groups and the footer keep their drawn lines between frames
    (only the guide changes while breathing): new colours must still reach all of them - each
    theme chosen in turn on the one breathing screen. The guide reads its colours once, not
    for every line of every frame; a theme chosen while it shows still reaches it at once."""
    from textual.color import Color

    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(pilot)
        await advance(app, clock, 15.5, pilot)  # breathing: frames of the guide alone
        app.tick()
        await pilot.pause()
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        for theme in ("textual-light", "warm-paper"):
            old = Color.parse(app.theme_variables["background"]).hex.lower()
            assert old in _backgrounds(app), theme
            before = next(iter(guide.render_line(0))).style
            app.theme = theme
            await pilot.pause()
            after = next(iter(guide.render_line(0))).style  # the guide: at once
            assert after == guide.rich_style and after != before, theme
            for _frame in range(3):
                clock.advance(0.2)
                app.tick()
                await pilot.pause()
            new = Color.parse(app.theme_variables["background"]).hex.lower()
            assert new != old, theme
            shown = _backgrounds(app)
            assert new in shown and old not in shown, (theme, new, old, shown)
        app.driver._end_frames()


async def test_a_colour_changed_on_the_page_reaches_the_groups_and_guide_over_it(
    tmp_path: Path,
) -> None:
    """The page's groups and the guide keep their lines, drawn over the page's background,
    between frames; when a class gives the page a new colour mid-breath, they must not keep
    the old one (they are told by Textual's refresh of the page's children, not by a change
    of their own styles)."""
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.stylesheet.add_source(".page.-tinted { background: #123456; }", read_from=("test", ""))
        app.stylesheet.reparse()
        app.refresh_css()
        await _started(pilot)
        await advance(app, clock, 15.5, pilot)
        app.tick()
        await pilot.pause()
        assert "#123456" not in _backgrounds(app)
        page = app.screen.query_one(".page")
        groups = list(page.query(".group"))
        page.add_class("-tinted")
        await pilot.pause()
        for _frame in range(3):
            clock.advance(0.2)
            app.tick()
            await pilot.pause()
        (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
        lines = app.screen._compositor.render_strips()
        # a line of the first group, and the guide's middle row (the guide keeps its
        # finished lines from breath to breath too)
        for row in (groups[0].region.y, guide.region.y + guide.region.height // 2):
            colours = {
                s.style.bgcolor.get_truecolor().hex
                for s in lines[row]
                if s.style and s.style.bgcolor
            }
            assert colours == {"#123456"}, (row, colours)
        app.driver._end_frames()


@pytest.mark.parametrize(
    ("no_color", "looks"),
    [(False, [("textual-dark", True), ("warm-paper", False)]), (True, [("nord", True)])],
    ids=["colours", "NO_COLOR"],
)
async def test_the_guide_finishes_its_lines_as_textual_would(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_color: bool,
    looks: list[tuple[str, bool]],
) -> None:
    """The guide finishes its own lines (colours, the app's filters, the part asked for) and
    keeps them for the next breath: each must be exactly the strip Textual's own pipeline
    makes, for the round shape and the bar, in any theme, with NO_COLOR, at every frame.
    (NO_COLOR is read as the app starts: an app of its own; the looks with colour share one,
    the theme and the guide's look changed in turn.)"""
    from textual.widget import Widget

    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = looks[0][0]
        await _started(pilot)
        await advance(app, clock, 15.5, pilot)
        for theme, shape in looks:
            if app.theme != theme:
                app.theme = theme
                await pilot.pause()
            if not shape:
                await pilot.press("g")
                await pilot.pause()
            (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
            assert guide.shape is shape, theme
            width, height = guide.size
            top = min(1, height - 1)  # a part: some columns of the middle rows
            crops = [Region(0, 0, width, height), Region(3, top, width // 2, max(1, height - 2))]
            compared = 0
            for _frame in range(40):  # four seconds: through a breath and back
                clock.advance(0.1)
                app.tick()
                await pilot.pause()
                for crop in crops:
                    ours = guide.render_lines(crop)
                    guide._styles_cache.clear()
                    textuals = Widget.render_lines(guide, crop)
                    assert [list(s) for s in ours] == [list(s) for s in textuals], (theme, crop)
                    assert [s.cell_length for s in ours] == [s.cell_length for s in textuals]
                    compared += len(ours)
            assert guide._finished, theme  # kept for the next breath
            assert compared >= 40 * height, theme
        app.driver._end_frames()


async def test_the_keys_in_sight_name_the_guides_other_look_after_g(tmp_path: Path) -> None:
    """g switches the guide between the round shape and the bar, and the key shown for it
    names the other look - on the footer, and on a narrow window's own key lines (the narrow
    window first, then the same breathing screen widened)."""
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(50, 16)) as pilot:
        await _started(pilot)
        await advance(app, clock, 15.5, pilot)
        for size in ((50, 16), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert "g Bar" in rendered_text(app), size
            for offered in ("g Shape", "g Bar"):
                await pilot.press("g")
                await pilot.pause()
                clock.advance(0.2)
                app.tick()
                await pilot.pause()
                shown = rendered_text(app)
                assert offered in shown, (size, shown.splitlines()[-3:])
        app.driver._end_frames()


async def test_the_round_guide_changes_at_least_ten_times_a_second_the_bar_as_before(
    tmp_path: Path,
) -> None:
    """Over whole breaths (4 s in, 6 s out), frames drawn when the driver asks for them: the
    round shape grows and shrinks in at least 10 visible steps a second, as smoothly as a phone
    app's; the one-line bar keeps its 11 frames a second at most. The shape's two breaths, then
    g and the bar's next two, on one app: each measured from a breath's start."""
    app, clock, _ = _breathing_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _started(pilot)
        await advance(app, clock, 15.0, pilot)  # the breathing step, as a breath begins
        for shape, least, most in ((True, 10, 15), (False, 9, 11)):
            if not shape:  # 20 s on: the next breath begins
                await pilot.press("g")
                await pilot.pause()
            (guide,) = [g for g in app.screen.query(BreathGuide) if g.display]
            assert guide.shape is shape
            app.tick()
            await pilot.pause()
            changes, frames, elapsed, shown = 0, 0, 0.0, guide.picture()
            while elapsed < 20.0:  # two whole breaths
                wait = app.driver._frame_timer.seconds
                clock.advance(wait)
                elapsed += wait
                app.tick()
                frames += 1
                picture = guide.picture()
                changes += picture != shown
                shown = picture
            assert least <= changes / elapsed and frames / elapsed <= most + 0.5, (
                shape, changes / elapsed, frames / elapsed,
            )  # fmt: skip
        app.driver._end_frames()
