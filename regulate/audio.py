"""Sound cues. The player asks for a cue at a boundary; this module turns that into sound,
or into silence with one calm sentence when sound can't be had."""

from __future__ import annotations

from typing import Protocol

from regulate.model import Exercise, Sound


class CuePlayer(Protocol):
    notice: str | None  # one calm line to show when sound is unavailable

    def preload(self, exercise: Exercise) -> None: ...
    def cue(self, sound: Sound | None) -> None: ...
    def recording(self, sound: Sound | None) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop_recording(self) -> None: ...
    def stop_all(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...


class Silent:
    """No sound at all: sound is off, or could not be had (then `notice` says so)."""

    def __init__(self, notice: str | None = None) -> None:
        self.notice = notice
        self.played: list[Sound] = []  # what would have played, for tests and --plain

    def preload(self, exercise: Exercise) -> None:
        pass

    def cue(self, sound: Sound | None) -> None:
        pass

    def recording(self, sound: Sound | None) -> None:
        pass

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def stop_recording(self) -> None:
        pass

    def stop_all(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass


def make_player(enabled: bool, volume: int = 70) -> CuePlayer:
    """A player for this run: silent when sound is off."""
    if not enabled:
        return Silent()
    return Silent("Sound is not available yet in this version, so the exercise runs silently.")
