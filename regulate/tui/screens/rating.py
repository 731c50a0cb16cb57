"""The calm rating, before and after."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button

from regulate.core.session import BACK, Back
from regulate.domain import phrases
from regulate.domain.model import RatingScale
from regulate.i18n import N_, _
from regulate.tui.screens.base import (
    COMMON,
    Base,
    button,
    literal,
)
from regulate.tui.widgets import RatingRow

NOTHING_CHOSEN = N_(
    "No number is chosen yet: type one from 0 to 10, or use the arrows, then press Enter. n skips."
)


class Rating(Base[int | Back | None]):
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("n", "skip", N_("Skip")),
        *COMMON,
    ]

    def __init__(
        self,
        scale: RatingScale,
        when: Literal["before", "after"],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.scale = scale
        self.when = when
        self.clock = clock  # the row's: '1' then '0' soon after is ten

    def compose(self) -> ComposeResult:
        s = phrases.scale_words(self.scale)
        yield from self.compose_too_small()
        with VerticalScroll(classes="page"):
            yield literal(s.question).add_class("title")
            yield literal(
                _("Before the exercise.") if self.when == "before" else _("After the exercise.")
            ).add_class("hint")
            yield RatingRow(self.clock, id="row")
            # each anchor's number in a column of its own, its words wrapping beside it (never
            # under the number)
            for number, words in ((0, s.low), (5, s.mid), (10, s.high)):
                if words:
                    with Horizontal(classes="anchor"):
                        yield literal(str(number)).add_class("anchor-number")
                        yield literal(words).add_class("anchor-words")
            yield literal(
                _("Choose with the numbers or the arrows, then press Enter. Skipping is fine.")
            ).add_class("hint")
            with Horizontal(classes="buttons"):
                yield button(_("Skip (n)"), "skip")
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query_one(RatingRow).focus()

    @on(RatingRow.Chosen)
    def chosen(self, event: RatingRow.Chosen) -> None:
        self.dismiss(event.value)

    @on(RatingRow.NothingChosen)
    def nothing_chosen(self) -> None:
        self.notify(_(NOTHING_CHOSEN), timeout=6, markup=False)

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_back(self) -> None:
        """esc: before an exercise, back to its preview; after one, home. Never on."""
        self.dismiss(BACK)

    @on(Button.Pressed, "#skip")
    def skip_pressed(self) -> None:
        self.dismiss(None)
