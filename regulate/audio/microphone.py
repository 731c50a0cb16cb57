"""Recording a step from the microphone through miniaudio (the library regulate plays with):
mono, at the voice's rate, with its level read as it comes in for a meter."""

from __future__ import annotations

import array
import contextlib
import math
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regulate.i18n import N_

RATE = 22050  # the voice's rate (audio/voice.py): nothing is resampled
NO_MICROPHONE = N_(
    "No microphone could be opened, so nothing was recorded. You could record on your phone "
    "instead and put it in with: regulate voice add {pack} {exercise} {step} FILE"
)


class NoMicrophone(Exception):
    pass


@dataclass(frozen=True)
class Take:
    samples: bytes  # 16-bit mono at RATE
    seconds: float
    peak: float  # 0..1 of full scale


def level_of(chunk: bytes) -> float:
    """The loudest sample of a piece of 16-bit sound, 0..1."""
    samples = array.array("h", chunk[: len(chunk) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return max((abs(s) for s in samples), default=0) / 32768


def meter(level: float, width: int = 30) -> str:
    """A level as a bar of `width` cells, on a decibel scale from -60 dB to full scale."""
    db = 20 * math.log10(level) if level > 0 else -60.0
    filled = max(0, min(width, round((db + 60) / 60 * width)))
    return "#" * filled + "." * (width - filled)


def _device() -> Any:
    """A capture device, not yet started; NoMicrophone when there is none to open."""
    from regulate.audio.notices import quiet_alsa

    quiet_alsa()  # ALSA's own complaints never reach the terminal
    try:
        import miniaudio

        return miniaudio.CaptureDevice(
            input_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE,
            buffersize_msec=50, app_name="regulate",
            backends=[b for b in miniaudio.Backend if b.name not in ("NULL", "CUSTOM")],
        )  # fmt: skip
    except Exception as exc:
        raise NoMicrophone from exc


def probe() -> None:
    """NoMicrophone now, before any count-in, when no microphone can be opened."""
    device = _device()
    with contextlib.suppress(Exception):
        device.close()


def record(
    most_seconds: float,
    finished: Callable[[], bool],
    on_level: Callable[[float], None] | None = None,
    on_open: Callable[[], None] | None = None,
) -> Take:
    """Record until `finished()` says so (asked every 20 ms) or `most_seconds` of sound
    have come in."""
    device = _device()
    pieces: list[bytes] = []
    wanted = int(most_seconds * RATE) * 2
    got = [0]
    full = threading.Event()

    def collect() -> Any:
        while True:
            data = yield
            chunk = bytes(data)
            if sys.byteorder == "big":
                swapped = array.array("h", chunk)
                swapped.byteswap()
                chunk = swapped.tobytes()
            if got[0] < wanted:
                chunk = chunk[: wanted - got[0]]
                pieces.append(chunk)
                got[0] += len(chunk)
                if on_level is not None:
                    on_level(level_of(chunk))
            if got[0] >= wanted:
                full.set()

    collector = collect()
    next(collector)
    try:
        device.start(collector)
    except Exception as exc:
        with contextlib.suppress(Exception):
            device.close()
        raise NoMicrophone from exc
    if on_open is not None:
        on_open()
    try:
        while not (finished() or full.is_set()):
            time.sleep(0.02)
    finally:
        from regulate.audio.mixer import _close  # at most half a second: a stalled device

        _close(device)
    data = b"".join(pieces)
    return Take(data, len(data) / 2 / RATE, level_of(data))
