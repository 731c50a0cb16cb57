"""Before -> after, and what comes next."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll

from regulate import phrases
from regulate.i18n import N_, _
from regulate.model import Exercise, Support
from regulate.tui.screens.base import (
    COMMON,
    Choices,
    button,
    footer,
    literal,
)

SummaryChoice = Literal["settle", "home"]


class Summary(Choices[SummaryChoice]):
    BINDINGS = [Binding("escape", "app.home", N_("Home")), *COMMON]

    def __init__(
        self,
        before: int | None,
        after: int | None,
        care: str | None,  # the words before the support text; None when none is offered
        settle: Exercise | None,
        support: Support,
    ) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self.care = care
        self.settle = settle
        self.support = phrases.support_words(support)

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(phrases.before_after(self.before, self.after)).add_class("title")
            if self.care is not None:
                yield literal(self.care)
                for line, own in phrases.support_lines(self.support, "worse_after"):
                    yield literal(line).add_class("support") if own else literal(line)
            else:
                yield literal(_("Thank you for taking this time."))
            with Horizontal(classes="buttons"):
                # each label names the key that does it: enter the focused first button
                if self.care is not None and self.settle is not None:
                    yield button(
                        _("{title} (enter)").format(title=self.settle.title), "settle", "primary"
                    )
                    yield button(_("Home (esc)"), "home")
                else:
                    yield button(_("Home (enter)"), "home")
        yield footer()
