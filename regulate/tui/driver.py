"""The app's driver of the session script (core.session): each request answered with a screen
awaited in a worker (`push_screen_wait`), the practice moved from the clock frame by frame while
the exercise is on screen, and the screens' messages passed to it. The app owns one driver; the
sequence itself - what comes after what - is the core's, shared with plain mode."""

from __future__ import annotations

import asyncio
import enum
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, assert_never

from textual.app import App
from textual.worker import Worker, WorkerState

from regulate.domain.model import Exercise, Pack
from regulate.i18n import N_, _
from regulate.system import faults
from regulate.tui import screens

if TYPE_CHECKING:
    # the practice core and its timeline are imported when the first exercise opens (in the
    # functions that use them), so the home screen is drawn sooner
    from regulate.core import session
    from regulate.core.practice import Command, Practice
    from regulate.timeline import CheckInAnswer, Event, Snapshot
    from regulate.tui.seam import FrontEnd

FLOW_FAILED = N_(
    "Something went wrong in that exercise, so it has ended here. Every rating you gave is kept."
)
# A frame is drawn when something on screen changes - a cell of the guide, a count of seconds
# - and at no other time: at most 15 a second (the round guide grows by more, smaller steps;
# the one-line bar keeps to 11, BAR_SECONDS), and at least twice a second (a look at the clock
# that notices a sleep or a slow disk). A boundary gets a timer of its own, on its moment.
FRAME_SECONDS = 1 / 15
IDLE_FRAME_SECONDS = 0.5
LATE_SECONDS = 0.003  # a frame lands just after the change it is for, never just before

ChoiceT = TypeVar("ChoiceT", bound=enum.Enum)


def as_choice(kind: type[ChoiceT], answer: object, otherwise: ChoiceT) -> ChoiceT:
    """A screen's answer (the id of the button pressed) as the script's own; anything else (a
    screen left without one) is the quiet way out it always was."""
    try:
        return kind(answer)
    except ValueError:
        return otherwise


@dataclass(frozen=True)
class Alarm:
    """A frame's moment, kept by the event loop's own timer: a Textual timer would make a
    timer object, a task and a message for every frame (a fifth of a frame's work)."""

    seconds: float  # how long it was set for (tests read it)
    handle: asyncio.TimerHandle = field(repr=False)

    def stop(self) -> None:
        self.handle.cancel()


class AppDriver:
    """Walks a person through exercises on the app's screens: `front` is what it reads from
    the app and tells it (seam.py), `app` the Textual app its screens go on (the same object,
    seen as Textual's: only Textual's API is used through it)."""

    def __init__(self, front: FrontEnd, app: App[Any]) -> None:
        self.front = front
        self.app = app
        self.playing: Practice | None = None
        self.last: Practice | None = None  # the session ended last (its writes may be under way)
        # every session of this run: leaving ends each one's writer, not only the last two
        # (a settle exercise's first session kept its writer's thread until the process ended)
        self.played: list[Practice] = []
        self._frame_timer: Alarm | None = None
        self._boundary_timer: Alarm | None = None
        # leaving is asked from the event loop and, on a hang-up, from a thread of its own
        self._closing = threading.Lock()
        self.closed = False  # leaving has begun: no exercise starts from now on

    def open_exercise(self, pack: Pack | None, exercise: Exercise) -> None:
        """Walk the person from the exercise's preview to its summary (a worker, so the script
        is awaited request by request); a new one replaces any other."""
        self.app.run_worker(
            self._drive(pack, exercise), group="flow", exclusive=True, exit_on_error=False
        )

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A fault in the flow never leaves a person stranded or sees a traceback: the
        exercise is kept as stopped, and home comes back with one plain line."""
        if event.worker.group == "flow" and event.state == WorkerState.ERROR:
            if event.worker.error is not None:
                faults.record(event.worker.error, "the app's flow")
            self._end_gently()

    def _end_gently(self) -> None:
        """The exercise under way kept as stopped, home, and one plain line."""
        if self.playing is not None and not self.playing.over:
            self.playing.stop()
        self._end_frames()
        self.app.workers.cancel_group(self.app, "flow")
        self.go_home()
        self.app.notify(_(FLOW_FAILED), severity="warning", timeout=12, markup=False)

    async def _drive(self, pack: Pack | None, exercise: Exercise) -> None:
        from regulate.core import session
        from regulate.core.practice import Practice

        front = self.front

        def practice(exercise: Exercise, pack: Pack | None) -> Practice:
            made = Practice(
                exercise, pack, store=front.place_for_sessions(), player=front.cues,
                clock=front.clock, speed=front.speed,
            )  # fmt: skip
            self.played.append(made)  # a session not started is kept too
            return made

        script = session.sessions(pack, exercise, session.SessionNeeds(front.starter, practice))
        await session.drive_async(script, self._answer)

    async def _answer(self, ask: session.Ask) -> session.Answer:
        """One request of the script, answered with a screen; a request it does not know is
        an error (mypy proves there is none), never answered None without a word."""
        from regulate.core import session

        app = self.app
        match ask:
            case session.Preview(pack=pack, exercise=exercise, carried=carried):
                self.front.speak_for(pack, exercise)
                begin = await app.push_screen_wait(
                    screens.PreviewScreen(pack, exercise, self.front.speed, carried)
                )
                if begin is True:
                    return session.PreviewChoice.START
                return as_choice(session.PreviewChoice, begin, session.PreviewChoice.LEAVE)
            case session.RateCalm(scale=scale, when=when):
                return await app.push_screen_wait(screens.Rating(scale, when, self.front.clock))
            case session.OfferSupport(support=support, settle=settle, settle_first=first):
                offered = await app.push_screen_wait(
                    screens.SupportScreen(support, "low_before", settle, first)
                )
                return as_choice(session.SupportChoice, offered, session.SupportChoice.STOP)
            case session.Play(practice=practice, before=before):
                return await self._play(practice, before)
            case session.AfterStop(can_rate=can_rate, support=support, settle=settle):
                way = await app.push_screen_wait(screens.Stopped(can_rate, support, settle))
                return as_choice(session.StopChoice, way, session.StopChoice.HOME)
            case session.AskNote():
                return await app.push_screen_wait(screens.Note())
            case session.Summary():
                way_on = await self._summary(ask)
                return as_choice(session.SummaryChoice, way_on, session.SummaryChoice.HOME)
            case session.SessionOver(practice=ended):
                self.go_home(ended)
                return None
            case _:
                assert_never(ask)

    async def _play(self, practice: Practice, before: int | None) -> session.Ending:
        """The exercise itself, until it ends or the person stops it."""
        app, front = self.app, self.front
        with self._closing:
            if self.closed:
                # leaving began (a signal, from a thread of its own) as this exercise was
                # about to start: it never starts, so no session is left half-begun
                raise asyncio.CancelledError
            self.playing = practice
        # a toast from the screen before would cover the exercise's keys: its words, if they
        # are about sound, move into the player's own notice line
        notice = front.cues.notice
        shown_before = notice in front.told
        app.clear_notifications()
        player = screens.ExerciseScreen(
            practice.exercise, practice.timeline, front.reduced_motion, front.guide_shape,
            front.sound_heard,
        )  # fmt: skip
        ended = app.push_screen(player, wait_for_dismiss=True)
        if notice and notice not in front.told_playing and not shown_before:
            # once a run: not again at every exercise, nor after home or the preview said it
            front.told.add(notice)
            front.told_playing.add(notice)
            self.say(notice, 8)
        with self._closing:  # begun, or not at all once leaving has begun
            if self.closed:
                raise asyncio.CancelledError
            events = practice.begin(before)
        self.react(events)
        self._next_frame()
        return await ended

    async def _summary(self, summary: session.Summary) -> str:
        from regulate.domain import phrases

        self.react([])
        care = None
        if summary.care is not None:
            care = phrases.care_sentence(summary.care, summary.kind)
        screen = screens.SummaryScreen(
            summary.before, summary.after, care, summary.settle, summary.support,
            phrases.care_support(summary.care), summary.note_next,
        )  # fmt: skip
        return await self.app.push_screen_wait(screen)

    def tick(self) -> None:
        """One frame: advance the practice from the clock, react to boundaries, redraw."""
        practice, player = self.playing, self._exercise_screen()
        if practice is None:
            return
        snap: Snapshot | None = None
        try:
            if player is None or not player.ready:
                # another screen over the exercise (support), or the exercise's own not yet
                # built (the loop's alarm can come before its lines are mounted): nothing to
                # draw now; the next frame comes all the same
                return
            self.react(practice.update())
            snap = practice.snapshot()  # one moment for all the frame shows
            player.refresh_view(snap, self.front.sound_heard)
            if not player.reduced and practice.status == "running":
                # only the guide moves; with reduced motion or while paused nothing redraws
                for guide in player.guides:
                    if guide.display:
                        guide.advance(snap)  # redrawn only when a cell of it changes
        finally:
            # whatever happened in this frame, there is a next one; reckoned from the moment
            # this frame showed, which is a fraction of a millisecond ago: never early
            self._next_frame(snap, player)

    def _next_frame(
        self, snap: Snapshot | None = None, player: screens.ExerciseScreen | None = None
    ) -> None:
        """The next frame, at the moment something shown next changes (see FRAME_SECONDS);
        a boundary before it gets a timer of its own, so that a cue lands on it. `snap` and
        `player`: the frame's own, when a frame has just been drawn."""
        from regulate.timeline import seconds_to_next_count

        if self._frame_timer is not None:
            self._frame_timer.stop()
            self._frame_timer = None
        practice = self.playing
        if practice is None or practice.over:
            return
        if snap is None:
            snap, player = practice.snapshot(), self._exercise_screen()
        speed = practice.timeline.speed
        waits = [IDLE_FRAME_SECONDS, seconds_to_next_count(snap, speed)]
        if player is not None and not player.reduced and practice.status == "running":
            waits += [g.seconds_to_change(snap, speed) for g in player.guides if g.display]
        wait = max(FRAME_SECONDS, min(w for w in waits if w is not None) + LATE_SECONDS)
        self._frame_timer = self._alarm(wait)
        boundary = practice.seconds_to_next_boundary()
        if boundary is not None and boundary < wait:
            if self._boundary_timer is not None:
                self._boundary_timer.stop()
            self._boundary_timer = self._alarm(max(boundary, 0.001))

    def _alarm(self, seconds: float) -> Alarm:
        return Alarm(seconds, asyncio.get_running_loop().call_later(seconds, self._ring))

    def _ring(self) -> None:
        """A frame, run by the event loop: a fault in it ends the exercise as a fault in the
        flow does (kept as stopped, home, a plain line), never the app."""
        try:
            self.tick()
        except Exception as exc:  # the frame's own fault; the person is told in words
            faults.record(exc, "a frame of the exercise")
            self._end_gently()

    def _exercise_screen(self) -> screens.ExerciseScreen | None:
        """The exercise on screen, if one is; a frame timer may still fire while the app
        closes and no screen is left, so an empty stack is not an error."""
        stack = self.app.screen_stack
        top = stack[-1] if stack else None
        return top if isinstance(top, screens.ExerciseScreen) else None

    def react(self, events: list[Event]) -> None:
        if self.playing is not None:
            for problem in self.playing.recorder.take_problems():
                self.app.notify(problem, severity="warning", timeout=12, markup=False)
            notice = self.playing.take_sound_notice()
            if notice and notice not in self.front.told_playing:
                self.front.told_playing.add(notice)  # once a run
                self.say(notice, 8)  # on the exercise's own notice line: no toast over keys
        if any(event.kind == "end" for event in events):
            self.app.call_later(self._finished)

    def command(self, command: Command) -> None:
        if self.playing is not None and not self.playing.over:
            self.react(self.playing.command(command))
            self.tick()

    def answer_check_in(self, answer: CheckInAnswer) -> None:
        if self.playing is not None and not self.playing.over:
            self.react(self.playing.answer_check_in(answer))
            self.tick()

    def _end_frames(self) -> None:
        for timer in (self._frame_timer, self._boundary_timer):
            if timer is not None:
                timer.stop()
        self._frame_timer = self._boundary_timer = None

    def stop_playing(self) -> None:
        """Stop at once, no question asked; the session is kept as stopped."""
        practice = self.playing
        if practice is None or practice.over:
            return
        from regulate.core import session  # loaded with the practice, before any exercise

        practice.stop()
        self._end_frames()
        self._dismiss_exercise(session.Ending.STOPPED)

    def _finished(self) -> None:
        practice = self.playing
        if practice is None or practice.outcome != "completed" or self._exercise_screen() is None:
            return
        from regulate.core import session

        self._end_frames()
        self._dismiss_exercise(session.Ending.COMPLETED)

    def _dismiss_exercise(self, outcome: session.Ending) -> None:
        """End the player screen (and anything opened over it) with how the exercise ended."""
        stack = self.app.screen_stack
        if not any(isinstance(screen, screens.ExerciseScreen) for screen in stack):
            return
        while not isinstance(self.app.screen, screens.ExerciseScreen):
            self.app.pop_screen()
        self.app.screen.dismiss(outcome)

    def home(self) -> None:
        """esc on a screen after the exercise: home. In the exercise itself it stops it first
        (the stopped screen follows)."""
        if self.playing is not None and not self.playing.over:
            self.stop_playing()
            return
        self.app.workers.cancel_group(self.app, "flow")
        self.go_home()

    def close(self, timeout: float) -> None:
        """Leaving: the exercise under way kept as stopped, and every write of this run's
        sessions given up to `timeout` seconds to reach the history. Asked twice (a signal
        while ctrl+q leaves), the second waits for the first."""
        with self._closing:
            self.closed = True
            if self.playing is not None:
                self.playing.stop()
            deadline = time.monotonic() + timeout
            for practice in self.played:
                practice.recorder.close(timeout=max(0.0, deadline - time.monotonic()))

    def go_home(self, ended: Practice | None = None) -> None:
        finished, self.playing = (ended or self.playing), None
        if finished is not None:
            self.last = finished
        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, screens.Home):
            self.app.pop_screen()
        home = self.app.screen
        if isinstance(home, screens.Home) and self.front.speak_for(home.pack):
            # an exercise in another language was open: home's words in its own again
            home.show_pack(home.pack)
        if finished is not None and isinstance(home, screens.Home):
            # the homework line counts the session just done, once the history has it (waited
            # for off this thread: a busy history never holds the screen)
            def refresh() -> None:
                if finished.recorder.flush(timeout=30):
                    self.app.call_from_thread(self.front.sessions_changed)

            self.app.run_worker(refresh, thread=True, exit_on_error=False)

    def say(self, text: str, seconds: float) -> None:
        """A passing notice: in the exercise, a line of the player's own (a toast would cover
        its keys or clock); elsewhere a toast."""
        if (player := self._exercise_screen()) is not None:
            player.show_notice(text, seconds)
        else:
            self.app.notify(text, timeout=seconds, markup=False)
