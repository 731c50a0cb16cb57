"""One play of an exercise, recorded in the history: written the moment the exercise starts
(with the before-rating) and finished on completion or stop, with the time actually played.

Shared by the app and plain mode. A history that can't be written never stops the exercise:
the problem becomes one sentence to show, and the exercise carries on.
"""

from __future__ import annotations

from typing import Literal

from regulate.history import History, HistoryError
from regulate.model import Exercise, Pack
from regulate.timeline import Timeline

CHECKPOINT_SECONDS = 15.0


class Recorder:
    def __init__(self, store: History | None, pack: Pack | None, exercise: Exercise) -> None:
        self.store = store
        self.pack = pack
        self.exercise = exercise
        self.session_id: int | None = None
        self.problem: str | None = None  # one sentence when the history couldn't be written
        self.before: int | None = None
        self.after: int | None = None
        self.outcome: Literal["completed", "stopped"] | None = None
        self._last_checkpoint = 0.0

    @property
    def pack_id(self) -> str:
        if self.pack is not None:
            return self.pack.id
        # a lone exercise file belongs to no pack: it is recorded under its file name
        return self.exercise.source.name if self.exercise.source else self.exercise.id

    @property
    def pack_name(self) -> str:
        return self.pack.name if self.pack is not None else self.pack_id

    def start(self, before: int | None, speed: float, planned_seconds: float) -> None:
        self.before = before
        if self.store is None:
            return
        try:
            self.session_id = self.store.start(
                pack_id=self.pack_id,
                pack_name=self.pack_name,
                exercise_id=self.exercise.id,
                exercise_title=self.exercise.title,
                exercise_sha256=self.exercise.sha256,
                planned_seconds=planned_seconds,
                before=before,
                preview=speed != 1.0,
                speed=speed,
            )
        except HistoryError as exc:
            self.problem = str(exc)

    def checkpoint(self, timeline: Timeline) -> None:
        """Note progress now and then, so a killed process still shows how far it got."""
        played = timeline.played_seconds
        if self.session_id is None or self.store is None:
            return
        if played - self._last_checkpoint < CHECKPOINT_SECONDS:
            return
        self._last_checkpoint = played
        try:
            self.store.checkpoint(self.session_id, played, timeline.current_step + 1)
        except HistoryError as exc:
            self.problem = str(exc)

    def finish(self, timeline: Timeline, outcome: Literal["completed", "stopped"]) -> None:
        if self.outcome is not None:
            return
        self.outcome = outcome
        if self.session_id is None or self.store is None:
            return
        try:
            self.store.finish(
                self.session_id,
                outcome=outcome,
                played_seconds=round(timeline.played_seconds, 3),
                stopped_at_step=timeline.current_step + 1 if outcome == "stopped" else None,
                steps_skipped=timeline.steps_skipped,
                holds_skipped=timeline.holds_skipped,
            )
        except HistoryError as exc:
            self.problem = str(exc)

    def rate_after(self, after: int | None, note: str | None = None) -> None:
        self.after = after
        if self.session_id is None or self.store is None:
            return
        try:
            self.store.rate_after(self.session_id, after, note)
        except HistoryError as exc:
            self.problem = str(exc)
