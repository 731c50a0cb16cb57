"""What every player can do, and the player that makes no sound: all a screen needs before
sound is set up, so the first screen imports nothing that decodes or plays."""

from __future__ import annotations

from typing import Protocol

from regulate.domain.model import Exercise, Sound
from regulate.i18n import _


class CuePlayer(Protocol):
    notice: str | None  # one calm line to show when sound is unavailable

    def preload(self, exercise: Exercise) -> None: ...
    def cue(self, sound: Sound | None, due: float | None = None) -> None: ...
    def recording(self, sound: Sound | None, offset: float = 0.0) -> None: ...
    def stop_recording(self) -> None: ...
    def stop_all(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...


class Silent:
    """No sound at all: sound is off, or could not be had (then `notice` says so)."""

    def __init__(self, notice: str | None = None) -> None:
        # in the language spoken when sound was set up (the constants stay English)
        self.notice = _(notice) if notice else notice

    def preload(self, exercise: Exercise) -> None:
        pass

    def cue(self, sound: Sound | None, due: float | None = None) -> None:
        pass

    def recording(self, sound: Sound | None, offset: float = 0.0) -> None:
        pass

    def stop_recording(self) -> None:
        pass

    def stop_all(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass
