"""The timeline with a fake clock: every step kind, every operation, the drift bound, sleep."""

from __future__ import annotations

import itertools
import random
import textwrap
from pathlib import Path

import pytest

from regulate.domain.model import Sound
from regulate.loader import load_exercise, load_pack
from regulate.system.paths import starter_pack
from regulate.timeline import Timeline, guide_text, phase_line, schedule
from tests.clocks import FakeClock

MIXED = """\
title: Mixed
kind: mixed
cues: {start: bell, step: chime, breath: soft, end: bell}
steps:
  - prompt: Look around.
    for: 10
  - breathe: {inhale: 4, hold: 2, exhale: 6, pause: 1, cycles: 2}
  - check_in: Keep going?
  - scan: {regions: [feet, hands, face], each: 5, text: 'Notice your {region}.'}
  - prompt: Look around again.
    for: 8
"""


@pytest.fixture
def make(tmp_path: Path):
    def build(text: str = MIXED, speed: float = 1.0, start: float = 1000.0):
        path = tmp_path / "ex.yaml"
        path.write_text(textwrap.dedent(text))
        exercise = load_exercise(path).value
        assert exercise is not None
        clock = FakeClock(start)
        return Timeline(exercise, clock, speed=speed), clock

    return build


def run(tl: Timeline, clock: FakeClock, seconds: float, frame: float = 0.25) -> list:
    """Advance as the screen would: a frame every quarter second, collecting events."""
    events = []
    left = seconds
    while left > 1e-12:
        step = min(frame, left)
        clock.advance(step)
        left -= step
        events += tl.update()
    return events


def test_schedule_sums_to_the_planned_total() -> None:
    pack = load_pack(starter_pack()).value
    for exercise in pack.exercises:
        segments = schedule(exercise)
        assert segments[-1].end == pytest.approx(exercise.seconds), exercise.id
        assert all(a.end == pytest.approx(b.start) for a, b in itertools.pairwise(segments))


def test_breathing_phases_in_order(make) -> None:
    tl, _ = make()
    breath = [(s.kind, s.duration, s.cycle) for s in tl.segments if s.step == 1]
    assert breath == [("inhale", 4, 1), ("hold", 2, 1), ("exhale", 6, 1), ("pause", 1, 1),
                      ("inhale", 4, 2), ("hold", 2, 2), ("exhale", 6, 2), ("pause", 1, 2)]  # fmt: skip
    assert tl.total == 10 + 26 + 0 + 15 + 8


def test_nothing_moves_before_start(make) -> None:
    tl, clock = make()
    clock.advance(100)
    assert tl.update() == [] and tl.status == "ready" and tl.snapshot().total_left == 59


def test_events_and_cues_at_each_boundary(make) -> None:
    tl, clock = make()
    events = tl.start()
    assert [(e.kind, e.cue) for e in events] == [("start", Sound("bell")), ("step", None)]
    events = run(tl, clock, 10)
    assert [(e.kind, e.segment.kind, e.cue, e.due) for e in events] == [
        ("step", "inhale", Sound("chime"), 1010)
    ]
    assert [(e.segment.kind, e.cue) for e in run(tl, clock, 4)] == [("hold", None)]
    assert [(e.segment.kind, e.cue) for e in run(tl, clock, 2)] == [("exhale", Sound("soft"))]
    # the pause (1022) and the second inhale (1023)
    got = [(e.segment.kind, e.segment.cycle, e.cue, e.due) for e in run(tl, clock, 7)]
    assert got == [("pause", 1, None, 1022), ("inhale", 2, Sound("soft"), 1023)]


def test_snapshot_tells_phase_step_and_total_left(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 12.5)  # 2.5 s into the first inhale
    snap = tl.snapshot()
    assert (snap.segment.kind, snap.step, snap.phase_left, snap.phase_progress) == (
        "inhale",
        1,
        1.5,
        0.625,
    )
    assert snap.step_left == pytest.approx(23.5) and snap.total_left == pytest.approx(46.5)
    assert phase_line(snap.segment, snap.phase_left) == "Breathe in, 2 s (breath 1 of 2)"


def test_check_in_stops_the_clock_until_answered(make) -> None:
    tl, clock = make()
    tl.start()
    events = run(tl, clock, 36)
    assert events[-1].kind == "check_in" and tl.status == "check_in"
    assert tl.snapshot().segment.kind == "check_in"
    clock.advance(500)  # the person takes their time
    assert tl.update() == [] and tl.snapshot().total_left == 23 and tl.played_seconds == 36
    tl.answer_check_in("continue")
    (event,) = run(tl, clock, 0.001)
    assert (event.kind, event.segment.region, event.due) == ("step", "feet", 1536)


def test_check_in_skip_to_end_goes_to_the_closing_step(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 36)
    tl.answer_check_in("skip_to_end")
    (event,) = tl.update()
    assert event.segment.text == "Look around again." and tl.steps_skipped == 1
    assert run(tl, clock, 8)[-1].kind == "end" and tl.status == "finished"
    assert tl.played_seconds == pytest.approx(44)


def test_check_in_stop(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 40)
    tl.answer_check_in("stop")
    assert tl.status == "stopped" and tl.played_seconds == 36 and tl.current_step == 2


def test_pause_and_resume_shift_every_later_boundary_exactly(make) -> None:
    tl, clock = make()
    tl.start()
    clock.advance(3)
    tl.pause()
    clock.advance(60)
    assert tl.update() == [] and tl.snapshot().total_left == 56
    tl.resume()
    (event,) = run(tl, clock, 7)
    assert event.due == 1000 + 10 + 60 and tl.played_seconds == 10


def test_played_time_excludes_pauses_and_skips(make) -> None:
    tl, clock = make()
    tl.start()
    clock.advance(4)
    tl.skip_step()  # 6 s of the prompt jumped over
    tl.update()
    run(tl, clock, 26)  # to the check-in
    assert tl.played_seconds == 30 and tl.steps_skipped == 1


def test_skip_step_announces_the_new_step_with_its_cue(make) -> None:
    tl, clock = make()
    tl.start()
    clock.advance(1)
    tl.skip_step()
    (event,) = tl.update()
    assert (event.kind, event.segment.kind, event.cue) == ("step", "inhale", Sound("chime"))


def test_next_moves_region_by_region_then_step(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 36)
    tl.next()  # at a check-in, n keeps going
    assert [e.segment.region for e in tl.update()] == ["feet"]
    clock.advance(1)
    tl.next()
    (event,) = tl.update()
    assert (event.kind, event.segment.region, event.cue) == ("segment", "hands", Sound("chime"))
    tl.next()
    tl.next()  # past the last region: the next step
    assert tl.update()[-1].segment.text == "Look around again."
    assert tl.steps_skipped == 1


def test_skip_holds_shortens_the_schedule_honestly(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 15)  # 1 s into the first hold
    tl.skip_holds()
    # the hold in progress ends now; later holds and pauses are gone: 59 - 1 - 1 - 2 - 1 = 54
    assert tl.total == 54 and tl.holds_skipped
    assert [s.kind for s in tl.segments if s.step == 1] == [
        "inhale",
        "hold",
        "exhale",
        "inhale",
        "exhale",
    ]
    (event,) = tl.update()
    assert event.segment.kind == "exhale" and event.due == 1015
    assert run(tl, clock, 6)[0].segment.kind == "inhale"
    assert tl.snapshot().total_left == pytest.approx(33)


def test_skip_holds_before_breathing_starts(make) -> None:
    tl, _clock = make()
    tl.start()
    tl.skip_holds()
    assert tl.total == 59 - 6 and [s.kind for s in tl.segments].count("hold") == 0


def test_look_around_stays_until_the_person_goes_back(make) -> None:
    """No clock returns a person from the look-around to breath or body work (care rule 6):
    ten minutes later it is still on, the exercise's time waiting; n goes back to exactly
    where it was."""
    tl, clock = make()
    tl.start()
    clock.advance(3)
    (event,) = tl.look_around()
    assert event.kind == "interlude" and tl.status == "interlude"
    assert tl.snapshot().looking and tl.snapshot().total_left == 56
    assert run(tl, clock, 600) == [] and tl.status == "interlude"
    assert tl.seconds_to_next_boundary() is None  # nothing is timed while it is on
    snap = tl.snapshot()
    assert snap.looking and snap.total_left == 56 and snap.phase_left == pytest.approx(7)
    tl.next()
    assert tl.status == "running" and not tl.snapshot().looking
    assert tl.snapshot().segment.kind == "prompt" and tl.snapshot().phase_left == pytest.approx(7)
    assert tl.played_seconds == pytest.approx(3)  # the look-around's time is not the exercise's
    events = run(tl, clock, 7.5)
    assert events and events[0].due == 1000 + 3 + 600 + 7


def test_look_around_from_a_check_in_returns_to_it(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 36)
    tl.look_around()
    assert tl.snapshot().segment.kind == "check_in"
    run(tl, clock, 31)
    assert tl.status == "interlude"
    tl.next()  # n goes back to the check-in, not past it
    assert tl.status == "check_in"


def test_look_around_while_paused_returns_to_paused(make) -> None:
    tl, clock = make()
    tl.start()
    tl.pause()
    tl.look_around()
    clock.advance(2)
    tl.next()  # n ends the look-around early
    assert tl.status == "paused"


def test_a_look_around_is_not_paused_by_a_gap_or_a_pause(make) -> None:
    """Nothing runs while the person looks around, so a sleeping laptop or a pause key leaves
    it as it was: still looking, until they go back."""
    tl, clock = make()
    tl.start()
    tl.look_around()
    tl.pause()
    clock.advance(1000)
    assert tl.update() == [] and tl.status == "interlude" and not tl.snapshot().slept
    tl.next()
    assert tl.status == "running"


def test_a_long_gap_between_frames_pauses_and_is_not_played(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 2)
    clock.advance(600)  # the laptop slept
    assert tl.update() == []
    snap = tl.snapshot()
    assert (
        snap.status == "paused" and snap.slept and snap.total_left == 57 and tl.played_seconds == 2
    )
    tl.resume()
    assert not tl.snapshot().slept
    assert run(tl, clock, 8)[0].due == 1000 + 2 + 600 + 8


def test_a_short_gap_is_not_a_sleep(make) -> None:
    tl, clock = make()
    tl.start()
    clock.advance(4.9)
    tl.update()
    assert tl.status == "running"


def test_stop_is_immediate_and_keeps_the_step(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 20)
    tl.stop()
    assert tl.status == "stopped" and tl.current_step == 1 and tl.played_seconds == 20
    clock.advance(10)
    assert tl.update() == [] and tl.played_seconds == 20


def test_speed_is_one_multiplication(make) -> None:
    tl, clock = make(speed=20)
    tl.start()
    clock.advance(0.5)
    assert [e.due for e in tl.update()] == [1000.5]  # the 10 s prompt ends at 0.5 s
    assert tl.seconds_to_next_boundary() == pytest.approx(4 / 20)


def test_the_whole_exercise_finishes_with_the_end_cue(make) -> None:
    tl, clock = make()
    tl.start()
    run(tl, clock, 36)
    tl.answer_check_in("continue")
    events = run(tl, clock, 100)
    assert events[-1].kind == "end" and events[-1].cue == Sound("bell") and events[-1].due == 1059
    assert tl.status == "finished" and tl.played_seconds == 59 and tl.snapshot().total_left == 0


THIRTY_MINUTES = """\
title: Long
kind: breathing
steps:
  - breathe: {inhale: 4.3, hold: 1.7, exhale: 6.1, pause: 0.9, cycles: 138}
"""


def test_thirty_minutes_with_pauses_every_boundary_on_time(make) -> None:
    """Frames arrive at irregular times, with pauses, and the runner sleeps exactly to each
    boundary: every boundary is announced at its schedule, to the microsecond."""
    tl, clock = make(THIRTY_MINUTES, start=5000.0)
    assert tl.total == pytest.approx(1794)
    rng = random.Random(3)
    tl.start()
    paused_total = 0.0
    worst = 0.0
    while tl.status != "finished":
        if rng.random() < 0.01:
            tl.pause()
            pause = rng.uniform(0.1, 4.0)
            clock.advance(pause)
            paused_total += pause
            tl.resume()
        # frames at irregular times (never more than a second apart); when a boundary is
        # nearer than the next frame, the runner's timer lands exactly on it
        wait = tl.seconds_to_next_boundary()
        step = min(rng.uniform(0.02, 1.0), wait)
        clock.advance(step)
        for event in tl.update():
            if event.segment is not None:
                expected = 5000.0 + event.segment.start + paused_total
                worst = max(worst, abs(event.due - expected), abs(clock.now - expected))
    assert worst < 1e-6
    assert tl.played_seconds == pytest.approx(1794)
    assert clock.now == pytest.approx(5000 + 1794 + paused_total)


def test_guide_text_for_reduced_motion(make) -> None:
    tl, _ = make()
    breathe = tl.exercise.steps[1]
    assert guide_text(breathe) == "in 1 2 3 4 - hold 1 2 - out 1 2 3 4 5 6 - rest 1"
    assert guide_text(breathe, skip_holds=True) == "in 1 2 3 4 - out 1 2 3 4 5 6"


def test_directional_breath_cues_tell_in_from_out(make) -> None:
    tl, clock = make(MIXED.replace("breath: soft", "breath: inhale"))
    tl.start()
    events = run(tl, clock, 10 + 4 + 2 + 6 + 1)
    cues = [(e.segment.kind, e.cue) for e in events if e.segment is not None]
    assert cues == [("inhale", Sound("chime")), ("hold", None), ("exhale", Sound("exhale")),
                    ("pause", None), ("inhale", Sound("inhale"))]  # fmt: skip


def test_the_next_count_is_when_a_whole_second_on_screen_changes(make) -> None:
    """The screen shows time left in whole seconds: the next frame is due when one of the
    counts passes a whole second (at the timeline's speed), and never while paused."""
    from regulate.timeline import seconds_to_next_count

    tl, clock = make()
    tl.start()
    run(tl, clock, 3.75)  # 6.25 s left of the first step: 6 shows in a quarter second
    assert seconds_to_next_count(tl.snapshot()) == pytest.approx(0.25)
    tl.pause()
    assert seconds_to_next_count(tl.snapshot()) is None
    tl.resume()
    fast, fast_clock = make(speed=20)
    fast.start()
    run(fast, fast_clock, 0.01)  # 0.2 s of the exercise
    assert seconds_to_next_count(fast.snapshot(), 20) == pytest.approx(0.8 / 20)
