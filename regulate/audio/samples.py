"""Samples ready for the device: decoded, and scaled to the volume, once."""

from __future__ import annotations

import array
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulate.domain.model import BUNDLED_CUES, Breathe, Exercise, Sound
from regulate.system.paths import bundled


@dataclass(frozen=True)
class Buffer:
    """Samples ready for the device."""

    data: bytes
    channels: int
    width: int  # bytes per sample
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.data) / (self.channels * self.width * self.rate)


def _audioop() -> Any:
    """The standard library's C sample arithmetic, where this Python still has it (<= 3.12):
    about 60 times faster than the loop below, which matters for a long recording."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import audioop
        except ImportError:
            return None
    return audioop


_FAST = _audioop()


def scaled(data: bytes, width: int, volume: float) -> bytes:
    """Samples at a volume from 0 to 1 (applied to the samples, never to the device); each
    sample is within one step of the exact product."""
    volume = min(1.0, max(0.0, volume))
    if volume >= 1.0:
        return data
    if width == 1:  # unsigned 8-bit, centred on 128
        return bytes(round((b - 128) * volume) + 128 for b in data)
    if _FAST is not None:
        return bytes(_FAST.mul(data, width, volume))
    samples = array.array("h")
    samples.frombytes(data)
    if sys.byteorder == "big":
        samples.byteswap()
    out = array.array("h", [round(s * volume) for s in samples])
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def decode(path: Path, volume: float) -> Buffer:
    """A recording (WAV, FLAC, MP3, Ogg Vorbis) as a 16-bit buffer at the volume."""
    from regulate.audio.recordings import decode as decode_recording

    data, channels, rate = decode_recording(path)
    return Buffer(scaled(data, 2, volume), channels, 2, rate)


def decode_cue(path: Path, volume: float) -> Buffer:
    """One of the bundled cues (16-bit PCM WAV) as a buffer at the volume."""
    with wave.open(str(path), "rb") as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        data = w.readframes(w.getnframes())
    return Buffer(scaled(data, width, volume), channels, width, rate)


def sounds_to_preload(exercise: Exercise) -> set[Sound]:
    """Every cue an exercise can play, decoded before it starts (recordings are decoded as
    they play, never ahead): the bundled cues, the exercise's own and each step's."""
    wanted = {Sound(name) for name in BUNDLED_CUES}
    cues = exercise.cues
    wanted |= {s for s in (cues.start, cues.step, cues.breath, cues.end) if s is not None}
    for step in exercise.steps:
        if step.cue is not None:
            wanted.add(step.cue)
        if isinstance(step, Breathe) and exercise.cues.breath is not None:
            wanted.add(exercise.cues.breath)
    return wanted


def cue_path(name: str) -> Path:
    return bundled("sounds") / f"{name}.wav"
