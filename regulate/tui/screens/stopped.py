"""After a stop: neutral and caring - a look around the room first, the pack's words for this
moment and its support text, the settle exercise offered first, an optional rating."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll

from regulate.domain import phrases
from regulate.domain.model import Exercise, Support
from regulate.i18n import N_, _
from regulate.tui.screens.base import (
    COMMON,
    Choices,
    button,
    literal,
)

StoppedChoice = Literal["settle", "rate", "home"]


class Stopped(Choices[StoppedChoice]):
    BINDINGS = [
        Binding("escape", "app.home", N_("Home")),
        Binding("r", "rate", N_("Rate how you feel")),
        *COMMON,
    ]

    def __init__(
        self, can_rate: bool, support: Support | None = None, settle: Exercise | None = None
    ) -> None:
        super().__init__()
        self.can_rate = can_rate
        self.support = support
        self.settle = settle

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(_(phrases.STOPPED)).add_class("title")
            yield literal(_(phrases.STOPPED_ORIENT))
            if self.support is not None:
                for line, own in phrases.support_lines(self.support, "stopped"):
                    yield literal(line).add_class("support") if own else literal(line)
            if self.can_rate:
                yield literal(_("If you like, you can say how calm you feel now.")).add_class(
                    "hint"
                )
            with Horizontal(classes="buttons"):
                # the settle exercise first (Enter), then the rating, then home
                if self.settle is not None:
                    yield button(
                        _("{title} (enter)").format(title=self.settle.title), "settle", "primary"
                    )
                if self.can_rate:
                    if self.settle is not None:
                        yield button(_("Rate how I feel (r)"), "rate")
                    else:
                        yield button(_("Rate how I feel (enter)"), "rate", "primary")
                yield button(_("Home (esc)"), "home")
        yield from self.compose_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        return action != "rate" or self.can_rate

    def action_rate(self) -> None:
        if self.can_rate:
            self.dismiss("rate")
