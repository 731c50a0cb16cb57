"""`regulate play PATH --plain`: the practice core as plain lines, one per change.

Made for screen readers (each change is said once) and for scripts. Everything the full-screen
app offers is a line command here, typed while the exercise runs: pause, next, look around,
skip holds, support, stop. Questions (ratings, check-ins) are answered with a line; anything
typed before a question was asked is set aside, never taken as its answer. Input that ends (or
stops answering) before the exercise starts starts nothing: a rating given is kept as a session
not started. Once it has started, at the end of input the after-rating is skipped and check-ins
keep going: a listener may let it play with nothing more to type; paused, no one can carry it
on, so it ends there, kept as stopped. SIGTERM and SIGHUP keep the
session as stopped and leave at once; Ctrl+C stops and still offers the after-rating.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import assert_never

from regulate.audio import CuePlayer, Silent
from regulate.core import session
from regulate.core.practice import Practice, support_for
from regulate.domain import phrases
from regulate.domain.durations import minutes_seconds
from regulate.domain.model import Exercise, Pack
from regulate.history import Place
from regulate.i18n import N_, _
from regulate.plain.commands import LETTERS, WORDS, is_command, resumes, spoken_command
from regulate.plain.console import Console, Stop
from regulate.plain.lines import LOOK_AROUND_KEYS, SpokenLine, lines_for, speaking_seconds, where
from regulate.plain.prompts import ENDED_PAUSED, HELP_WORDS, LEAVE_WORDS, Prompting, ask_at, said
from regulate.plain.questions import (
    after_stop,
    ask_note,
    ask_rating,
    choose,
    commands_line,
    describe,
    low_before,
    show_support,
)
from regulate.timeline import Event

LEAVING_KEPT = N_("Leaving now. Your session is kept.")
PACED_SLACK = 0.3  # a breath word heard this late is still heard with its phase
FRAME_SECONDS = 0.5  # at most this long between looks at the clock (well under the sleep gap)


class Plain:
    """Drives the session script (core.session) with lines: each request answered by what
    is printed and typed."""

    def __init__(
        self,
        console: Console,
        store: Place | None,
        *,
        starter: Pack | None = None,
        player: CuePlayer | None = None,
        clock: Callable[[], float] = time.monotonic,
        speed: float = 1.0,
        sound: Callable[[bool], CuePlayer] | None = None,
    ) -> None:
        self.console = console if isinstance(console, Prompting) else Prompting(console)
        self.console.support = self.say_support
        self.console.sound = self.toggle_sound
        self.pack_here: Pack | None = None  # whose support text s says at a question
        self.store = store
        self.starter = starter
        self.player = player or Silent()
        self.sound = sound  # makes a player when m turns sound on or off
        self.clock = clock
        self.speed = speed
        self.practice: Practice | None = None
        self.played: list[Practice] = []
        self.code = 0  # the exit code: 130 after Ctrl+C
        self._speaking_until = 0.0  # when a listener will have heard what was said so far
        self._backed = False  # q at the before-rating: back to the list, nothing kept
        self.told: set[str] = set()  # sound notices said this run
        self._unresumed = False  # paused when the input ended: stopped, no one to carry on

    def close(self, timeout: float = 5.0) -> bool:
        """Write what the history still owes (waiting at most `timeout`); True if all was."""
        deadline = time.monotonic() + timeout
        return all(p.recorder.close(max(0.0, deadline - time.monotonic())) for p in self.played)

    @property
    def kept_aside(self) -> bool:
        """Whether a session was kept aside because the history was still busy at the end."""
        return any(p.recorder.kept_aside for p in self.played)

    def _practice(self, exercise: Exercise, pack: Pack | None) -> Practice:
        practice = Practice(
            exercise, pack, store=self.store, player=self.player, clock=self.clock,
            speed=self.speed,
        )  # fmt: skip
        self.played.append(practice)
        return practice

    def play(self, exercise: Exercise, pack: Pack | None) -> int:
        """Play one exercise (and any settle exercise chosen at its end); the exit code (0;
        130 after Ctrl+C; 143/129 after a signal)."""
        script = session.sessions(
            pack, exercise, session.SessionNeeds(self.starter, self._practice)
        )
        self.pack_here, self.practice, self._backed = pack, None, False
        try:
            session.drive(script, self._answer)
        except Stop as signal_stop:
            return signal_stop.code
        except (KeyboardInterrupt, EOFError):
            if self.practice is not None:  # begun: say, in the one line there is, it is kept
                self.console.write(_(LEAVING_KEPT))
            return 130
        finally:
            script.close()
        return self.code

    def _answer(self, ask: session.Ask) -> session.Answer:
        """One request of the script, answered with lines; a request it does not know is an
        error (mypy proves there is none), never answered None without a word."""
        console = self.console
        match ask:
            case session.Preview(exercise=exercise, carried=carried):
                if self._backed:  # q at the rating: back to the list, not round again
                    console.write(_("Nothing was started."))
                    return session.PreviewChoice.LEAVE
                return self._preview(exercise, carried)
            case session.RateCalm(scale=scale, when=when):
                rated = ask_rating(console, scale, when)
                if when == "before" and rated is None and console.ended:
                    rated = session.BACK  # no one there to start it for: nothing starts
                self._backed = rated is session.BACK and when == "before"
                if rated is session.BACK and when == "after":
                    console.write(_("Your session is kept."))
                return rated
            case session.OfferSupport(support=support, settle=settle, settle_first=first):
                choice = low_before(console, support, settle, first)
                # the input ended at a low moment: nothing is started for no one, and the
                # rating is kept as a session that never started
                return session.SupportChoice.STOP if console.ended else choice
            case session.Play(practice=practice, before=before):
                return self._play(practice, before)
            case session.AfterStop(can_rate=can_rate, support=support, settle=settle):
                return after_stop(console, can_rate, support, settle)
            case session.AskNote():
                return ask_note(console)
            case session.Summary():
                return self._summary(ask)
            case session.SessionOver(practice=practice):
                if practice is not None and practice.outcome == "not_started":
                    console.write(_("Nothing was started. Your rating is kept."))
                return None
            case _:
                assert_never(ask)

    def _preview(self, exercise: Exercise, carried: int | None = None) -> session.PreviewChoice:
        console = self.console
        for line in describe(exercise, self.speed):
            console.write(line)
        if self.player.notice and self.player.notice not in self.told:
            self.told.add(self.player.notice)  # once a run, not at every preview
            console.write(self.player.notice)
        # the keys are said here, before the first question, never between the answer and
        # the first step: the exercise's clock runs from the answer
        console.write(commands_line(exercise))
        if carried is not None:
            console.write(_(phrases.CARRIED).format(rating=carried))
            asked = _("Press Enter to start, or type r and press Enter to rate again.")
            console.write(asked)
            typed = ask_at(console, asked)
            if (typed is None and console.ended) or said(typed or "", LEAVE_WORDS):
                console.write(_("Nothing was started."))
                return session.PreviewChoice.LEAVE
            rate_again = (typed or "").strip().lower() == "r"
            return session.PreviewChoice.RATE if rate_again else session.PreviewChoice.START
        if exercise.rating:
            return session.PreviewChoice.START  # the before-rating is the way in
        asked = _("Press Enter to start, or type q and press Enter to leave.")
        console.write(asked)
        typed = ask_at(console, asked)
        if (typed is None and console.ended) or said(typed or "", LEAVE_WORDS):
            console.write(_("Nothing was started."))
            return session.PreviewChoice.LEAVE
        return session.PreviewChoice.START

    def _play(self, practice: Practice, before: int | None) -> session.Ending:
        self.practice, self._unresumed = practice, False
        try:
            self._say_all(practice.begin(before))
            self._run(practice)
        except KeyboardInterrupt:
            self.code = 130
            self._stopped(practice)
            return session.Ending.STOPPED
        except Stop:
            self._stopped(practice)
            raise
        finally:
            self._problems(practice)
        if practice.outcome == "stopped":  # "You stopped here" is not said to no one
            ended = f"{_(ENDED_PAUSED)} ({where(practice)})" if self._unresumed else None
            self._say(ended) if ended else self.console.write(_(phrases.STOPPED))
            return session.Ending.STOPPED
        return session.Ending.COMPLETED

    def _summary(self, summary: session.Summary) -> session.SummaryChoice:
        console = self.console
        console.write(phrases.before_after(summary.before, summary.after))
        if summary.care is not None:
            console.write(phrases.care_sentence(summary.care, summary.kind))
        if (moment := phrases.care_support(summary.care)) is not None:
            show_support(console, summary.support, moment)
        if self.practice is not None:
            self._problems(self.practice)
        if summary.settle is not None:
            way_on = _("Go on") if summary.note_next else _("Finish here")
            options = [way_on, _("Try '{title}' now").format(title=summary.settle.title)]
            if choose(console, options, leave=0) == 1:
                return session.SummaryChoice.SETTLE
        if summary.care is None:  # with care, its own words thank them for checking in
            console.write(_("Thank you for taking this time."))
        return session.SummaryChoice.HOME

    def _stopped(self, practice: Practice) -> None:
        practice.stop()
        self._say(f"{_(phrases.STOPPED)} ({where(practice)})")

    def _problems(self, practice: Practice) -> None:
        for problem in practice.recorder.take_problems():
            self.console.write(problem)
        notice = practice.take_sound_notice()
        if notice:
            self.console.write(notice)

    # ------------------------------------------------------------ while it runs

    def _run(self, practice: Practice) -> None:
        told_gap = False
        while not practice.over:
            self._problems(practice)
            if practice.status == "check_in":
                # the question and its answers in one line: heard as one, before the answer
                segment = practice.timeline.current_segment()
                answer = choose(
                    self.console,
                    [_("Keep going"), _("Skip to the end"), _("Stop here")],
                    question=segment.text if segment is not None else None,
                    leave=2,
                )
                which = ("continue", "skip_to_end", "stop")[answer]
                self._say_all(practice.answer_check_in(which))  # type: ignore[arg-type]
                continue
            if practice.status == "interlude":
                self._looking(practice)
                continue
            snap = practice.snapshot()
            if snap.slept and not told_gap:
                told_gap = True
                self._gap(practice)
                continue
            told_gap = told_gap and snap.slept
            wait = practice.seconds_to_next_boundary()
            timeout = FRAME_SECONDS if wait is None else min(FRAME_SECONDS, wait)
            paused = practice.status == "paused"
            takes = resumes if paused else is_command  # Enter carries on from a pause
            line = self.console.wait(timeout, takes)
            if line is not None:
                self._command(practice, line)
            elif paused and self.console.held(takes):  # no one left to carry it on
                practice.stop()  # kept as stopped, with its ratings: never paused for ever
                self._unresumed = True
            self._say_all(practice.update())

    def _looking(self, practice: Practice) -> None:
        """The look around the room waits for the person, as long as they like: Enter (or n)
        goes back to the exercise, q stops, other commands act as ever. At the end of input
        (a script) there is no one to wait for: it goes back."""
        line = self.console.wait(FRAME_SECONDS)
        if line is None:
            if getattr(self.console, "ended", False):
                self._say_all(practice.command("next"))
            return
        text = line.strip().lower()
        name = LETTERS.get(text) or WORDS.get(text) or spoken_command(text)
        # from a pipe, lines that do nothing here (`yes`) end the input after a few, as at
        # a question: the look-around then goes back, never waits on them for ever
        if self.console.missed(bool(text) and not is_command(line)):
            return
        if not text or name == "next":
            self._say_all(practice.command("next"))
        elif name in ("pause", "look_around"):  # it already waits, and is already on
            self.console.write(_(LOOK_AROUND_KEYS))
        else:
            self._command(practice, line)

    def _gap(self, practice: Practice) -> None:
        self._say(
            _("Paused: there was a long gap (the computer may have been asleep).")
            + f" ({where(practice)})"
        )
        if not self.console.interactive:
            self._say_all(practice.command("pause"))  # a script has no one to wait for
            self._say(_("Carrying on."))
            return
        self.console.write(_("Press Enter to carry on, or type q and press Enter to stop."))

    def _command(self, practice: Practice, line: str) -> None:
        text = line.strip().lower()
        status = practice.status
        if not text:
            if status == "paused":
                self._command(practice, "p")
            return
        if text in ("m", "sound", _("sound")) and self.sound is not None:
            self.toggle_sound()
            return
        if said(text, HELP_WORDS):
            self.console.write(commands_line(practice.exercise))
            return
        name = LETTERS.get(text) or WORDS.get(text) or spoken_command(text)
        if name is None:
            self.console.write(
                _(
                    "{typed} is not a command here. p pause, n next, o look around, "
                    "h skip holds, s support, m sound, q stop."
                ).format(typed=phrases.quoted(line.strip(), 40))
            )
            return
        if name == "support":
            self._support(practice)
            return
        holds_left = practice.exercise.has_holds and not practice.timeline.holds_skipped
        if name == "skip_holds" and not holds_left:
            self.console.write(_("There are no breath holds left to skip."))
            return
        events = practice.command(name)
        if name == "pause":
            if practice.status == "paused":
                self._say(
                    _("Paused. Type p (or press Enter) to carry on, or q to stop.")
                    + f" ({where(practice)})"
                )
            else:
                self._say(_("Carrying on."))
        elif name == "skip_holds":
            total = minutes_seconds(practice.timeline.total, "up")
            self._say(_("Breath holds skipped. The exercise now takes {time}.").format(time=total))
        self._say_all(events)

    def toggle_sound(self) -> None:
        """m, at any question or while an exercise runs: sound on or off, said."""
        if self.sound is None:
            return
        on = isinstance(self.player, Silent)
        self.player.stop_all()
        self.player = self.sound(on)
        if self.practice is not None and not self.practice.over:
            self.practice.use_player(self.player)  # a step's recording starts at its moment
        if on and self.player.notice:
            self.told.add(self.player.notice)
            self.console.write(self.player.notice)
        else:
            self.console.write(_("Sound on.") if on else _("Sound off."))

    def say_support(self) -> None:
        """s, at any question: the support text and contact of the pack in use."""
        show_support(self.console, support_for(self.pack_here, self.starter), "asked")

    def _support(self, practice: Practice) -> None:
        practice.open_support()
        self.say_support()
        asked = _("The exercise waits. Press Enter to carry on, or type q to stop.")
        self.console.write(asked)
        # m, s or ? here are acted on and it waits again: never taken as "carry on"
        answer = ask_at(self.console, asked) if self.console.interactive else None
        if said(answer or "", LEAVE_WORDS):
            practice.stop()
            self.console.write(_(phrases.STOPPED))
            return
        self._say_all(practice.close_support())
        self._say(_("Carrying on."))

    def _say_all(self, events: list[Event]) -> None:
        if self.practice is not None:
            for event in events:
                for line in lines_for(self.practice, event):
                    self._tell(line)

    def _tell(self, line: SpokenLine) -> None:
        """Say a line, unless it is a breath word that a listener would hear late (the words
        before it still being spoken). Only at real speed: a preview is read, not heard."""
        now = self.clock()
        if line.paced and self.speed == 1.0 and self._speaking_until > now + PACED_SLACK:
            return
        self._speaking_until = max(now, self._speaking_until) + speaking_seconds(line.text)
        self.console.write(line.text)

    def _say(self, text: str) -> None:
        self._tell(SpokenLine(text))
