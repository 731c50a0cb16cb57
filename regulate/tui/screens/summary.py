"""Before -> after, and what comes next."""

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

SummaryButton = Literal["settle", "home"]


class SummaryScreen(Choices[SummaryButton]):
    BINDINGS = [
        Binding("escape", "home", N_("Home")),
        # when the note comes next, esc goes on to it (the session's own way on)
        Binding("escape", "go_on", N_("Go on")),
        *COMMON,
    ]

    def __init__(
        self,
        before: int | None,
        after: int | None,
        care: str | None,  # the words for what happened; None when none are said
        settle: Exercise | None,
        support: Support,
        moment: phrases.SupportMoment | None = None,  # the support shown, if any
        note_next: bool = False,
    ) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self.care = care
        self.settle = settle
        self.support = phrases.support_words(support)
        self.moment = moment
        self.note_next = note_next

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(phrases.before_after(self.before, self.after)).add_class("title")
            if self.care is not None:
                yield literal(self.care)
            else:
                yield literal(_("Thank you for taking this time."))
            if self.moment is not None:
                for line, own in phrases.support_lines(self.support, self.moment):
                    yield literal(line).add_class("support") if own else literal(line)
            with Horizontal(classes="buttons"):
                # each label names the key that does it: enter the focused first button
                if self.settle is not None:
                    yield button(
                        _("{title} (enter)").format(title=self.settle.title), "settle", "primary"
                    )
                    way_on = _("Go on (esc)") if self.note_next else _("Home (esc)")
                    yield button(way_on, "home")
                else:
                    way_on = _("Go on (enter)") if self.note_next else _("Home (enter)")
                    yield button(way_on, "home")
        yield from self.compose_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "go_on":
            return self.note_next
        if action == "home":
            return not self.note_next
        return True

    def action_home(self) -> None:
        self.dismiss("home")  # the session's own way home, as the Home button's

    def action_go_on(self) -> None:
        self.dismiss("home")
