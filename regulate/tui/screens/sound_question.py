"""The first-run question: sound or not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from regulate.tui.screens.base import (
    COMMON,
    Base,
    button,
    footer,
    literal,
)

if TYPE_CHECKING:
    pass


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
