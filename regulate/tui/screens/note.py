"""A short note for yourself, after the rating."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from regulate.tui.screens.base import (
    COMMON,
    Base,
    footer,
    literal,
)


class Note(Base):
    BINDINGS = [Binding("escape", "skip", "Skip the note"), *COMMON]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield literal("A short note for yourself, if you like.").add_class("title")
            yield literal("It stays on this computer. Press Enter when done, or esc to skip.")
            note = Input(placeholder="(optional)", max_length=1000, id="note")
            note.cursor_blink = False  # nothing blinks
            yield note
        yield footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_skip(self) -> None:
        self.dismiss(None)
