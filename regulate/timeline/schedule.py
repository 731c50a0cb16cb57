"""An exercise laid out once as segments (a prompt, each inhale, hold, exhale and pause, each scan
region, each check-in), each with its start in exercise time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from regulate.domain.model import Breathe, CheckIn, Exercise, Prompt, Scan, Step

SegmentKind = Literal["prompt", "inhale", "hold", "exhale", "pause", "region", "check_in"]


@dataclass(frozen=True)
class Segment:
    step: int  # index into exercise.steps
    kind: SegmentKind
    start: float  # exercise time
    duration: float
    text: str  # what is shown: the prompt, the breathe text, the filled-in region text
    cycle: int = 0  # breathing: which breath, 1-based
    cycles: int = 0
    region: str = ""
    region_index: int = 0
    regions: int = 0

    @property
    def end(self) -> float:
        return self.start + self.duration


def _step_segments(index: int, step: Step) -> list[Segment]:
    if isinstance(step, Prompt):
        return [Segment(index, "prompt", 0, step.seconds, step.text)]
    if isinstance(step, CheckIn):
        return [Segment(index, "check_in", 0, 0.0, step.text)]
    if isinstance(step, Scan):
        n = len(step.regions)
        return [
            Segment(
                index,
                "region",
                0,
                step.each,
                step.region_text(r),
                region=r,
                region_index=i + 1,
                regions=n,
            )
            for i, r in enumerate(step.regions)
        ]
    assert isinstance(step, Breathe)
    out: list[Segment] = []
    phases: list[tuple[SegmentKind, float]] = [
        ("inhale", step.inhale),
        ("hold", step.hold),
        ("exhale", step.exhale),
        ("pause", step.pause),
    ]
    for cycle in range(1, step.cycles + 1):
        for kind, seconds in phases:
            if seconds <= 0:
                continue
            out.append(
                Segment(index, kind, 0, seconds, step.text or "", cycle=cycle, cycles=step.cycles)
            )
    return out


def _laid_out(segments: list[Segment], start: float = 0.0) -> list[Segment]:
    out = []
    at = start
    for seg in segments:
        out.append(replace(seg, start=at))
        at += seg.duration
    return out


def schedule(exercise: Exercise) -> list[Segment]:
    """Every segment of the exercise, in order, with its start in exercise time."""
    segments: list[Segment] = []
    for index, step in enumerate(exercise.steps):
        segments.extend(_step_segments(index, step))
    return _laid_out(segments)


def step_ends(segments: list[Segment]) -> dict[int, float]:
    """When each step ends: looked up at every frame, so worked out once per schedule."""
    ends: dict[int, float] = {}
    for seg in segments:
        ends[seg.step] = max(ends.get(seg.step, seg.end), seg.end)
    return ends
