"""Files the tests make, where the repository is, and how many cases a property test tries."""

from __future__ import annotations

import math
import os
import struct
import wave
from pathlib import Path

from hypothesis import settings

from regulate.loader import Loaded

REPO = Path(__file__).resolve().parent.parent.parent


def make_wav(path: Path, seconds: float = 0.2, rate: int = 22050, width: int = 2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(i / 10))) if width == 2 else b"\x80"
                for i in range(frames)
            )
        )
    return path


def lines(loaded: Loaded) -> list[str]:
    """Problems as the lines `regulate check` prints."""
    return [str(p) for p in loaded.problems]


def fuzz_examples(full: int) -> int:
    """How many cases a property test tries: `full` in the default run (CI's), a quarter of it
    with `--hypothesis-profile quick` (the quick set's command: the cases scale with the active
    profile's max_examples against Hypothesis's own 100), and ten times as many - or any multiple
    - on demand with REGULATE_FUZZ_SCALE=10."""
    scale = max(1, int(os.environ.get("REGULATE_FUZZ_SCALE", "1") or 1))
    share = settings().max_examples / settings.get_profile("default").max_examples
    return max(1, round(full * scale * share))
