"""A player for tests: it keeps what a front end asked the sound to do."""

from __future__ import annotations

from regulate.domain.model import Exercise, Sound


class LoggingPlayer:
    """Records what a front end asked the sound to do, in order."""

    notice: str | None = None

    def __init__(self) -> None:
        self.log: list[tuple[str, str, float]] = []

    def preload(self, exercise: Exercise) -> None:
        pass

    def cue(self, sound: Sound | None, due: float | None = None) -> None:
        if sound is not None:
            self.log.append(("cue", sound.name or str(sound.path), 0.0))

    def recording(self, sound: Sound | None, offset: float = 0.0) -> None:
        if sound is not None and sound.path is not None:
            self.log.append(("recording", sound.path.name, round(offset, 6)))

    def stop_recording(self) -> None:
        self.log.append(("stop_recording", "", 0.0))

    def stop_all(self) -> None:
        self.log.append(("stop_all", "", 0.0))

    def set_muted(self, muted: bool) -> None:
        pass

    def sounds(self) -> list[tuple[str, str, float]]:
        """What could be heard: cues and recordings started, in order."""
        return [entry for entry in self.log if entry[0] in ("cue", "recording")]
