"""After a stop: neutral, with the way on."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from regulate import phrases
from regulate.i18n import N_, _
from regulate.tui.screens.base import (
    COMMON,
    Choices,
    button,
    footer,
    literal,
)

StoppedChoice = Literal["rate", "home"]


class Stopped(Choices[StoppedChoice]):
    BINDINGS = [
        Binding("escape", "app.home", N_("Home")),
        Binding("enter", "rate", N_("Rate how you feel")),
        *COMMON,
    ]

    def __init__(self, can_rate: bool) -> None:
        super().__init__()
        self.can_rate = can_rate

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield literal(_(phrases.STOPPED)).add_class("title")
            if self.can_rate:
                yield literal(_("If you like, you can say how calm you feel now."))
            with Horizontal(classes="buttons"):
                if self.can_rate:
                    yield button(_("Rate how I feel (enter)"), "rate", "primary")
                yield button(_("Home (esc)"), "home")
        yield footer()

    def action_rate(self) -> None:
        if self.can_rate:
            self.dismiss("rate")
