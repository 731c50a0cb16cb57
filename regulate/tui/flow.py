"""The exercise as a person goes through it: from its preview to its summary as one coroutine
(a worker awaiting each screen's typed result), the practice driven from the clock frame by frame,
and the screens' messages answered. The rest of the app (settings, size, quitting) is in app.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.worker import Worker, WorkerState

from regulate import phrases
from regulate.audio import CuePlayer, Silent
from regulate.i18n import N_, _
from regulate.library import Library
from regulate.model import Exercise, Pack, Support
from regulate.tui import messages, screens

if TYPE_CHECKING:
    # the practice core and its timeline are imported when the first exercise opens (in the
    # functions that use them), so the home screen is drawn sooner
    from regulate.core.practice import Practice, Settle
    from regulate.history import History
    from regulate.timeline import Event

FLOW_FAILED = N_(
    "Something went wrong in that exercise, so it has ended here. Every rating you gave is kept."
)
FRAME_SECONDS = 1 / 11  # the guide moves 11 times a second; text updates only on change


class FlowApp(App[int]):
    """The part of the app that walks a person through an exercise."""

    # set up by RegulateApp
    library: Library
    store: History | None
    cues: CuePlayer
    clock: Callable[[], float]
    speed: float
    playing: Practice | None
    _told: set[str]  # sound notices already shown this run
    _told_playing: set[str]  # ...and shown in an exercise
    _frame_timer: Any
    _boundary_timer: Any

    @property
    def reduced_motion(self) -> bool:
        raise NotImplementedError  # the person's setting: RegulateApp

    def speak_for(self, pack: Pack | None, exercise: Exercise | None = None) -> bool:
        raise NotImplementedError  # the pack's language or the person's: RegulateApp

    def open_exercise(self, pack: Pack | None, exercise: Exercise) -> None:
        """Walk the person from the exercise's preview to its summary (a worker, so the flow
        reads as one coroutine); a new one replaces any other."""
        from regulate.core.practice import Settle

        self.run_worker(
            self._flow(Settle(pack, exercise)), group="flow", exclusive=True, exit_on_error=False
        )

    @on(messages.OpenExercise)
    def _exercise_chosen(self, message: messages.OpenExercise) -> None:
        self.open_exercise(message.pack, message.exercise)

    @on(Worker.StateChanged)
    def _flow_failed(self, event: Worker.StateChanged) -> None:
        """A fault in the flow never leaves a person stranded or sees a traceback: the
        exercise is kept as stopped, and home comes back with one plain line."""
        if event.worker.group != "flow" or event.state != WorkerState.ERROR:
            return
        if self.playing is not None and not self.playing.over:
            self.playing.stop()
            self._end_frames()
        self._go_home()
        self.notify(_(FLOW_FAILED), severity="warning", timeout=12, markup=False)

    async def _flow(self, chosen: Settle | None) -> None:
        """One exercise after another (a settle exercise chosen at the end is the next), each
        ending at home."""
        while chosen is not None:
            chosen = await self._one_exercise(chosen.pack, chosen.exercise)
            self._go_home()

    async def _one_exercise(self, pack: Pack | None, exercise: Exercise) -> Settle | None:
        """The preview, the before-rating, the exercise and what follows it. Gives the settle
        exercise the person chose at the end, if they chose one."""
        from regulate.core.practice import Practice, scale_for, settle_offer

        self.speak_for(pack, exercise)
        before = await self._before(pack, exercise)
        if before is screens.BACK:
            return None
        if phrases.is_low(before, scale_for(pack)):
            # a low moment before starting: support first, with a gentler exercise offered
            offer = settle_offer(pack, self.starter, exercise)
            shown = offer.exercise if offer is not None else None
            support = screens.SupportScreen(self._support(pack), "low_before", shown)
            choice = await self.push_screen_wait(support)
            if choice == "settle" and offer is not None:
                pack, exercise = offer.pack, offer.exercise
            elif choice != "continue":
                return None
        practice = Practice(
            exercise, pack, store=self.store, player=self.cues, clock=self.clock, speed=self.speed
        )
        stopped = await self._play(practice, before) == "stopped"
        if stopped and await self.push_screen_wait(screens.Stopped(exercise.rating)) != "rate":
            return None
        after: int | None = None
        if exercise.rating:
            rated = await self.push_screen_wait(screens.Rating(scale_for(pack), "after"))
            if rated is screens.BACK:
                return None  # the session is kept; nothing more is asked
            after = rated
            practice.rate_after(after)
        note = await self.push_screen_wait(screens.Note())
        if note:
            practice.rate_after(after, note)
        if not exercise.rating:
            return None
        return await self._summary(practice, after)

    async def _before(self, pack: Pack | None, exercise: Exercise) -> int | screens.Back | None:
        """The preview and, if the exercise asks, the before-rating; esc on the rating goes
        back to the preview, and nothing starts until the person says so."""
        from regulate.core.practice import scale_for

        while await self.push_screen_wait(screens.Preview(pack, exercise, self.speed)):
            if not exercise.rating:
                return None
            rated = await self.push_screen_wait(screens.Rating(scale_for(pack), "before"))
            if rated is not screens.BACK:
                return rated
        return screens.BACK

    async def _play(self, practice: Practice, before: int | None) -> screens.Outcome:
        """The exercise itself, until it ends or the person stops it."""
        self.playing = practice
        # a toast from the screen before would cover the exercise's keys: its words, if they
        # are about sound, move into the player's own notice line
        shown_before = self.cues.notice in self._told
        self.clear_notifications()
        player = screens.Player(practice.exercise, practice.timeline, self.reduced_motion)
        ended = self.push_screen(player, wait_for_dismiss=True)
        if self.cues.notice and (self.cues.notice not in self._told_playing):
            self._told.add(self.cues.notice)
            self._told_playing.add(self.cues.notice)  # once a run: not again at every exercise
            self.say(self.cues.notice, 4 if shown_before else 8)
        self._react(practice.begin(before))
        self._frame_timer = self.set_interval(FRAME_SECONDS, self.tick)
        return await ended

    async def _summary(self, practice: Practice, after: int | None) -> Settle | None:
        from regulate.core.practice import scale_for, settle_offer

        words = phrases.care_words(practice.before, after, scale_for(practice.pack))
        settle: Settle | None = None
        if words is not None:
            settle = settle_offer(practice.pack, self.starter, practice.exercise)
        self._react([])
        shown = settle.exercise if settle is not None else None
        support = self._support(practice.pack)
        summary = screens.Summary(practice.before, after, words, shown, support)
        choice = await self.push_screen_wait(summary)
        return settle if choice == "settle" else None

    @property
    def starter(self) -> Pack | None:
        return self.library.packs[0] if self.library.packs else None

    def _support(self, pack: Pack | None) -> Support:
        from regulate.core.practice import support_for

        return support_for(pack, self.starter)

    def tick(self) -> None:
        """One frame: advance the practice from the clock, react to boundaries, redraw."""
        practice, player = self.playing, self._player()
        if practice is None or player is None:
            return
        self._react(practice.update())
        player.refresh_view()
        if not player.reduced and practice.status == "running":
            # only the guide moves; with reduced motion or while paused nothing redraws
            for guide in player.guides:
                if guide.display:
                    guide.refresh()
        self._aim_at_boundary()

    def _player(self) -> screens.Player | None:
        """The exercise on screen, if one is; a frame timer may still fire while the app
        closes and no screen is left, so an empty stack is not an error."""
        stack = self.screen_stack
        top = stack[-1] if stack else None
        return top if isinstance(top, screens.Player) else None

    def _aim_at_boundary(self) -> None:
        """A boundary nearer than the next frame gets a timer of its own, so a cue lands on it."""
        if self.playing is None:
            return
        wait = self.playing.seconds_to_next_boundary()
        if wait is not None and wait < FRAME_SECONDS:
            if self._boundary_timer is not None:
                self._boundary_timer.stop()
            self._boundary_timer = self.set_timer(max(wait, 0.001), self.tick)

    def _react(self, events: list[Event]) -> None:
        if self.playing is not None:
            for problem in self.playing.recorder.take_problems():
                self.notify(problem, severity="warning", timeout=12, markup=False)
        if any(event.kind == "end" for event in events):
            self.call_later(self._finished)

    @on(messages.PracticeCommand)
    def _command(self, message: messages.PracticeCommand) -> None:
        if self.playing is not None and not self.playing.over:
            self._react(self.playing.command(message.command))
            self.tick()

    @on(messages.AnswerCheckIn)
    def _answer(self, message: messages.AnswerCheckIn) -> None:
        if self.playing is not None and not self.playing.over:
            self._react(self.playing.answer_check_in(message.answer))
            self.tick()

    @on(messages.StopPractice)
    def _stop_asked(self) -> None:
        self._stop_playing()

    def _end_frames(self) -> None:
        for timer in (self._frame_timer, self._boundary_timer):
            if timer is not None:
                timer.stop()
        self._frame_timer = self._boundary_timer = None

    def _stop_playing(self) -> None:
        """Stop at once, no question asked; the session is kept as stopped."""
        practice = self.playing
        if practice is None or practice.over:
            return
        practice.stop()
        self._end_frames()
        self._dismiss_player("stopped")

    def _finished(self) -> None:
        practice = self.playing
        if practice is None or practice.outcome != "completed" or self._player() is None:
            return
        self._end_frames()
        self._dismiss_player("completed")

    def _dismiss_player(self, outcome: screens.Outcome) -> None:
        """End the player screen (and anything opened over it) with how the exercise ended."""
        stack = self.screen_stack
        if not any(isinstance(screen, screens.Player) for screen in stack):
            return
        while not isinstance(self.screen, screens.Player):
            self.pop_screen()
        self.screen.dismiss(outcome)

    def action_home(self) -> None:
        """esc on a screen after the exercise: home. In the exercise itself it stops it first
        (the stopped screen follows)."""
        if self.playing is not None and not self.playing.over:
            self._stop_playing()
            return
        self.workers.cancel_group(self, "flow")
        self._go_home()

    def _go_home(self) -> None:
        finished, self.playing = self.playing, None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, screens.Home):
            self.pop_screen()
        home = self.screen
        if isinstance(home, screens.Home) and self.speak_for(home.pack):
            # an exercise in another language was open: home's words in its own again (only
            # then - drawing the pack reads the history, which stays off this thread otherwise)
            home.show_pack(home.pack)
        if finished is not None and isinstance(home, screens.Home):
            # the homework line counts the session just done, once the history has it (off
            # this thread: a busy history never holds the screen)
            def refresh() -> None:
                if finished.recorder.flush(timeout=30):
                    self.call_from_thread(home.show_pack, home.pack)

            self.run_worker(refresh, thread=True, exit_on_error=False)

    def say(self, text: str, seconds: float) -> None:
        """A passing notice: in the exercise, a line of the player's own (a toast would cover
        its keys or clock); elsewhere a toast."""
        if (player := self._player()) is not None:
            player.show_notice(text, seconds)
        else:
            self.notify(text, timeout=seconds, markup=False)

    @property
    def sound_heard(self) -> bool:
        """Whether sound can be heard now (on, and a device to play it)."""
        return not isinstance(self.cues, Silent)
