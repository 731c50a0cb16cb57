"""The practice core: one play of one exercise, the same for every front end.

A `Practice` owns the timeline, the record in the history and the sound. Front ends (the
full-screen app, plain mode, the benchmarks) send it commands - pause, next, look around,
skip holds, support, stop - and draw what its snapshot says; the events it returns are what
happened, for a front end that announces changes. Cues, the therapist's recordings and every
history write are decided here, once. No Textual, no printing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from regulate.audio import CuePlayer, Silent
from regulate.core.recorder import Recorder
from regulate.domain.model import (
    DEFAULT_RATING,
    DEFAULT_SUPPORT,
    Exercise,
    Pack,
    RatingScale,
    Sound,
    Support,
)
from regulate.history import Outcome, Place
from regulate.history.rows import AREA_SKIPPED
from regulate.timeline import CheckInAnswer, Event, Snapshot, Status, Timeline

Command = Literal["pause", "next", "look_around", "skip_holds", "support", "stop"]
COMMANDS: tuple[Command, ...] = ("pause", "next", "look_around", "skip_holds", "support", "stop")
_RUNNING: tuple[Status, ...] = ("running",)
_ANNOUNCED = ("start", "step", "segment", "check_in", "end")


@dataclass(frozen=True)
class Settle:
    """The exercise offered beside the support text, with the pack it is kept under."""

    pack: Pack | None
    exercise: Exercise


def settle_offer(pack: Pack | None, starter: Pack | None, current: Exercise) -> Settle | None:
    """The pack's own settle exercise, else the starter pack's (kept under the starter pack,
    so it never counts toward another pack's homework); none when it is the one just played."""
    for owner in (pack, starter):
        if owner is not None and owner.settle:
            found = owner.exercise(owner.settle)
            if found is not None:
                if found.id == current.id and owner is pack:
                    return None
                return Settle(owner, found)
    return None


def support_for(pack: Pack | None, starter: Pack | None) -> Support:
    if pack is not None:
        return pack.support_or_default
    return starter.support_or_default if starter is not None else DEFAULT_SUPPORT


def scale_for(pack: Pack | None) -> RatingScale:
    return pack.rating if pack is not None else DEFAULT_RATING


class Practice:
    def __init__(
        self,
        exercise: Exercise,
        pack: Pack | None,
        *,
        store: Place | None,
        player: CuePlayer | None = None,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
    ) -> None:
        self.exercise = exercise
        self.pack = pack
        self.speed = speed
        self.player: CuePlayer = player or Silent()
        self.timeline = Timeline(exercise, clock, speed=speed)
        self.recorder = Recorder(store, pack, exercise)
        self._voice: tuple[Sound, int] | None = None  # the recording sounding, and its step
        # a sped-up preview can't play a voice at its own pace, so it plays none (and says so)
        self.voices = speed == 1.0
        self._paused_for_support = False
        self._sound_told = self.player.notice  # the front end says the player's line before
        self._chosen: list[str] = []  # choices made before the session's row exists

    # ------------------------------------------------------------ state

    @property
    def status(self) -> Status:
        return self.timeline.status

    @property
    def over(self) -> bool:
        return self.timeline.status in ("finished", "stopped")

    @property
    def outcome(self) -> Outcome | None:
        return self.recorder.outcome

    @property
    def before(self) -> int | None:
        return self.recorder.before

    def follow(self, previous: Practice | None) -> None:
        """This session was chosen after `previous` (a settle exercise): kept linked to it."""
        if previous is not None:
            self.recorder.follows = previous.recorder

    def choose(self, choice: str) -> None:
        """Keep what the person chose (history/rows.py's CHOICES) with this session; one
        chosen before it began is kept as it begins."""
        if self.recorder.outcome is None and self.timeline.status == "ready":
            if choice not in self._chosen:
                self._chosen.append(choice)
            return
        self.recorder.choose(choice)

    def _keep_chosen(self) -> None:
        for choice in self._chosen:
            self.recorder.choose(choice)
        self._chosen = []

    def take_sound_notice(self) -> str | None:
        """The player's line when sound changed on its own mid-exercise (the device went away,
        a recording could not be read): given once, for the front end to say."""
        notice = self.player.notice
        if notice is None or notice == self._sound_told:
            return None
        self._sound_told = notice
        return notice

    def snapshot(self) -> Snapshot:
        return self.timeline.snapshot()

    def seconds_to_next_boundary(self) -> float | None:
        return self.timeline.seconds_to_next_boundary()

    # ------------------------------------------------------------ the flow

    def begin(self, before: int | None) -> list[Event]:
        """The person said start: the session is recorded and the first step begins."""
        self.player.preload(self.exercise)
        self.recorder.start(before, self.speed, self.exercise.seconds)
        events = self._apply(self.timeline.start)
        self._keep_chosen()
        return events

    def update(self) -> list[Event]:
        """Advance to the clock's now: the boundaries crossed, with their sounds played."""
        events = self._apply(self.timeline.update)
        if not self.over:
            self.recorder.checkpoint(self.timeline)
        return events

    # ------------------------------------------------------------ the person's commands

    def command(self, name: Command) -> list[Event]:
        if name == "stop":
            self.stop()
            return []
        if name == "support":
            self.open_support()
            return []
        if self.over:
            return []
        if name == "pause":
            return self._apply(self.timeline.toggle_pause)
        if name == "next":
            segment = self.timeline.current_segment()
            skipping = self.status in ("running", "paused") and segment is not None
            if skipping and segment is not None and segment.kind == "region":
                self.choose(f"{AREA_SKIPPED}{segment.region}")  # an area skipped, by its name
            if self.status == "interlude":  # ending a look-around early is a resume, as its end is
                events = self._apply(self.timeline.next)
                segment = self.timeline.current_segment()
                return [Event("resume", segment, due=self.timeline.clock()), *events]
            return self._apply(self.timeline.next)
        if name == "look_around":
            events = self._apply(self.timeline.look_around)
            if events:
                self.choose("look_around")
            return events
        return self._apply(self.timeline.skip_holds)

    def answer_check_in(self, answer: CheckInAnswer) -> list[Event]:
        if answer == "stop":
            self.stop()
            return []
        return self._apply(lambda: self.timeline.answer_check_in(answer))

    def open_support(self) -> None:
        """The support text is open: the exercise (and the voice) waits while it is read."""
        if self.timeline.status != "ready":
            self.choose("support")
        if self.timeline.status == "running":  # a look-around already waits
            self._apply(self.timeline.pause)
            self._paused_for_support = True

    def close_support(self) -> list[Event]:
        if not self._paused_for_support:
            return []
        self._paused_for_support = False
        return self._apply(self.timeline.resume)

    def stop(self) -> None:
        """Stop at once, no question asked; the session is kept as stopped."""
        if self.over:
            return
        segment = self.timeline.current_segment()
        self.timeline.stop()
        self.player.stop_all()
        self._voice = None
        # where it came: a scan area by its name (steps have no names; the row keeps the step)
        where = segment.region if segment is not None and segment.kind == "region" else None
        self.recorder.finish(self.timeline, "stopped", stopped_where=where)

    def rate_after(self, after: int | None, note: str | None = None) -> None:
        self.recorder.rate_after(after, note)

    def not_started(self, before: int | None) -> None:
        """Rated, and then not started (a low moment, and "stop here"): kept as what it was."""
        self.recorder.not_started(before, self.speed, self.exercise.seconds)
        self._keep_chosen()

    def use_player(self, player: CuePlayer) -> None:
        """Sound turned on or off mid-exercise: a step's recording starts at the step's moment."""
        self.player.stop_all()
        self._voice = None
        self.player = player
        self._sound_told = player.notice  # said by the front end as sound is turned on
        player.preload(self.exercise)
        if self.timeline.status == "running":
            self._follow_voice()

    # ------------------------------------------------------------ sound and history, once

    def _apply(self, change: Callable[[], list[Event] | None]) -> list[Event]:
        before = self.timeline.status
        events = change() or []
        for event in events:
            self._sound(event)
        after = self.timeline.status
        if after != before or events:
            self._follow_voice()
        if after == "finished" and self.recorder.outcome is None:
            self.recorder.finish(self.timeline, "completed")
        return events

    def _sound(self, event: Event) -> None:
        if event.kind in _ANNOUNCED:
            self.player.cue(event.cue, event.due)
        if event.kind in ("step", "check_in"):
            # a step's recording belongs to that step alone
            self.player.stop_recording()
            self._voice = None
        if event.audio is not None and event.segment is not None and self.voices:
            self.player.recording(event.audio)
            self._voice = (event.audio, event.segment.step)

    def _follow_voice(self) -> None:
        """The recording follows the exercise: silent while it waits (paused, support, a
        look-around, a check-in, a sleep gap), on again from the same moment when it runs."""
        if self.timeline.status != "running":
            if self._voice is not None:
                self.player.stop_recording()
                self._voice = None
            return
        segment = self.timeline.current_segment()
        if segment is None:
            return
        audio = getattr(self.exercise.steps[segment.step], "audio", None)
        if audio is None or not self.voices or self._voice == (audio, segment.step):
            return
        offset = self.timeline.position_now() - self.timeline.step_start(segment.step)
        self.player.recording(audio, offset)
        self._voice = (audio, segment.step)
