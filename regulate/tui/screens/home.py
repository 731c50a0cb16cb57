"""Home: the packs, their exercises and the homework."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from regulate import homework, phrases
from regulate.model import Pack
from regulate.tui.screens.base import (
    COMMON,
    Base,
    literal,
)


class Home(Base):
    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("escape", "app.quit_now", "Quit"),
        Binding("h", "app.history", "History"),
        *COMMON,
        Binding("t", "app.next_theme", "Colours"),
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
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.refresh_keys()
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
            plan.update(Content(f"Homework: {homework.describe(pack.homework)}. {line}".strip()))
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
