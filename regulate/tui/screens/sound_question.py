"""The first-run question: sound or not."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from regulate.i18n import N_, _
from regulate.tui.screens.base import (
    Base,
    button,
    literal,
)


class SoundQuestion(Base[bool | None]):
    """y or n is an answer, kept; esc ("Not now") is none: no sound this time, and the
    question is asked again next start."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes, sounds")),
        Binding("n", "answer(False)", N_("No sound")),
        # esc leaves the question unanswered: silent for now (m is this very question, so it
        # is not offered separately here)
        Binding("escape", "not_now", N_("Not now")),
        Binding("s", "app.support", N_("Support")),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield Static(_("Welcome to regulate"), classes="title", markup=False)
            yield literal(
                _(
                    "Would you like gentle sound cues? They mark the start of each step and each "
                    "breath, so you can follow with your eyes closed or resting on one spot. A "
                    "pack from your therapist may also hold a recording of their voice, which "
                    "plays with sound on."
                )
                + "\n\n"
                + _("You can change this at any time with the m key.")
            )
            with Horizontal(classes="buttons"):
                yield button(_("Yes, gentle sounds (y)"), "yes", "primary")
                yield button(_("No sound (n)"), "no")
        yield from self.compose_keys()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_not_now(self) -> None:
        self.dismiss(None)  # its own action, so the footer shows it beside n

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
