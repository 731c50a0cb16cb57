"""Synthesise the bundled cues (bell, chime, soft, inhale, exhale) as 16-bit mono WAV files.

Run `python sounds/make_cues.py` to write them beside this script. Everything is computed
from sine waves here, so the files carry no licence question and can be regenerated exactly.
Every cue starts with a slow raised-cosine attack (never a click) and all are scaled to the
same loudness (RMS), with peaks well below full scale, so that no cue is louder than another.
"""

from __future__ import annotations

import array
import math
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 44_100
TARGET_RMS = 0.08  # about -22 dBFS: gentle on laptop speakers and headphones alike
PEAK_LIMIT = 0.35  # about -9 dBFS
ATTACK = 0.04  # seconds of raised-cosine fade-in
RELEASE = 0.08  # seconds of fade-out at the very end


def _envelope(t: float, length: float, decay: float) -> float:
    attack = 0.5 - 0.5 * math.cos(math.pi * min(t / ATTACK, 1.0))
    tail = min((length - t) / RELEASE, 1.0)
    release = 0.5 - 0.5 * math.cos(math.pi * max(tail, 0.0))
    return attack * release * math.exp(-t / decay)


def _partials(freqs: list[tuple[float, float]], length: float, decay: float) -> list[float]:
    out = []
    for i in range(int(RATE * length)):
        t = i / RATE
        value = sum(amp * math.sin(2 * math.pi * f * t) for f, amp in freqs)
        out.append(value * _envelope(t, length, decay))
    return out


def _glide(start: float, end: float, length: float) -> list[float]:
    out, phase = [], 0.0
    for i in range(int(RATE * length)):
        t = i / RATE
        freq = start + (end - start) * (t / length)
        phase += 2 * math.pi * freq / RATE
        # a hump-shaped envelope: a breath swells and fades rather than decaying
        swell = math.sin(math.pi * t / length)
        out.append(math.sin(phase) * swell * _envelope(t, length, 10.0))
    return out


CUES: dict[str, Callable[[], list[float]]] = {
    "bell": lambda: _partials([(528, 1.0), (1056, 0.3), (1584, 0.12), (2112, 0.05)], 2.0, 0.6),
    "chime": lambda: _partials([(784, 1.0), (1176, 0.4), (1568, 0.15)], 1.2, 0.35),
    "soft": lambda: _partials([(440, 1.0), (880, 0.1)], 0.6, 0.25),
    "inhale": lambda: _glide(330, 440, 0.6),
    "exhale": lambda: _glide(440, 330, 0.6),
}


def _normalised(samples: list[float]) -> list[float]:
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    gain = TARGET_RMS / rms
    peak = max(abs(s) for s in samples) * gain
    if peak > PEAK_LIMIT:
        gain *= PEAK_LIMIT / peak
    return [s * gain for s in samples]


def write(name: str, folder: Path) -> Path:
    samples = _normalised(CUES[name]())
    data = array.array("h", (round(s * 32767) for s in samples))
    path = folder / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data.tobytes())
    return path


def main() -> None:
    here = Path(__file__).resolve().parent
    for name in CUES:
        print(write(name, here))


if __name__ == "__main__":
    main()
