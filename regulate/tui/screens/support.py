"""The support text: the exercise waits while it is open."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll

from regulate import phrases
from regulate.i18n import N_, _
from regulate.loader import wording
from regulate.model import DEFAULT_SUPPORT, Exercise, Support
from regulate.tui.screens.base import (
    COMMON,
    Choices,
    button,
    footer,
    literal,
)

SupportReason = phrases.SupportMoment


SupportChoice = Literal["continue", "settle", "stop", "close"]


class SupportScreen(Choices[SupportChoice]):
    BINDINGS = [
        # esc closes the support text; after a low rating, before anything started, it stops
        Binding("escape", "close", N_("Close")),
        Binding("escape", "stop_here", N_("Stop here")),
        *COMMON,
    ]

    def __init__(
        self, support: Support, reason: SupportReason, settle: Exercise | None = None
    ) -> None:
        super().__init__()
        self.support = phrases.support_words(support)
        self.reason = reason
        self.settle = settle

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            if self.reason == "worse_after":
                yield literal(_(phrases.WORSE))
            for line, own in phrases.support_lines(self.support, self.reason):
                yield literal(line).add_class("support") if own else literal(line)
            if self.reason != "asked" and not wording.names_emergency(self.support):
                yield literal(_(DEFAULT_SUPPORT.text)).add_class("hint")
            with Horizontal(classes="buttons"):
                if self.reason == "low_before":
                    yield button(_("Continue (enter)"), "continue", "primary")
                if self.settle is not None and self.reason != "asked":
                    yield button(self.settle.title, "settle")
                if self.reason == "low_before":
                    yield button(_("Stop (esc)"), "stop")
                else:
                    yield button(_("Close (esc)"), "close")
        yield footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "close":
            return self.reason != "low_before"
        if action == "stop_here":
            return self.reason == "low_before"
        return True

    def action_stop_here(self) -> None:
        self.dismiss("stop")

    def action_close(self) -> None:
        self.dismiss("stop" if self.reason == "low_before" else "close")

    def action_app_support(self) -> None:  # already here
        pass
