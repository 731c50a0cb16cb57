"""The support text: the exercise waits while it is open."""

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

SupportReason = phrases.SupportMoment


SupportButton = Literal["continue", "settle", "stop", "close"]


class SupportScreen(Choices[SupportButton]):
    BINDINGS = [
        # esc closes the support text; after a low rating, before anything started, it stops
        Binding("escape", "close", N_("Close")),
        Binding("escape", "stop_here", N_("Stop here")),
        # with the settle exercise first, continuing is a choice of its own
        Binding("c", "continue", N_("Continue")),
        # sound, but not support: it is open already (the footer offers only what acts)
        *(b for b in COMMON if b.action != "app.support"),
    ]

    def __init__(
        self,
        support: Support,
        reason: SupportReason,
        settle: Exercise | None = None,
        settle_first: bool = False,
    ) -> None:
        super().__init__()
        self.support = phrases.support_words(support)
        self.reason = reason
        self.settle = settle
        self.settle_first = settle_first and settle is not None and reason == "low_before"

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            for line, own in phrases.support_lines(self.support, self.reason):
                yield literal(line).add_class("support") if own else literal(line)
            with Horizontal(classes="buttons"):
                if self.settle_first:
                    assert self.settle is not None
                    title = _("{title} (enter)").format(title=self.settle.title)
                    yield button(title, "settle", "primary")
                    yield button(_("Continue this exercise (c)"), "continue")
                else:
                    if self.reason == "low_before":
                        yield button(_("Continue (enter)"), "continue", "primary")
                    if self.settle is not None and self.reason != "asked":
                        yield button(self.settle.title, "settle")
                if self.reason == "low_before":
                    yield button(_("Stop (esc)"), "stop")
                else:
                    yield button(_("Close (esc)"), "close")
        yield from self.compose_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "close":
            return self.reason != "low_before"
        if action == "stop_here":
            return self.reason == "low_before"
        if action == "continue":
            return self.settle_first
        return True

    def action_continue(self) -> None:
        self.dismiss("continue")

    def action_stop_here(self) -> None:
        self.dismiss("stop")

    def action_close(self) -> None:
        self.dismiss("stop" if self.reason == "low_before" else "close")
