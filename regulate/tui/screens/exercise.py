"""The exercise itself, drawn from one snapshot of the practice at each frame."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Static

from regulate.core import session
from regulate.domain import phrases
from regulate.domain.durations import minutes_seconds
from regulate.domain.model import Breathe, Exercise, Scan
from regulate.i18n import N_, _
from regulate.timeline import PHASE_WORDS, Segment, Snapshot, Timeline, interlude_text
from regulate.tui import messages
from regulate.tui.screens.base import (
    COMMON,
    Base,
    button,
    literal,
)
from regulate.tui.widgets import BreathGuide, KeptVertical, Line, phase_text

LOOK_AROUND_KEYS = N_(
    "When you are ready, press Enter or n to go back to the exercise, or esc to stop."
)


class ExerciseScreen(Base[session.Ending]):
    """The exercise itself. All it shows comes from the timeline's snapshot and whether sound
    can be heard (`sound_heard`, given again with each frame: m may change it); the app
    dismisses it with how the exercise ended."""

    # below 50x16 the exercise goes on unseen: the one line says so, and which keys still act
    too_small = N_(
        "Please make the window a bit larger. The exercise goes on meanwhile: space pauses "
        "or carries on, esc stops."
    )

    BINDINGS = [
        Binding("escape", "stop", N_("Stop"), priority=True),
        # one key, named for what it does now: pause while it runs, carry on while it waits
        Binding("space", "pause", N_("Pause")),
        Binding("space", "carry_on", N_("Carry on")),
        Binding("n", "next", N_("Next")),
        # while looking around the room: n or Enter goes back to the exercise (nothing else does)
        Binding("n", "back_to_exercise", N_("Back to the exercise")),
        Binding("enter", "back_to_exercise", N_("Back to the exercise"), show=False),
        Binding("o", "look_around", N_("Look around")),
        Binding("h", "skip_holds", N_("Skip holds")),
        # the breathing guide as a round shape or a one-line bar, kept for next time
        Binding("g", "guide_bar", N_("Bar")),
        Binding("g", "guide_shape", N_("Shape")),
        # at a check-in: e skips to the end, and the arrows move between its three answers
        Binding("e", "skip_to_end", N_("To the end")),
        Binding("left", "answer(-1)", show=False),
        Binding("right", "answer(1)", show=False),
        *COMMON,
    ]

    def __init__(
        self,
        exercise: Exercise,
        timeline: Timeline,
        reduced: bool,
        shape: bool = True,
        sound_heard: bool = False,
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.timeline = timeline
        self.reduced = reduced
        self.shape = shape
        self.sound_heard = sound_heard
        self._shown: tuple[object, ...] = ()
        self._texts: dict[str, object] = {}
        self._lines: dict[str, Widget] = {}  # each changing line, looked up once
        self._keys_for: tuple[object, ...] = ()  # what the keys in sight were read for
        self.guides: list[BreathGuide] = []
        self._notice_timer: Timer | None = None
        self._pending_notice: tuple[str, float] | None = None
        self._ready = False  # composed and mounted: its lines can be found

    def _set(self, selector: str, text: str) -> None:
        """Update a line only when its words change: each update costs a layout pass."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            widget = self._line(selector)
            if isinstance(widget, Line):
                widget.set(text)  # fixed size: a repaint, no layout
            else:
                assert isinstance(widget, Static)
                widget.update(Content(text))

    @property
    def ready(self) -> bool:
        """Composed and mounted: its lines can be drawn."""
        return self._ready

    def _line(self, selector: str) -> Widget:
        widget = self._lines.get(selector)
        if widget is None:
            widget = self._lines[selector] = self.query_one(selector)
        return widget

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        # the lines above and below the guide are grouped: Textual redraws, whole, each
        # widget whose container overlaps a changed line, so a frame of the guide then
        # touches the page's three parts rather than every line in it
        with KeptVertical(classes="page exercise"):
            with KeptVertical(classes="group"):
                with Horizontal(classes="top"):
                    yield literal(self.exercise.title).add_class("title")
                    yield Line(classes="left")
                yield literal("").add_class("where")
                with VerticalScroll(classes="text-box"):
                    yield literal("").add_class("text")
                yield Line(classes="phase")
            for index, step in enumerate(self.exercise.steps):
                if isinstance(step, Breathe):
                    guide = BreathGuide(
                        self.timeline.snapshot, step, self.reduced, self.shape, id=f"guide{index}"
                    )
                    guide.display = False
                    yield guide
            with KeptVertical(classes="group"):
                yield literal("").add_class("detail")
                yield literal("").add_class("status")
                yield literal("").add_class("notice")
                with Horizontal(classes="buttons check-in"):
                    yield button(_("Keep going (n)"), "continue", "primary")
                    yield button(_("To the end (e)"), "skip_to_end")
                    yield button(_("Stop here (esc)"), "stop")
        yield from self.compose_keys()

    def show_notice(self, text: str, seconds: float) -> None:
        """A notice in a line of its own below the clock, where a toast would have covered the
        keys (at 50x16) or the step's time left; gone after `seconds`."""
        if not self._ready:
            self._pending_notice = (text, seconds)
            return
        notice = self.query_one(".notice", Static)
        notice.update(Content(text))
        notice.display = True
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(seconds, lambda: setattr(notice, "display", False))

    def on_mount(self) -> None:
        self.query_one(".check-in").display = False
        self.guides = list(self.query(BreathGuide))  # looked up once, not every frame
        self.refresh_view()
        self._ready = True
        if self._pending_notice is not None:
            self.show_notice(*self._pending_notice)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "skip_holds":
            return self.exercise.has_holds and not self.timeline.holds_skipped
        if action in ("guide_bar", "guide_shape"):  # while a breathing guide moves
            showing = any(guide.display for guide in self.guides) and not self.reduced
            return showing and (action == "guide_bar") == self.shape
        status = self.timeline.status
        if action in ("skip_to_end", "answer"):
            return status == "check_in"
        looking = status == "interlude"
        if action == "back_to_exercise":
            return looking
        if action in ("next", "look_around"):
            return not looking
        if action == "pause":  # at a check-in or looking around the clock already waits
            return status == "running"
        if action == "carry_on":
            return status == "paused"
        return True

    # keys: each posts a message to the app, which owns the practice and its side effects
    def action_pause(self) -> None:
        self.post_message(messages.Pause())

    def action_carry_on(self) -> None:
        self.post_message(messages.Pause())  # the same toggle, said for what it does now

    def action_next(self) -> None:
        self.post_message(messages.Next())

    def action_skip_holds(self) -> None:
        self.post_message(messages.SkipHolds())
        for guide in self.guides:
            guide.holds_skipped = True
        self.refresh_bindings()

    def action_guide_bar(self) -> None:
        self._guide(shape=False)

    def action_guide_shape(self) -> None:
        self._guide(shape=True)

    def _guide(self, shape: bool) -> None:
        self.shape = shape
        for guide in self.guides:
            guide.shape = shape
        self.post_message(messages.GuideChosen(shape))
        self.refresh_bindings()
        self.refresh_keys()  # a narrow window's own key lines name g's other look too

    def action_back_to_exercise(self) -> None:
        self.post_message(messages.Next())  # the look-around's end is the timeline's `next`

    def action_look_around(self) -> None:
        self.post_message(messages.LookAround())

    def action_answer(self, step: int) -> None:
        """The arrows move between the check-in's answers (round the ends)."""
        answers = list(self.query(".check-in Button").results(Button))
        focused = next((i for i, b in enumerate(answers) if b.has_focus), 0)
        answers[(focused + step) % len(answers)].focus()

    def action_skip_to_end(self) -> None:
        self.post_message(messages.AnswerCheckIn("skip_to_end"))

    def action_stop(self) -> None:
        self.post_message(messages.StopPractice())

    @on(Button.Pressed, "#continue")
    def continue_pressed(self) -> None:
        self.post_message(messages.AnswerCheckIn("continue"))

    @on(Button.Pressed, "#skip_to_end")
    def skip_to_end_pressed(self) -> None:
        self.action_skip_to_end()

    @on(Button.Pressed, "#stop")
    def stop_pressed(self) -> None:
        self.action_stop()

    def refresh_view(self, snap: Snapshot | None = None, sound_heard: bool | None = None) -> None:
        """Update the text parts when what they say changes (the guide moves on its own), from
        the frame's snapshot `snap` (or a new one) and whether sound can be heard now."""
        if snap is None:
            snap = self.timeline.snapshot()
        if sound_heard is not None:
            self.sound_heard = sound_heard
        seg = snap.segment
        status = snap.status
        key = (
            status,
            seg,
            int(snap.total_left + 0.999),
            int(snap.phase_left + 0.999),
            snap.slept,
            self.timeline.holds_skipped,
            self.sound_heard,
            self._line(".phase").size.width,  # resized: the phase line laid out anew
        )
        if key == self._shown:
            return
        if not self._shown or self._shown[0] != status:
            self.refresh_bindings()  # the footer names what the keys do in this state
        self._shown = key
        self._set(".left", _("{time} left").format(time=minutes_seconds(snap.total_left, "up")))
        keys_for = (status, self.timeline.holds_skipped)  # what decides the keys that act
        if keys_for != self._keys_for:
            self._keys_for = keys_for
            self.refresh_keys()
        # paused while breathing, the words stand in the guide's own line: at 50x16 the guide
        # leaves no room for the status line below it
        paused_breathing = (
            status == "paused" and not snap.slept and seg is not None and seg.kind in PHASE_WORDS
        )
        self._set(".status", "" if paused_breathing else _status_line(snap))
        check_in = status == "check_in"
        answers = self._line(".check-in")
        answers.display = check_in
        if check_in and not answers.has_focus_within:
            self.query_one("#continue", Button).focus()
        looking_around = snap.looking
        breathing = seg is not None and not looking_around and seg.kind in PHASE_WORDS
        for guide in self.guides:
            shown = breathing and seg is not None and guide.id == f"guide{seg.step}"
            if guide.display != shown:
                guide.display = shown
                self.refresh_bindings()  # g (the guide's look) is offered while one shows
                self.refresh_keys()
        phase = self._line(".phase")
        phase.display = breathing
        width = phase.size.width or self.size.width - 4
        if breathing and paused_breathing:
            self._set(".phase", _("Paused: space carries on, esc stops."))
        else:
            self._set(".phase", phase_text(snap, max(10, width)) if breathing else "")
        if looking_around:
            self._set(".where", _("Looking around the room"))
            self._set(".text", interlude_text())
            self._set(".detail", _(LOOK_AROUND_KEYS))
            return
        if seg is not None:
            self._show_step(snap, seg, check_in)

    def _show_step(self, snap: Snapshot, seg: Segment, check_in: bool) -> None:
        """Where the person is, what the step says, and the time left in it."""
        self._set(
            ".where", _("Step {number} of {steps}").format(number=seg.step + 1, steps=snap.steps)
        )
        step = self.exercise.steps[seg.step]
        if isinstance(step, Scan):
            self._set(".text", seg.text)
            self._set(
                ".detail",
                _("{region} - area {number} of {regions}, {time}").format(
                    region=seg.region,
                    number=seg.region_index,
                    regions=seg.regions,
                    time=minutes_seconds(snap.phase_left, "up"),
                ),
            )
        elif isinstance(step, Breathe):
            self._set(".text", step.text or "")
            self._set(".detail", "")
        elif check_in:
            self._set(".text", seg.text)
            self._set(".detail", "")
        else:
            self._set(".text", seg.text)
            left = _("{time} left in this step").format(time=minutes_seconds(snap.phase_left, "up"))
            voiced = self.timeline.speed == 1.0  # a sped-up preview plays no recording
            if getattr(step, "audio", None) is not None and voiced and not self.sound_heard:
                left += f" - {_(phrases.RECORDING_SILENT)}"
            self._set(".detail", left)


def _status_line(snap: Snapshot) -> str:
    if snap.status == "paused" and snap.slept:
        return _("Paused: the computer seemed to be asleep. Press space to carry on.")
    if snap.status == "paused":
        return _("Paused. Press space to carry on, or esc to stop.")
    if snap.status == "check_in":
        return _("The clock waits for you.")
    return ""
