"""Cue latency: from a phase boundary (as scheduled) to its cue's buffer being handed to the
audio device, through ALSA's file plugin (no sound card needed). The runner behaves like the
app: a frame every 1/11 s and a timer of its own for a boundary nearer than the next frame."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sound_harness import capture_sound

RUNNER = """
import json, time
from pathlib import Path
from regulate.audio import make_player
from regulate.loader import load_exercise
exercise = load_exercise(Path({exercise!r})).value
player = make_player(True, volume=70)
assert player.notice is None, player.notice
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


def measure(seconds: float = 60.0) -> dict[str, float]:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        capture_sound(home, home / "captured.wav")
        cycles = max(1, round(seconds / 5))
        exercise = home / "cues.yaml"
        exercise.write_text(
            "title: Cues\nkind: breathing\n"
            "cues: {start: bell, step: chime, breath: soft, end: bell}\n"
            f"steps:\n  - breathe: {{inhale: 2, exhale: 3, cycles: {cycles}}}\n"
        )
        code = textwrap.dedent(RUNNER.format(exercise=str(exercise)))
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env={**os.environ, "HOME": str(home)}, check=True)  # fmt: skip
    latencies = [1000 * x for x in json.loads(result.stdout)]
    return {
        "cue_latency_ms": statistics.median(latencies),
        "cue_latency_max_ms": max(latencies),
        "cues": float(len(latencies)),
    }


if __name__ == "__main__":
    for key, value in measure(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0).items():
        print(f"{key}: {value:.2f}")
