"""The screens, one file each. Thin: they show what the practice core and the domain say and
pass keys on. Every text from a pack is shown with markup off, exactly as written."""

from regulate.tui.screens.base import (
    BACK,
    COMMON,
    TOO_SMALL,
    Base,
    Choices,
    button,
    footer,
    literal,
)
from regulate.tui.screens.history import HistoryScreen
from regulate.tui.screens.home import Home
from regulate.tui.screens.note import Note
from regulate.tui.screens.player import Player
from regulate.tui.screens.preview import Preview
from regulate.tui.screens.rating import Rating
from regulate.tui.screens.sound_question import SoundQuestion
from regulate.tui.screens.stopped import Stopped
from regulate.tui.screens.summary import Summary
from regulate.tui.screens.support import SupportScreen

__all__ = [
    "BACK",
    "COMMON",
    "TOO_SMALL",
    "Base",
    "Choices",
    "HistoryScreen",
    "Home",
    "Note",
    "Player",
    "Preview",
    "Rating",
    "SoundQuestion",
    "Stopped",
    "Summary",
    "SupportScreen",
    "button",
    "footer",
    "literal",
]
