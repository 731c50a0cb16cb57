"""The screens, one file each. Thin: they show what the practice core and the domain say and
pass keys on. Every text from a pack is shown with markup off, exactly as written."""

from typing import TYPE_CHECKING

from regulate.tui.lazy import lazy_names
from regulate.tui.screens.base import (
    COMMON,
    TOO_SMALL,
    Base,
    Choices,
    button,
    footer,
    literal,
)
from regulate.tui.screens.home import Home

if TYPE_CHECKING:
    from regulate.tui.screens.exercise import ExerciseScreen
    from regulate.tui.screens.history import HistoryScreen
    from regulate.tui.screens.note import Note
    from regulate.tui.screens.preview import PreviewScreen
    from regulate.tui.screens.rating import Rating
    from regulate.tui.screens.sound_question import SoundQuestion
    from regulate.tui.screens.stopped import Stopped
    from regulate.tui.screens.summary import SummaryScreen
    from regulate.tui.screens.support import SupportScreen

# Only the first screen is imported at start-up; the rest when first asked for (PEP 562),
# so the home screen is drawn sooner. The sound question is asked once, on the first start.
_LATER = {
    "HistoryScreen": "history",
    "Note": "note",
    "ExerciseScreen": "exercise",
    "PreviewScreen": "preview",
    "Rating": "rating",
    "SoundQuestion": "sound_question",
    "Stopped": "stopped",
    "SummaryScreen": "summary",
    "SupportScreen": "support",
}


__getattr__ = lazy_names(__name__, _LATER)


__all__ = [
    "COMMON",
    "TOO_SMALL",
    "Base",
    "Choices",
    "ExerciseScreen",
    "HistoryScreen",
    "Home",
    "Note",
    "PreviewScreen",
    "Rating",
    "SoundQuestion",
    "Stopped",
    "SummaryScreen",
    "SupportScreen",
    "button",
    "footer",
    "literal",
]
