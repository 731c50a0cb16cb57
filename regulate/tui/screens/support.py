"""The support text: the exercise waits while it is open."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll

from regulate import phrases
from regulate.model import Exercise, Support
from regulate.tui.screens.base import (
    COMMON,
    Choices,
    button,
    footer,
    literal,
)

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
