"""The seam between the full-screen app and its session driver: what the driver (driver.py)
reads from the app and what it tells it, and nothing more. `RegulateApp` implements it (mypy
checks that where the app makes its driver); the driver never imports the app. The screens it
shows go on a Textual app through Textual's own public API, as any Textual code's would."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from regulate.audio.silence import CuePlayer
    from regulate.domain.model import Exercise, Pack
    from regulate.history import Place


class FrontEnd(Protocol):
    """What a session on the app's screens needs of the app."""

    # ------------------------------------------------ what the driver reads

    @property
    def clock(self) -> Callable[[], float]:
        """The monotonic clock every practice keeps time by (tests give a fake one)."""
        ...

    @property
    def speed(self) -> float:
        """How fast exercises run (1.0; faster to try a pack out)."""
        ...

    @property
    def cues(self) -> CuePlayer:
        """The sound cues as they are now (silent until sound is set up, or when off)."""
        ...

    @property
    def sound_heard(self) -> bool:
        """Whether sound can be heard now (on, and a device to play it)."""
        ...

    @property
    def reduced_motion(self) -> bool:
        """Nothing moves: the breathing guide is words."""
        ...

    @property
    def guide_shape(self) -> bool:
        """The breathing guide as the round shape (else the one-line bar), as last chosen."""
        ...

    @property
    def starter(self) -> Pack | None:
        """The starter pack: its support text and settle exercise stand in for a pack's own."""
        ...

    @property
    def told(self) -> set[str]:
        """The sound notices said this run (the driver adds those it says)."""
        ...

    @property
    def told_playing(self) -> set[str]:
        """...and those said in an exercise, once a run."""
        ...

    def place_for_sessions(self) -> Place | None:
        """Where every session is written, found the first time it is asked."""
        ...

    # ------------------------------------------------ what the driver tells

    def speak_for(self, pack: Pack | None, exercise: Exercise | None = None) -> bool:
        """Speak the pack's (or exercise's) language while it is in use, else the person's;
        True when the language changed."""
        ...

    def sessions_changed(self) -> None:
        """A session has reached the history: what shows the history reads it again."""
        ...
