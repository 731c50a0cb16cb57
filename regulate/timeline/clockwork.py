"""The timeline: which step and phase is on, and how far through, as a pure function of the
exercise and the time on a monotonic clock. No Textual here.

The exercise is laid out once as segments (a prompt, each inhale/hold/exhale/pause, each scan
region, each check-in) with their start in *exercise time*. While running, the position in
exercise time is `base_position + (clock() - base_time) * speed`: it is computed from the clock
at every look, never accumulated frame by frame, so it cannot drift. Pausing, skipping and
answering a check-in only move `base_position` and `base_time`.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import replace
from typing import Literal

from regulate.domain.model import Exercise
from regulate.timeline.guide_words import breath_cue
from regulate.timeline.moments import CheckInAnswer, Clock, Event, Snapshot, Status
from regulate.timeline.schedule import Segment, schedule, step_ends

SLEEP_GAP_SECONDS = 5.0
EPSILON = 1e-9


class Timeline:
    def __init__(
        self,
        exercise: Exercise,
        clock: Clock = time.monotonic,
        speed: float = 1.0,
    ) -> None:
        if not 0 < speed <= 1000:
            raise ValueError("speed must be positive")
        self.exercise = exercise
        self.clock = clock
        self.speed = speed
        self.segments = schedule(exercise)
        self._starts = [s.start for s in self.segments]
        self.step_ends = step_ends(self.segments)
        self.status: Status = "ready"
        self.position = 0.0  # exercise time at base_time
        self.base_time = 0.0
        self.next_index = 0  # the next segment whose start has not been announced
        self.played = 0.0  # exercise seconds played, up to base_time
        self.steps_skipped = 0
        self.holds_skipped = False
        self.slept = False
        self._last_update = 0.0
        self._paused_from: Status = "running"
        self._after_interlude: Status = "running"
        self._check_in: int | None = None  # index of the check-in being waited at

    # ------------------------------------------------------------ time

    @property
    def total(self) -> float:
        return self.segments[-1].end if self.segments else 0.0

    def _now_position(self, now: float) -> float:
        if self.status != "running":
            return self.position
        return min(self.position + (now - self.base_time) * self.speed, self.total)

    def _rebase(self, now: float) -> None:
        """Fold the time since base_time into position/played, so base_time becomes now."""
        if self.status == "running":
            new = self._now_position(now)
            self.played += new - self.position
            self.position = new
        self.base_time = now  # paused, or looking around: the exercise's time waits

    def position_now(self) -> float:
        """Where the exercise is now, in exercise time."""
        return self._now_position(self.clock())

    def step_start(self, step: int) -> float:
        """When a step begins in the schedule as it stands (skipped holds included)."""
        return next((s.start for s in self.segments if s.step == step), self.total)

    def _index_at(self, position: float) -> int:
        """The segment on at a position (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self._starts, position + EPSILON) - 1)

    # ------------------------------------------------------------ the flow

    def start(self) -> list[Event]:
        now = self.clock()
        self.status = "running"
        self.base_time = self._last_update = now
        first = self.segments[0] if self.segments else None
        events = [Event("start", first, self.exercise.cues.start, due=now)]
        events += self._announce(now)
        return events

    def update(self) -> list[Event]:
        """Advance to the clock's now; returns the boundaries crossed since the last update."""
        now = self.clock()
        gap = now - self._last_update
        self._last_update = now
        if gap > SLEEP_GAP_SECONDS and self.status == "running":
            # the computer slept (or the process was stopped): pause at the last frame
            before = now - gap
            self._rebase(before)
            self._paused_from = self.status
            self.status = "paused"
            self.slept = True
            self.base_time = now
            return []
        if self.status != "running":  # a look-around waits for the person, never the clock
            return []
        return self._announce(now)

    def _announce(self, now: float) -> list[Event]:
        events: list[Event] = []
        target = self._now_position(now)
        while self.next_index < len(self.segments):
            seg = self.segments[self.next_index]
            if seg.start > target + EPSILON:
                break
            due = self.base_time + (seg.start - self.position) / self.speed
            events.append(self._segment_event(seg, due))
            self.next_index += 1
            if seg.kind == "check_in":
                # the clock stops here until the person answers
                self._rebase(due)
                self.position = seg.start
                self.status = "check_in"
                self._check_in = self.next_index - 1
                return events
        if target >= self.total - EPSILON and self.next_index >= len(self.segments):
            due = self.base_time + (self.total - self.position) / self.speed
            self._rebase(min(now, max(due, self.base_time)))
            self.position = self.total
            self.status = "finished"
            events.append(Event("end", None, self.exercise.cues.end, due=due))
        return events

    def _segment_event(self, seg: Segment, due: float) -> Event:
        step = self.exercise.steps[seg.step]
        new_step = self.next_index == 0 or self.segments[self.next_index - 1].step != seg.step
        if new_step:
            # the first step shares its moment with the start cue: one sound, not two
            cue = None if seg.step == 0 and self.next_index == 0 else step.cue
            audio = getattr(step, "audio", None)
            kind: Literal["step", "check_in"] = "check_in" if seg.kind == "check_in" else "step"
            return Event(kind, seg, cue, audio, due)
        cue = breath_cue(self.exercise.cues.breath, seg.kind)
        if seg.kind == "region":
            cue = step.cue
        return Event("segment", seg, cue, None, due)

    # ------------------------------------------------------------ the person's keys

    def pause(self) -> None:
        if self.status == "running":
            self._rebase(self.clock())
            self._paused_from = self.status
            self.status = "paused"

    def resume(self) -> None:
        if self.status == "paused":
            self.status = self._paused_from
            self.base_time = self._last_update = self.clock()
            self.slept = False

    def toggle_pause(self) -> None:
        if self.status == "paused":
            self.resume()
        else:
            self.pause()

    def _jump(self, position: float) -> None:
        """Move to a position ahead; the time jumped over is not played."""
        now = self.clock()
        self._rebase(now)
        self.position = min(position, self.total)
        self.next_index = bisect.bisect_left(self._starts, self.position - EPSILON)
        if self.status == "check_in":
            self.status = "running"
        self._check_in = None

    def skip_step(self) -> None:
        """Move on to the next step."""
        if self.status not in ("running", "paused", "check_in"):
            return
        current = self.current_segment()
        if current is None:
            return
        following = next((s for s in self.segments if s.step > current.step), None)
        self.steps_skipped += 1
        self._jump(following.start if following else self.total)

    def skip_region(self) -> None:
        """In a scan, move on to the next region; elsewhere, the next step."""
        current = self.current_segment()
        if current is None or current.kind != "region" or current.region_index >= current.regions:
            self.skip_step()
            return
        if self.status in ("running", "paused"):
            self._jump(current.end)

    def next(self) -> None:
        """The `n` key: end a look-around early, or move on to the next region or step."""
        if self.status == "interlude":
            self.base_time = self._last_update = self.clock()
            self.status = self._after_interlude
            return
        if self.status == "check_in":
            self.answer_check_in("continue")
            return
        self.skip_region()

    def skip_holds(self) -> None:
        """Drop every hold and pause from now on; the schedule shortens honestly."""
        if self.holds_skipped or self.status in ("finished", "stopped"):
            return
        self._rebase(self.clock())
        current = self._index_at(self.position)
        kept = list(self.segments[:current])
        next_index = min(self.next_index, current)
        at = self.segments[current].start if current < len(self.segments) else self.total
        for i in range(current, len(self.segments)):
            seg = self.segments[i]
            if seg.kind in ("hold", "pause"):
                if not (i < self.next_index and seg.start <= self.position < seg.end):
                    continue
                seg = replace(seg, duration=self.position - seg.start)  # in it now: it ends here
            kept.append(replace(seg, start=at))
            at += seg.duration
            if i < self.next_index:
                next_index = len(kept)
        self.segments = kept
        self._starts = [s.start for s in kept]
        self.step_ends = step_ends(kept)
        self.next_index = next_index
        self.holds_skipped = True

    def look_around(self) -> list[Event]:
        """The `o` key: a look around the room, for as long as the person likes; the
        exercise's time waits, and `next` goes back to exactly where it was (running, paused,
        or waiting at a check-in). No clock ever ends it (DESIGN's care rule 6)."""
        if self.status not in ("running", "paused", "check_in"):
            return []
        now = self.clock()
        self._rebase(now)
        self._after_interlude = self.status
        self.status = "interlude"
        self._last_update = now
        return [Event("interlude", None, None, due=now)]

    def answer_check_in(self, answer: CheckInAnswer) -> None:
        if self.status != "check_in":
            return
        now = self.clock()
        self.base_time = self._last_update = now
        current = self.current_segment()
        if answer == "stop":
            self.stop()
            return
        self.status = "running"
        self._check_in = None
        if answer == "skip_to_end":
            # on to the closing step when there is one, else the end
            last_step = len(self.exercise.steps) - 1
            closing = next((s for s in self.segments if s.step == last_step), None)
            if closing is not None and current is not None and closing.step > current.step:
                self.steps_skipped += last_step - current.step - 1
                self._jump(closing.start)
            else:
                self._jump(self.total)

    def stop(self) -> None:
        if self.status in ("finished", "stopped"):
            return
        self._rebase(self.clock())
        self.status = "stopped"

    # ------------------------------------------------------------ what is on now

    def current_segment(self) -> Segment | None:
        if not self.segments:
            return None
        if self._check_in is not None:
            return self.segments[self._check_in]
        position = self._now_position(self.clock())
        if position >= self.total - EPSILON:
            return self.segments[-1]
        return self.segments[self._index_at(position)]

    @property
    def played_seconds(self) -> float:
        """Exercise seconds played so far (pauses, look-arounds, skips, sleep excluded)."""
        now = self.clock()
        if self.status == "running":
            return self.played + (self._now_position(now) - self.position)
        return self.played

    @property
    def current_step(self) -> int:
        seg = self.current_segment()
        return seg.step if seg else 0

    def seconds_to_next_boundary(self) -> float | None:
        """Real seconds until the next phase boundary, for timers that land on it exactly."""
        now = self.clock()
        if self.status != "running":
            return None
        position = self._now_position(now)
        if self.next_index < len(self.segments):
            return max(0.0, (self.segments[self.next_index].start - position) / self.speed)
        return max(0.0, (self.total - position) / self.speed)

    def snapshot(self) -> Snapshot:
        now = self.clock()
        position = self._now_position(now)
        seg = self.current_segment()
        looking = self.status == "interlude"
        if seg is None:
            return Snapshot(self.status, None, 0, 0, 0, 0, 0, 0, self.played, self.slept, looking)
        phase_left = max(0.0, seg.end - position)
        progress = 1.0 if seg.duration <= 0 else min(1.0, (position - seg.start) / seg.duration)
        step_end = self.step_ends.get(seg.step, position)
        return Snapshot(
            status=self.status,
            segment=seg,
            step=seg.step,
            steps=len(self.exercise.steps),
            phase_left=phase_left,
            phase_progress=max(0.0, progress),
            step_left=max(0.0, step_end - position),
            total_left=max(0.0, self.total - position),
            played=self.played_seconds,
            slept=self.slept,
            looking=looking,
        )
