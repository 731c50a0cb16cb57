"""A short note for yourself, after the rating."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from regulate.domain.phrases import NOTE_CUT, NOTE_LIMIT, cut_whole
from regulate.i18n import N_, _
from regulate.tui.screens.base import (
    Base,
    literal,
)


class NoteInput(Input):
    """The note's line: a paste longer than the room left is cut to fit, never dropped whole
    (Textual's Input would insert nothing), and never cut without a word."""

    told = False  # the note's length said once a note, not at every letter past it

    def _on_paste(self, event: events.Paste) -> None:
        room = (self.max_length or NOTE_LIMIT) - len(self.value)
        pasted = " ".join(event.text.splitlines())
        if room > 0:
            self.insert_text_at_cursor(cut_whole(pasted, room))
        if len(pasted) > max(room, 0):
            self.restricted()
        event.stop()

    def restricted(self) -> None:
        """A letter or a paste past the note's length: said in words (Textual rings the bell)."""
        if not self.told:
            self.told = True
            self.app.notify(_(NOTE_CUT).format(limit=NOTE_LIMIT), timeout=8, markup=False)


class Note(Base[str | None]):
    # letters typed here are the note's, so support and sound are not keys on this screen
    BINDINGS = [
        Binding("escape", "skip", N_("Skip the note")),
        # the screen's before the line's, so that the footer can say what Enter does
        Binding("enter", "save", N_("Keep the note"), priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page narrow"):
            yield literal(_("A short note for yourself, if you like.")).add_class("title")
            yield literal(_("It stays on this computer. Press Enter when done, or esc to skip."))
            note = NoteInput(placeholder=_("(optional)"), max_length=NOTE_LIMIT, id="note")
            note.cursor_blink = False  # nothing blinks
            yield note
        yield from self.compose_keys()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None)
