"""Cue latency: from a phase boundary (as scheduled) to its cue's sound being handed to the
audio device, through ALSA's file plugin (no sound card needed), for each sound library. The
runner behaves like the app: a frame every 1/11 s and a timer of its own for a boundary nearer
than the next frame.

simpleaudio: until its buffer is given to simpleaudio's playback call. miniaudio: until the
device's callback takes the cue into the sound it hands over (the device asks every 20 ms, so
this includes the wait for the next request)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sound_harness import RealtimeEar

RUNNER = """
import json, time
from pathlib import Path
from regulate.audio import make_player
from regulate.loader import load_exercise
exercise = load_exercise(Path({exercise!r})).value
player = make_player(True, volume=70)
assert player.notice is None, player.notice
assert type(player).__name__.lower() == {library!r}, type(player)
player.preload(exercise)
from regulate.core.practice import Practice
# the same core the app and plain mode use: it dispatches each boundary's cue to the player
practice = Practice(exercise, None, store=None, player=player)
practice.begin(None)
while not practice.over:
    wait = practice.seconds_to_next_boundary()
    time.sleep(min(1 / 11, wait if wait is not None else 1 / 11))
    practice.update()
print(json.dumps(player.latencies))
"""


def measure(seconds: float = 60.0, library: str = "miniaudio") -> dict[str, float]:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        # heard at real-time pace: a device that asks for sound as a sound card does (a plain
        # file takes it as fast as it comes, which would flatter miniaudio's figure)
        ear = RealtimeEar(Path(tmp) / "home")
        home = ear.home
        cycles = max(1, round(seconds / 5))
        exercise = home / "cues.yaml"
        exercise.write_text(
            "title: Cues\nkind: breathing\n"
            "cues: {start: bell, step: chime, breath: soft, end: bell}\n"
            f"steps:\n  - breathe: {{inhale: 2, exhale: 3, cycles: {cycles}}}\n"
        )
        code = textwrap.dedent(RUNNER.format(exercise=str(exercise), library=library))
        with ear:
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    env={**os.environ, "HOME": str(home),
                                         "REGULATE_SOUND_LIBRARY": library},
                                    check=True)  # fmt: skip
    latencies = [1000 * x for x in json.loads(result.stdout)]
    return {
        "cue_latency_ms": statistics.median(latencies),
        "cue_latency_max_ms": max(latencies),
        "cues": float(len(latencies)),
    }


if __name__ == "__main__":
    for library in ("miniaudio", "simpleaudio"):
        seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
        for key, value in measure(seconds, library).items():
            print(f"{library} {key}: {value:.2f}")
