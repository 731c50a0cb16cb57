"""The screens. Thin: they show what the domain says and pass keys on to the app's flow.
Every text from a pack is shown with markup off, exactly as written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from regulate import homework, phrases
from regulate.model import Breathe, Exercise, Pack, RatingScale, Scan, Support
from regulate.timeline import INTERLUDE_TEXT, PHASE_WORDS, Snapshot, Timeline
from regulate.tui.widgets import BreathGuide, Line, RatingRow, chart_lines, phase_text

if TYPE_CHECKING:
    from regulate.tui.app import RegulateApp

TOO_SMALL = "Please make the window a bit larger."
BACK = "back"  # what a screen left with esc gives: never a choice to go on


def literal(text: str) -> Static:
    return Static(text, markup=False)


def button(label: str, ident: str, variant: str = "default") -> Button:
    # compact: one line each, so three fit side by side at 50 columns
    return Button(Content(label), id=ident, variant=variant, compact=True)  # type: ignore[arg-type]


def footer() -> Footer:
    return Footer(compact=True, show_command_palette=False)


# Support and sound on every screen, listed last: the footer shows a screen's own keys first
# (stop above all), and a narrow footer cuts from the end.
COMMON = [
    Binding("s", "app.support", "Support"),
    Binding("m", "app.toggle_sound", "Sound"),
]


class Base(Screen[object]):
    """What every screen shares: the too-small line, support, sound, and quitting at once."""

    @property
    def rapp(self) -> RegulateApp:
        return self.app  # type: ignore[return-value]

    def compose_too_small(self) -> ComposeResult:
        yield Static(TOO_SMALL, classes="too-small", markup=False)


class Choices(Base):
    """A screen that ends with a choice among buttons: the first is focused, and a pressed
    button dismisses the screen with its id."""

    def on_mount(self) -> None:
        # without scrolling to it: on a small window the words above the buttons (the title,
        # before -> after) come first, and each button's label names its key
        self.query(Button).first().focus(scroll_visible=False)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class SoundQuestion(Base):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, sounds"),
        Binding("n", "answer(False)", "No sound"),
        *COMMON,
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield Static("Welcome to regulate", classes="title")
            yield literal(
                "Would you like gentle sound cues? They mark the start of each step and each "
                "breath, so you can follow with your eyes closed or resting on one spot.\n\n"
                "You can change this at any time with the m key."
            )
            with Horizontal(classes="buttons"):
                yield button("Yes, gentle sounds (y)", "yes", "primary")
                yield button("No sound (n)", "no")
        yield footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class Home(Base):
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("escape", "app.quit_now", "Quit"),
        Binding("h", "app.history", "History"),
        *COMMON,
        Binding("t", "app.next_theme", "Theme"),
        Binding("r", "app.toggle_reduced_motion", "Reduced motion"),
    ]

    def __init__(self, packs: tuple[Pack, ...], selected: str | None = None) -> None:
        super().__init__()
        self.packs = packs
        self.pack = next((p for p in packs if p.id == selected), packs[0] if packs else None)

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page"):
            yield Static("regulate", classes="title decor")
            if len(self.packs) > 1:
                yield OptionList(
                    *[Option(Content(p.name), id=p.id) for p in self.packs],
                    id="packs",
                    markup=False,
                )
            yield literal("").add_class("pack-name")
            yield literal("").add_class("message")
            yield literal("").add_class("plan")
            yield OptionList(id="exercises", markup=False)
            yield literal(phrases.STOPPING_IS_FINE).add_class("hint", "decor")
        yield footer()

    def on_mount(self) -> None:
        self.show_pack(self.pack)
        self.query_one("#exercises", OptionList).focus()

    def show_pack(self, pack: Pack | None) -> None:
        self.pack = pack
        exercises = self.query_one("#exercises", OptionList)
        exercises.clear_options()
        if pack is None:
            return
        by = f" - from {pack.author}" if pack.author else ""
        self.query_one(".pack-name", Static).update(Content(pack.name + by))
        self.query_one(".message", Static).update(Content(pack.message or ""))
        self.query_one(".message", Static).display = bool(pack.message)
        plan = self.query_one(".plan", Static)
        if pack.homework is not None:
            days = self.rapp.practice_days(pack.id)
            line = homework.this_week(pack.homework, days, self.rapp.today())
            plan.update(Content(f"Homework: {homework.describe(pack.homework)}. {line}"))
            plan.display = True
        else:
            plan.display = False
        for exercise in pack.exercises:
            kind = exercise.kind.replace("_", " ")
            label = f"{exercise.title}  ({kind}, {phrases.clock_time(exercise.seconds)})"
            exercises.add_option(Option(Content(label), id=exercise.id))
        if pack.exercises:
            exercises.highlighted = 0

    @on(OptionList.OptionHighlighted, "#packs")
    def pack_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next((p for p in self.packs if p.id == event.option.id), None)
        if chosen is not None and chosen is not self.pack:
            self.show_pack(chosen)

    @on(OptionList.OptionSelected, "#exercises")
    def exercise_selected(self, event: OptionList.OptionSelected) -> None:
        if self.pack is not None and event.option.id:
            exercise = self.pack.exercise(event.option.id)
            if exercise is not None:
                self.rapp.open_exercise(self.pack, exercise)

    @on(OptionList.OptionSelected, "#packs")
    def pack_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#exercises", OptionList).focus()

    def action_open(self) -> None:
        options = self.query_one("#exercises", OptionList)
        if options.highlighted is not None and self.pack is not None:
            option = options.get_option_at_index(options.highlighted)
            exercise = self.pack.exercise(option.id or "")
            if exercise is not None:
                self.rapp.open_exercise(self.pack, exercise)


class Preview(Base):
    BINDINGS = [
        Binding("escape", "app.home", "Back"),
        Binding("enter", "start", "Start", priority=True),
        *COMMON,
    ]

    def __init__(self, pack: Pack | None, exercise: Exercise, speed: float) -> None:
        super().__init__()
        self.pack = pack
        self.exercise = exercise
        self.speed = speed

    def compose(self) -> ComposeResult:
        e = self.exercise
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(e.title).add_class("title")
            if e.about:
                yield literal(e.about)
            yield literal(phrases.asks_sentence(e))
            total = (
                f"Total time: {phrases.clock_time(e.seconds)}, "
                f"in {phrases.steps_count(len(e.steps))}."
            )
            if self.speed != 1.0:
                total += (
                    f" As a preview at {self.speed:g}x speed it takes "
                    f"{phrases.clock_time(e.seconds / self.speed)}."
                )
            yield literal(total).add_class("total")
            if e.has_holds:
                yield literal("It has breath holds. Press h at any time to skip them.")
            yield literal(phrases.STOPPING_IS_FINE).add_class("hint")
            with Horizontal(classes="buttons"):
                yield button("Start (enter)", "start", "primary")
                yield button("Back (esc)", "back")
        yield footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus(scroll_visible=False)  # the title stays in view

    def action_start(self) -> None:
        self.rapp.begin(self.pack, self.exercise)

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.rapp.action_home()


class Rating(Base):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("n", "skip", "Skip"),
        *COMMON,
    ]

    def __init__(self, scale: RatingScale, when: Literal["before", "after"]) -> None:
        super().__init__()
        self.scale = scale
        self.when = when

    def compose(self) -> ComposeResult:
        s = self.scale
        yield from self.compose_too_small()
        with Vertical(classes="page"):
            yield literal(s.question).add_class("title")
            yield literal(
                "Before the exercise." if self.when == "before" else "After the exercise."
            ).add_class("hint")
            yield RatingRow(id="row")
            yield literal(f"0  {s.low}")
            if s.mid:
                yield literal(f"5  {s.mid}")
            yield literal(f"10  {s.high}")
            yield literal(
                "Choose with the numbers or the arrows, then press Enter. Skipping is fine."
            ).add_class("hint")
            with Horizontal(classes="buttons"):
                yield button("Skip (n)", "skip")
        yield footer()

    def on_mount(self) -> None:
        self.query_one(RatingRow).focus()

    @on(RatingRow.Chosen)
    def chosen(self, event: RatingRow.Chosen) -> None:
        self.dismiss(event.value)

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_back(self) -> None:
        """esc: before an exercise, back to its preview; after one, home. Never on."""
        self.dismiss(BACK)

    @on(Button.Pressed, "#skip")
    def skip_pressed(self) -> None:
        self.dismiss(None)


SupportReason = Literal["low_before", "worse_after", "asked", "stopped"]


class SupportScreen(Choices):
    BINDINGS = [Binding("escape", "close", "Close"), *COMMON]

    def __init__(
        self, support: Support, reason: SupportReason, settle: Exercise | None = None
    ) -> None:
        super().__init__()
        self.support = support
        self.reason = reason
        self.settle = settle

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            if self.reason == "worse_after":
                yield literal(phrases.WORSE)
            yield literal(self.support.text).add_class("support")
            if self.support.contact:
                yield literal(f"Contact: {self.support.contact}")
            if self.support.emergency:
                yield literal(f"In an emergency: {self.support.emergency}")
            said = f"{self.support.text} {self.support.emergency or ''}".lower()
            if self.reason != "asked" and "emergency" not in said:
                yield literal(
                    "regulate is not an emergency service. If you are in danger, contact your "
                    "local emergency number."
                ).add_class("hint")
            with Horizontal(classes="buttons"):
                if self.reason == "low_before":
                    yield button("Continue", "continue", "primary")
                if self.settle is not None and self.reason != "asked":
                    yield button(self.settle.title, "settle")
                if self.reason == "low_before":
                    yield button("Stop here", "stop")
                else:
                    yield button("Close (esc)", "close")
        yield footer()

    def action_close(self) -> None:
        self.dismiss("stop" if self.reason == "low_before" else "close")

    def action_app_support(self) -> None:  # already here
        pass


class Player(Base):
    """The exercise itself. All it shows comes from the timeline's snapshot."""

    BINDINGS = [
        Binding("escape", "stop", "Stop", priority=True),
        Binding("space", "pause", "Pause"),
        Binding("n", "next", "Next"),
        Binding("o", "look_around", "Look around"),
        Binding("h", "skip_holds", "Skip holds"),
        *COMMON,
    ]

    def __init__(self, exercise: Exercise, timeline: Timeline, reduced: bool) -> None:
        super().__init__()
        self.exercise = exercise
        self.timeline = timeline
        self.reduced = reduced
        self._shown: tuple[object, ...] = ()
        self._texts: dict[str, object] = {}
        self.guides: list[BreathGuide] = []

    def _set(self, selector: str, text: str) -> None:
        """Update a line only when its words change: each update costs a layout pass."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            widget = self.query_one(selector)
            if isinstance(widget, Line):
                widget.set(text)  # fixed size: a repaint, no layout
            else:
                assert isinstance(widget, Static)
                widget.update(Content(text))

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        # the lines above and below the guide are grouped: Textual redraws each widget whose
        # container overlaps a changed line, so a frame of the guide then touches two groups
        # rather than every line in them
        with Vertical(classes="page player"):
            with Vertical(classes="group"):
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
                        self.timeline.snapshot, step, self.reduced, id=f"guide{index}"
                    )
                    guide.display = False
                    yield guide
            with Vertical(classes="group"):
                yield literal("").add_class("detail")
                yield literal("").add_class("status")
                with Horizontal(classes="buttons check-in"):
                    yield button("Keep going", "continue", "primary")
                    yield button("Skip to the end", "skip_to_end")
                    yield button("Stop here", "stop")
        yield footer()

    def on_mount(self) -> None:
        self.query_one(".check-in").display = False
        self.guides = list(self.query(BreathGuide))  # looked up once, not every frame
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip_holds":
            return self.exercise.has_holds and not self.timeline.holds_skipped
        return True

    # keys: each asks the app, which owns the timeline's side effects (sound, history)
    def action_pause(self) -> None:
        self.rapp.player_key("pause")

    def action_next(self) -> None:
        self.rapp.player_key("next")

    def action_skip_holds(self) -> None:
        self.rapp.player_key("skip_holds")
        for guide in self.guides:
            guide.holds_skipped = True
        self.refresh_bindings()

    def action_look_around(self) -> None:
        self.rapp.player_key("look_around")

    def action_stop(self) -> None:
        self.rapp.player_key("stop")

    @on(Button.Pressed, ".check-in Button")
    def check_in_answer(self, event: Button.Pressed) -> None:
        self.rapp.player_key(event.button.id or "continue")

    def refresh_view(self) -> None:
        """Update the text parts when what they say changes (the guide moves on its own)."""
        snap = self.timeline.snapshot()
        seg = snap.segment
        status = snap.status
        key = (
            status,
            seg,
            int(snap.total_left + 0.999),
            int(snap.phase_left + 0.999),
            snap.slept,
            self.timeline.holds_skipped,
        )
        if key == self._shown:
            return
        self._shown = key
        self._set(".left", f"{phrases.clock_time(snap.total_left)} left")
        self._set(".status", _status_line(snap))
        check_in = status == "check_in"
        self.query_one(".check-in").display = check_in
        if check_in and not self.query_one(".check-in").has_focus_within:
            self.query_one("#continue", Button).focus()
        looking_around = snap.interlude_left > 0  # also while a look-around is paused
        breathing = seg is not None and not looking_around and seg.kind in PHASE_WORDS
        for guide in self.guides:
            guide.display = breathing and seg is not None and guide.id == f"guide{seg.step}"
        self.query_one(".phase").display = breathing
        width = self.query_one(".phase").size.width or self.size.width - 4
        self._set(".phase", phase_text(snap, max(10, width)) if breathing else "")
        if looking_around:
            self._set(".where", "Looking around the room")
            self._set(".text", INTERLUDE_TEXT)
            left = phrases.clock_time(snap.interlude_left)
            self._set(".detail", f"{left} - then the exercise carries on")
            return
        if seg is None:
            return
        self._set(".where", f"Step {seg.step + 1} of {snap.steps}")
        step = self.exercise.steps[seg.step]
        if isinstance(step, Scan):
            self._set(".text", seg.text)
            self._set(
                ".detail",
                f"{seg.region} - area {seg.region_index} of {seg.regions}, "
                f"{phrases.clock_time(snap.phase_left)}",
            )
        elif isinstance(step, Breathe):
            self._set(".text", step.text or "")
            self._set(".detail", "")
        elif check_in:
            self._set(".text", seg.text)
            self._set(".detail", "")
        else:
            self._set(".text", seg.text)
            self._set(".detail", f"{phrases.clock_time(snap.phase_left)} left in this step")


def _status_line(snap: Snapshot) -> str:
    if snap.status == "paused" and snap.slept:
        return "Paused: the computer seemed to be asleep. Press space to carry on."
    if snap.status == "paused":
        return "Paused. Press space to carry on, or esc to stop."
    if snap.status == "check_in":
        return "The clock waits for you."
    return ""


class Stopped(Choices):
    BINDINGS = [
        Binding("escape", "app.home", "Home"),
        Binding("enter", "rate", "Rate how you feel"),
        *COMMON,
    ]

    def __init__(self, can_rate: bool) -> None:
        super().__init__()
        self.can_rate = can_rate

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield literal(phrases.STOPPED).add_class("title")
            if self.can_rate:
                yield literal("If you like, you can say how calm you feel now.")
            with Horizontal(classes="buttons"):
                if self.can_rate:
                    yield button("Rate how I feel (enter)", "rate", "primary")
                yield button("Home (esc)", "home")
        yield footer()

    def action_rate(self) -> None:
        if self.can_rate:
            self.dismiss("rate")


class Note(Base):
    BINDINGS = [Binding("escape", "skip", "Skip the note"), *COMMON]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield literal("A short note for yourself, if you like.").add_class("title")
            yield literal("It stays on this computer. Press Enter when done, or esc to skip.")
            note = Input(placeholder="(optional)", max_length=1000, id="note")
            note.cursor_blink = False  # nothing blinks
            yield note
        yield footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_skip(self) -> None:
        self.dismiss(None)


class Summary(Choices):
    BINDINGS = [Binding("escape", "app.home", "Home"), *COMMON]

    def __init__(
        self,
        before: int | None,
        after: int | None,
        worse: bool,
        settle: Exercise | None,
        support: Support,
    ) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self.worse = worse
        self.settle = settle
        self.support = support

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(phrases.before_after(self.before, self.after)).add_class("title")
            if self.worse:
                yield literal(phrases.WORSE)
                yield literal(self.support.text).add_class("support")
                if self.support.contact:
                    yield literal(f"Contact: {self.support.contact}")
                if self.support.emergency:
                    yield literal(f"In an emergency: {self.support.emergency}")
            else:
                yield literal("Thank you for taking this time.")
            with Horizontal(classes="buttons"):
                # each label names the key that does it: enter the focused first button
                if self.worse and self.settle is not None:
                    yield button(f"{self.settle.title} (enter)", "settle", "primary")
                    yield button("Home (esc)", "home")
                else:
                    yield button("Home (enter)", "home")
        yield footer()


class HistoryScreen(Base):
    BINDINGS = [
        Binding("escape", "app.home", "Back"),
        Binding("h", "app.home", "Back", show=False),
        *COMMON,
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page"):
            yield Static("Your sessions", classes="title")
            yield literal("").add_class("chart")
            yield literal("o before   * after   (most recent on the right)").add_class("hint")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield footer()

    def on_mount(self) -> None:
        sessions = self.rapp.recent_sessions()
        table = self.query_one(DataTable)
        table.add_columns("date", "exercise", "before -> after", "min", "how it ended")
        for s in sessions:
            before = "-" if s.before_rating is None else str(s.before_rating)
            after = "-" if s.after_rating is None else str(s.after_rating)
            table.add_row(
                s.started_local.strftime("%d %b %H:%M"),
                Text(s.exercise_title),  # a Rich Text cell is shown literally
                f"{before} -> {after}",
                f"{s.played_seconds / 60:.1f}",
                {"stopped": "stopped early"}.get(s.outcome, s.outcome),
            )
        chart = self.query_one(".chart", Static)
        if sessions:
            width = max(20, self.size.width - 4)
            chart.update(Content("\n".join(chart_lines(sessions, width))))
        else:
            chart.update("No sessions yet. They will show here after your first exercise.")
        table.focus()
