"""What the timeline gives out - the events at its boundaries and a snapshot of one moment -
and the clock it reads (a fake one for tests)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from regulate.domain.model import Sound
from regulate.timeline.schedule import Segment

Clock = Callable[[], float]


Status = Literal["ready", "running", "paused", "check_in", "interlude", "finished", "stopped"]
CheckInAnswer = Literal["continue", "skip_to_end", "stop"]


@dataclass(frozen=True)
class Event:
    """Something that happened at a boundary, for the screen and the sound."""

    kind: Literal["start", "step", "segment", "check_in", "interlude", "resume", "end"]
    segment: Segment | None
    cue: Sound | None = None
    audio: Sound | None = None  # a step's own recording, to start now
    due: float = 0.0  # clock time the boundary was scheduled for


@dataclass(frozen=True)
class Snapshot:
    """Everything a screen draws, at one moment."""

    status: Status
    segment: Segment | None
    step: int  # index of the current step
    steps: int
    phase_left: float  # exercise seconds left in the phase
    phase_progress: float  # 0..1 through the phase
    step_left: float
    total_left: float
    played: float  # exercise seconds actually played
    slept: bool  # paused because the computer slept (a long gap between frames)
    looking: bool  # looking around the room (o): the exercise waits until the person goes back


def seconds_to_next_count(snap: Snapshot, speed: float = 1.0) -> float | None:
    """Real seconds until a count on screen changes (time left, the phase's seconds, each
    shown in whole seconds); None when nothing counts down."""
    if snap.status != "running":
        return None
    waits = []
    for left in (snap.total_left, snap.phase_left, snap.step_left):
        if left > 0:
            past_whole = left - math.floor(left)  # shown rounded up: changes as it passes a whole
            waits.append((past_whole or 1.0) / speed)
    return min(waits) if waits else None
