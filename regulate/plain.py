"""`regulate play PATH --plain`: the same timeline as plain lines, one per phase change.

Made for screen readers (each change is said once) and for scripts. Ratings and check-ins are
read as lines from standard input: a number, or an empty line to skip; at the end of input,
ratings are skipped and check-ins keep going. Ctrl+C stops, and the session is kept as stopped.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from regulate import phrases
from regulate.audio import CuePlayer, Silent
from regulate.history import History
from regulate.model import DEFAULT_RATING, DEFAULT_SUPPORT, Exercise, Pack, RatingScale
from regulate.session import Recorder
from regulate.timeline import INTERLUDE_TEXT, Event, Timeline, phase_line

FRAME_SECONDS = 0.5  # at most this long between looks at the clock (well under the sleep gap)


class Stop(Exception):
    """The person (or the system) asked to stop: Ctrl+C, SIGTERM or SIGHUP."""


@dataclass
class Console:
    read: Callable[[], str | None]  # a line without its newline, or None at end of input
    write: Callable[[str], None]


def _ask_rating(console: Console, scale: RatingScale, when: str) -> int | None:
    mid = f", 5 = {scale.mid}" if scale.mid else ""
    console.write(f"{scale.question} ({when})")
    console.write(f"  0 = {scale.low}{mid}, 10 = {scale.high}")
    while True:
        console.write("Type a whole number from 0 to 10 and press Enter, or press Enter to skip.")
        line = console.read()
        if line is None or not line.strip():
            console.write("Rating skipped.")
            return None
        text = line.strip()
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        console.write(f"'{text}' is not a number from 0 to 10.")


def _choose(console: Console, options: list[str], default: int = 0) -> int:
    for i, option in enumerate(options, 1):
        console.write(f"  {i}: {option}")
    console.write(f"Type a number and press Enter (Enter alone: {options[default].lower()}).")
    while True:
        line = console.read()
        if line is None or not line.strip():
            return default
        if line.strip().isdigit() and 1 <= int(line.strip()) <= len(options):
            return int(line.strip()) - 1
        console.write(f"Please type a number from 1 to {len(options)}.")


def _support(console: Console, pack: Pack | None) -> None:
    support = pack.support_or_default if pack else DEFAULT_SUPPORT
    console.write(support.text)
    if support.contact:
        console.write(f"Contact: {support.contact}")
    if support.emergency:
        console.write(f"In an emergency: {support.emergency}")


def describe(exercise: Exercise, speed: float) -> list[str]:
    lines = [exercise.title]
    if exercise.about:
        lines.append(exercise.about)
    lines.append(phrases.asks_sentence(exercise))
    total = (
        f"Total time: {phrases.clock_time(exercise.seconds)}, "
        f"in {phrases.steps_count(len(exercise.steps))}."
    )
    if speed != 1.0:
        total += (
            f" As a preview at {speed:g}x speed it takes "
            f"{phrases.clock_time(exercise.seconds / speed)}."
        )
    lines.append(total)
    if exercise.has_holds:
        lines.append("It has breath holds; you may skip them by breathing normally.")
    lines.append(phrases.STOPPING_IS_FINE + " Press Ctrl+C to stop.")
    return lines


def play(
    exercise: Exercise,
    pack: Pack | None,
    store: History | None,
    console: Console,
    *,
    speed: float = 1.0,
    player: CuePlayer | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Play one exercise in plain mode; returns the exit code (0, or 130 after Ctrl+C)."""
    player = player or Silent()
    scale = pack.rating if pack else DEFAULT_RATING
    for line in describe(exercise, speed):
        console.write(line)
    if player.notice:
        console.write(player.notice)
    before = _ask_rating(console, scale, "before") if exercise.rating else None
    if phrases.is_low(before, scale):
        _support(console, pack)
        settle = pack.exercise(pack.settle) if pack and pack.settle else None
        options = ["Continue with this exercise"]
        if settle is not None and settle.id != exercise.id:
            options.append(f"{settle.title} instead")
        options.append("Stop here")
        choice = options[_choose(console, options)]
        if choice == "Stop here":
            console.write(phrases.STOPPED)
            return 0
        if settle is not None and choice.startswith(settle.title):
            exercise = settle
    player.preload(exercise)
    timeline = Timeline(exercise, clock, speed=speed)
    recorder = Recorder(store, pack, exercise)
    recorder.start(before, speed, exercise.seconds)
    if recorder.problem:
        console.write(recorder.problem)
    try:
        _run(timeline, recorder, console, player, sleep)
    except (Stop, KeyboardInterrupt):
        timeline.stop()
        player.stop_all()
        recorder.finish(timeline, "stopped")
        console.write(f"[{phrases.elapsed(timeline.played_seconds)}] {phrases.STOPPED}")
        with contextlib.suppress(Stop, KeyboardInterrupt, EOFError):
            _after(console, recorder, scale, pack, exercise)
        return 130
    recorder.finish(timeline, "completed" if timeline.status == "finished" else "stopped")
    if timeline.status == "stopped":
        console.write(phrases.STOPPED)
    settle = _after(console, recorder, scale, pack, exercise)
    if settle is not None:
        return play(
            settle, pack, store, console, speed=speed, player=player, clock=clock, sleep=sleep
        )
    return 0


def _say(console: Console, timeline: Timeline, event: Event) -> None:
    # a phase is stamped with its own start in the exercise: exact, whatever the frame timing
    at = event.segment.start if event.segment is not None else timeline.played_seconds
    if event.kind == "end":
        at = timeline.total
    stamp = f"[{phrases.elapsed(at)}]"
    if event.kind == "start":
        console.write(f"{stamp} Starting. Total {phrases.clock_time(timeline.total)}.")
    elif event.kind == "end":
        console.write(f"{stamp} That is the end of the exercise.")
    elif event.kind == "interlude":
        console.write(f"{stamp} {INTERLUDE_TEXT}")
    elif event.kind == "resume":
        console.write(f"{stamp} Carrying on.")
    elif event.segment is not None:
        seg = event.segment
        if event.kind == "step" and seg.kind in ("inhale", "exhale") and seg.text:
            console.write(f"{stamp} {seg.text}")
        console.write(f"{stamp} {phase_line(seg, seg.duration)}")


def _run(
    timeline: Timeline,
    recorder: Recorder,
    console: Console,
    player: CuePlayer,
    sleep: Callable[[float], None],
) -> None:
    events = timeline.start()
    while True:
        for event in events:
            _say(console, timeline, event)
            if event.kind in ("step", "check_in"):
                player.stop_recording()  # a step's recording belongs to that step alone
            player.cue(event.cue, event.due)
            if event.audio is not None:
                player.recording(event.audio)
        if timeline.status == "check_in":
            answer = _choose(console, ["Keep going", "Skip to the end", "Stop here"])
            timeline.answer_check_in(("continue", "skip_to_end", "stop")[answer])
        if timeline.status in ("finished", "stopped"):
            return
        recorder.checkpoint(timeline)
        wait = timeline.seconds_to_next_boundary()
        sleep(min(FRAME_SECONDS, wait if wait is not None else FRAME_SECONDS))
        events = timeline.update()


def _after(
    console: Console, recorder: Recorder, scale: RatingScale, pack: Pack | None, exercise: Exercise
) -> Exercise | None:
    """The after-rating, a note, and before -> after; returns the settle exercise if chosen."""
    after = _ask_rating(console, scale, "after") if exercise.rating else None
    console.write("A short note for yourself, if you like (press Enter to skip):")
    note = console.read()
    recorder.rate_after(after, (note or "").strip()[:1000] or None)
    if exercise.rating:
        console.write(phrases.before_after(recorder.before, after))
    if phrases.felt_worse(recorder.before, after, scale):
        console.write(phrases.WORSE)
        _support(console, pack)
    if recorder.problem:
        console.write(recorder.problem)
    if phrases.felt_worse(recorder.before, after, scale):
        settle = pack.exercise(pack.settle) if pack and pack.settle else None
        if settle is not None:
            options = ["Finish here", f"Try '{settle.title}' now"]
            if _choose(console, options) == 1:
                return settle
    return None
