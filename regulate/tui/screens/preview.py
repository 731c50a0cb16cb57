"""An exercise before it starts: what it asks of you and how long it takes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button

from regulate.domain import phrases
from regulate.domain.model import Exercise, Pack
from regulate.i18n import N_, _
from regulate.tui.screens.base import (
    COMMON,
    Base,
    button,
    literal,
)


class PreviewScreen(Base[bool | str]):
    """Gives True when the person starts, False when they go back, and "rate" when they
    would rather give a new rating than the one carried from the session before."""

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("enter", "start", N_("Start"), priority=True),
        Binding("r", "rate", N_("Rate again")),
        *COMMON,
    ]

    def __init__(
        self, pack: Pack | None, exercise: Exercise, speed: float, carried: int | None = None
    ) -> None:
        super().__init__()
        self.pack = pack
        self.exercise = exercise
        self.speed = speed
        self.carried = carried

    def compose(self) -> ComposeResult:
        e = self.exercise
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(e.title).add_class("title")
            if e.about:
                yield literal(e.about)
            yield literal(phrases.asks_sentence(e))
            if areas := phrases.areas_sentence(e):
                yield literal(areas)
            yield literal(phrases.total_sentence(e, self.speed)).add_class("total")
            if recordings := phrases.recordings_sentence(e, self.speed):
                yield literal(recordings)
            if e.has_holds:
                yield literal(_("It has breath holds. Press h at any time to skip them."))
            yield literal(_(phrases.STOPPING_IS_FINE)).add_class("hint")
            if self.carried is not None:
                yield literal(_(phrases.CARRIED).format(rating=self.carried))
            with Horizontal(classes="buttons"):
                yield button(_("Start (enter)"), "start", "primary")
                if self.carried is not None:
                    yield button(_("Rate again (r)"), "rate")
                yield button(_("Back (esc)"), "back")
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus(scroll_visible=False)  # the title stays in view

    def action_start(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        return action != "rate" or self.carried is not None

    def action_rate(self) -> None:
        self.dismiss("rate")

    @on(Button.Pressed, "#rate")
    def rate_pressed(self) -> None:
        self.action_rate()

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back()
